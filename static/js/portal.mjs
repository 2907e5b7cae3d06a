// Starts GOV.UK Frontend's components (error summary focus, header menu, details...).
// Every page works without this file; it only enhances.
import { initAll } from "/static/govuk/govuk-frontend.min.js";

initAll();
