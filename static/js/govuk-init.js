// GOV.UK Frontend's "JavaScript is on" marker, kept in a file because the CSP forbids
// inline script. Loaded first in <body>, so styles switch before the page is painted.
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
