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

// A page waiting on background work (a report being built, results being worked out)
// marks the waiting part with data-poll="<seconds>" and data-poll-state. It asks for the
// page again every so often; when the state has changed it shows the new page's content
// in place and says so, so nobody has to keep pressing refresh. It gives up after 15
// minutes; the page still works by hand.
const waiting = document.querySelector("[data-poll]");
if (waiting) {
  const every = Math.max(3, Number(waiting.dataset.poll) || 10) * 1000;
  const state = waiting.dataset.pollState;
  const main = document.getElementById("main-content");
  const stopAt = Date.now() + 15 * 60 * 1000;
  const check = async () => {
    if (Date.now() > stopAt) return;
    try {
      const response = await fetch(window.location.href, { credentials: "same-origin" });
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const now = page.querySelector("[data-poll]");
      if (response.ok && (!now || now.dataset.pollState !== state)) {
        const fresh = page.getElementById("main-content");
        if (fresh && main) {
          main.innerHTML = fresh.innerHTML;
          const said = document.createElement("p");
          said.className = "govuk-visually-hidden";
          said.setAttribute("role", "status");
          main.prepend(said);
          setTimeout(() => { said.textContent = "This page has been updated."; }, 100);
          markScrollingTables();
          return;
        }
      }
    } catch {
      // Offline for a moment: try again next time.
    }
    setTimeout(check, every);
  };
  setTimeout(check, every);
}
