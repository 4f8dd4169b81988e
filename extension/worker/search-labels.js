// Offer labels on search results pages. Both functions run as copies in the
// page's isolated world (chrome.scripting), so each is self-contained. The
// first hands the worker the result links; the worker's core decides which
// lead to partner stores; the second shows its labels as text in closed
// shadow roots. Nothing about the search leaves the browser.

/** The href of each result link (a heading's link), in page order. */
export function collectResultLinks() {
  const links = [...document.querySelectorAll("a[href]")].filter((a) =>
    a.querySelector("h3") || a.parentElement?.matches("h2, h3"));
  window.__shoptripResults = links.slice(0, 100);
  return window.__shoptripResults.map((a) => a.href);
}

/**
 * Shows `labels[i]` (text or null) beside the i-th collected result link,
 * in the build's colour, titled with its name; `prefix` says "Demo:" in the
 * demo, whose offers are samples.
 */
export function renderLabels(labels, { name, color, prefix }) {
  const links = window.__shoptripResults ?? [];
  labels.forEach((text, i) => {
    const link = links[i];
    if (!text || !link || link.parentElement?.querySelector(':scope > [data-shoptrip="label"]')) return;
    const host = document.createElement("span");
    host.setAttribute("data-shoptrip", "label");
    host.style.setProperty("all", "initial", "important");
    host.style.setProperty("display", "inline-block", "important");
    host.style.setProperty("margin-left", "8px", "important");
    const root = host.attachShadow({ mode: "closed" });
    const style = document.createElement("style");
    style.textContent = `span { display: inline-block; padding: 1px 8px; border-radius: 10px; background: ${color};
      color: #fff; font: 600 12px/1.6 system-ui, sans-serif; white-space: nowrap; vertical-align: middle; }`;
    const label = document.createElement("span");
    label.textContent = prefix ? `${prefix} ${text}` : text;
    label.title = `${name}: ${label.textContent}`;
    root.append(style, label);
    link.insertAdjacentElement("afterend", host);
  });
}
