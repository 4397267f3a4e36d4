// Start GOV.UK Frontend and MOJ Frontend components (no inline scripts: strict CSP).
import { initAll as initGovuk } from "../dist/js/govuk-frontend.min.js";
import { initAll as initMoj } from "../dist/js/moj-frontend.min.js";
import { initPickers } from "./picker.mjs";
import { initTables } from "./tables.mjs";

document.body.classList.add("govuk-frontend-supported");
initGovuk();
initMoj();
initPickers();
initTables();
// The list filter swaps #results in place: its new table needs the same care.
document.addEventListener("htmx:afterSettle", (event) => initTables(event.target));

// Confirm buttons: <button data-confirm="Are you sure?">.
document.addEventListener("click", (event) => {
  const target = event.target.closest("[data-confirm]");
  if (target && !window.confirm(target.dataset.confirm)) {
    event.preventDefault();
  }
});
