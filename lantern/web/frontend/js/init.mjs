// Starts GOV.UK Frontend and MoJ Frontend on every page.
//
// Loaded as an external module script (no inline script, so the
// Content-Security-Policy needs no 'unsafe-inline'): a browser that runs
// modules is one that GOV.UK Frontend supports, so this script, not an
// inline snippet, adds the classes that switch on the enhanced styles.
import { initAll as initGovuk } from "./govuk-frontend.min.js";
import { initAll as initMoj } from "./moj-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initGovuk();
initMoj();
