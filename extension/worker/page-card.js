// ShopTrip's cards in a store's page: the activation prompt, the
// confirmation after Shop Now, and the failed-tracking notice. `renderCard` runs as a copy in the
// page's isolated world (chrome.scripting.executeScript sends it as source),
// so it is self-contained; its text arrives as arguments and is set as text.
//
// A page cannot reach inside (closed shadow root), but it can paint over the
// card or fade it, and so turn a click on something else into a click on
// Shop Now (clickjacking). So the card's consequential buttons act only on
// what the shopper can see:
//   - a click counts only once the card has been fully visible and
//     unobscured for ARMED_MS, as IntersectionObserver v2 (`trackVisibility`)
//     reports it: it sees occlusion, opacity, filters and transforms;
//   - the card removes itself when the page touches its host's attributes
//     (style, class, hidden…), or covers, fades or moves it after it showed;
//   - where the browser cannot tell visibility (Firefox has no
//     IntersectionObserver v2) those buttons are not offered at all: the card
//     says to open ShopTrip's popup, which no page can reach.
// Every click must also be the shopper's own (`isTrusted`), and what it asks
// of the worker carries the one-time token issued for this tab.

export function renderCard({ kind, accent, mark, role, top, headline, lines, actions, fallback, closeLabel, token, removeAfterMs }) {
  const ARMED_MS = 500;
  document.querySelector(`[data-shoptrip="${kind}"]`)?.remove();
  const host = document.createElement("div");
  host.setAttribute("data-shoptrip", kind);
  for (const [property, value] of [
    ["all", "initial"], ["position", "fixed"], ["top", "16px"], ["right", "16px"],
    ["z-index", "2147483647"], ["display", "block"],
  ]) {
    host.style.setProperty(property, value, "important");
  }
  const root = host.attachShadow({ mode: "closed" });
  const style = document.createElement("style");
  style.textContent = `
    .box { box-sizing: border-box; display: flex; gap: 12px; align-items: flex-start;
      width: min(370px, calc(100vw - 32px)); padding: 14px 14px 16px 16px;
      background: #fff; color: #1d2327; border-radius: 12px; border-left: 6px solid ${accent};
      box-shadow: 0 6px 24px rgba(0, 0, 0, .22); font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; }
    .mark { flex: none; width: 28px; height: 28px; border-radius: 50%; background: ${accent}; color: #fff;
      display: grid; place-items: center; font-weight: 700; font-size: 16px; }
    .text { flex: 1; }
    .top { margin: 0 0 2px; color: #50575e; font-size: 12.5px; }
    .headline { margin: 0; font-weight: 700; font-size: 16px; color: ${accent}; }
    .line { margin: 4px 0 0; color: #50575e; font-size: 12.5px; }
    .actions { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin-top: 12px; }
    button { font: inherit; cursor: pointer; border-radius: 8px; }
    .primary { border: 0; background: #0b7a75; color: #fff; font-weight: 600; padding: 8px 16px; }
    .primary:hover { background: #075e5a; }
    .link { border: 0; background: none; color: #50575e; text-decoration: underline; padding: 4px; }
    .close { flex: none; border: 0; background: none; color: #50575e; font-size: 20px; line-height: 1; width: 28px; height: 28px; }
    button:focus-visible { outline: 2px solid #0b7a75; outline-offset: 2px; }
    @media (prefers-color-scheme: dark) {
      .box { background: #1f2428; color: #f0f0f1; }
      .top, .line, .link, .close { color: #c3c4c7; }
    }`;
  const box = document.createElement("div");
  box.className = "box";
  box.setAttribute("role", role);
  box.setAttribute("aria-label", headline);
  const paragraph = (className, content) => {
    const p = document.createElement("p");
    p.className = className;
    p.textContent = content;
    return p;
  };
  const text = document.createElement("div");
  text.className = "text";
  if (top) text.append(paragraph("top", top));
  text.append(paragraph("headline", headline));
  for (const line of lines) text.append(paragraph("line", line));

  const canTell = typeof IntersectionObserverEntry !== "undefined" &&
    "isVisible" in IntersectionObserverEntry.prototype;
  const row = document.createElement("div");
  row.className = "actions";
  for (const { text: label, action, primary, guarded } of actions) {
    if (guarded && !canTell) continue;
    const b = document.createElement("button");
    b.type = "button";
    b.className = primary ? "primary" : "link";
    b.textContent = label;
    b.addEventListener("click", (event) => act(event, action, guarded));
    row.append(b);
  }
  if (!canTell && actions.some((a) => a.guarded)) text.append(paragraph("line", fallback));
  if (row.childElementCount) text.append(row);
  const close = document.createElement("button");
  close.type = "button";
  close.className = "close";
  close.textContent = "×";
  close.setAttribute("aria-label", closeLabel);
  close.addEventListener("click", (event) => act(event, "dismiss", false));
  if (mark) {
    const m = document.createElement("div");
    m.className = "mark";
    m.setAttribute("aria-hidden", "true");
    m.textContent = mark;
    box.append(m);
  }
  box.append(text, close);
  root.append(style, box);

  let visibleSince = null;
  let gone = false;
  const watchers = [];
  function remove() {
    gone = true;
    for (const w of watchers) w.disconnect();
    host.remove();
  }
  if (canTell) {
    const seen = new IntersectionObserver((entries) => {
      const entry = entries[entries.length - 1];
      if (entry.isVisible && entry.intersectionRatio >= 0.99) visibleSince ??= performance.now();
      // Covered, faded or moved after the shopper could see it: gone.
      else if (visibleSince !== null) remove();
    }, { threshold: [0, 1], trackVisibility: true, delay: 100 });
    seen.observe(box);
    watchers.push(seen);
  }
  document.documentElement.append(host);
  // Set up before the page can see the host; any change after is the page's.
  const touched = new MutationObserver(remove);
  touched.observe(host, { attributes: true });
  watchers.push(touched);

  function act(event, action, guarded) {
    // A page script's synthetic click is not the shopper's.
    if (!event.isTrusted || gone) return;
    // Nor is a click on a card that has not been plainly visible for a moment.
    if (guarded && (visibleSince === null || performance.now() - visibleSince < ARMED_MS)) return;
    remove();
    if (token) chrome.runtime.sendMessage({ type: "prompt-action", action, token }).catch(() => {});
  }
  if (removeAfterMs) setTimeout(remove, removeAfterMs);
}
