// Builds InfoGov's front-end assets into src/infogov/core/static/dist/ (not committed).
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import * as sass from "sass";

const out = "src/infogov/core/static/dist";
mkdirSync(`${out}/js`, { recursive: true });
mkdirSync(`${out}/govuk`, { recursive: true });

const result = sass.compile("assets/scss/infogov.scss", {
  loadPaths: ["."],
  style: "compressed",
  quietDeps: true,
  logger: sass.Logger.silent,
});
writeFileSync(`${out}/infogov.css`, result.css);

cpSync("node_modules/govuk-frontend/dist/govuk/assets", `${out}/govuk/assets`, { recursive: true });
cpSync("node_modules/@ministryofjustice/frontend/moj/assets", `${out}/govuk/assets`, { recursive: true });
cpSync("node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js", `${out}/js/govuk-frontend.min.js`);
cpSync("node_modules/@ministryofjustice/frontend/moj/moj-frontend.min.js", `${out}/js/moj-frontend.min.js`);
cpSync("node_modules/htmx.org/dist/htmx.min.js", `${out}/js/htmx.min.js`);
console.log(`built ${out}`);
