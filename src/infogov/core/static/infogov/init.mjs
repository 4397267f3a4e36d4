// Start GOV.UK Frontend and MOJ Frontend components (no inline scripts: strict CSP).
import { initAll as initGovuk } from "../dist/js/govuk-frontend.min.js";
import { initAll as initMoj } from "../dist/js/moj-frontend.min.js";

document.body.classList.add("govuk-frontend-supported");
initGovuk();
initMoj();

// Confirm buttons: <button data-confirm="Are you sure?">.
document.addEventListener("click", (event) => {
  const target = event.target.closest("[data-confirm]");
  if (target && !window.confirm(target.dataset.confirm)) {
    event.preventDefault();
  }
});
