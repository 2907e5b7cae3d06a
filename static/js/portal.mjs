// Starts GOV.UK Frontend's components (error summary focus, header menu, details...).
// Every page works without this file; it only enhances.
import { initAll } from "/static/govuk/govuk-frontend.min.js";

initAll();

// A table box that scrolls sideways says so, and takes keyboard focus so that arrow keys
// scroll it; one that fits does neither (no needless tab stop).
function markScrollingTables() {
  for (const box of document.querySelectorAll(".portal-scroll")) {
    const scrolls = box.scrollWidth > box.clientWidth + 1;
    const hint = box.previousElementSibling?.classList.contains("portal-scroll__hint")
      ? box.previousElementSibling
      : null;
    if (scrolls) {
      box.setAttribute("tabindex", "0");
      if (!hint) {
        const line = document.createElement("p");
        line.className = "govuk-hint govuk-body-s portal-scroll__hint";
        line.textContent = "Scroll sideways to see all of this table.";
        box.before(line);
      }
    } else {
      if (!box.dataset.alwaysFocusable) box.removeAttribute("tabindex");
      hint?.remove();
    }
  }
}

markScrollingTables();
let resizing;
window.addEventListener("resize", () => {
  clearTimeout(resizing);
  resizing = setTimeout(markScrollingTables, 150);
});

// "Copy" buttons (hidden until this runs, since they need it) copy the text of the element
// they name, and say so.
for (const button of document.querySelectorAll("button[data-copy]")) {
  const source = document.getElementById(button.dataset.copy);
  if (!source || !navigator.clipboard) continue;
  const status = document.createElement("span");
  status.className = "govuk-visually-hidden";
  status.setAttribute("aria-live", "polite");
  button.after(status);
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(source.textContent.trim());
      button.textContent = "Copied";
      status.textContent = "The address is copied.";
    } catch {
      status.textContent = "Copying did not work: select the address and copy it.";
    }
  });
}
