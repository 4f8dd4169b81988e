// The in-page confirmation after Shop Now. `renderConfirmation` is handed to
// chrome.scripting.executeScript, which runs a copy of it in the page's
// isolated world: it must be self-contained. The text arrives as arguments
// and is set as text, never parsed as HTML. The closed shadow root keeps the
// page's CSS and scripts out, and ours in.

export function renderConfirmation({ headline, note, closeLabel }) {
  document.querySelector('[data-shoptrip="confirmation"]')?.remove();
  const host = document.createElement("div");
  host.setAttribute("data-shoptrip", "confirmation");
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
      width: min(360px, calc(100vw - 32px)); padding: 14px 14px 14px 16px;
      background: #fff; color: #1d2327; border-radius: 12px; border-left: 6px solid #0b7a75;
      box-shadow: 0 6px 24px rgba(0, 0, 0, .22); font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; }
    .mark { flex: none; width: 28px; height: 28px; border-radius: 50%; background: #0b7a75; color: #fff;
      display: grid; place-items: center; font-weight: 700; font-size: 16px; }
    .text { flex: 1; }
    .headline { margin: 0; font-weight: 600; font-size: 15px; }
    .note { margin: 4px 0 0; color: #50575e; font-size: 12.5px; }
    button { flex: none; border: 0; background: transparent; color: #50575e; font-size: 20px; line-height: 1;
      width: 28px; height: 28px; border-radius: 6px; cursor: pointer; }
    button:hover, button:focus-visible { background: #eef1f2; color: #1d2327; outline: 2px solid #0b7a75; }
    @media (prefers-color-scheme: dark) {
      .box { background: #1f2428; color: #f0f0f1; }
      .note, button { color: #c3c4c7; }
      button:hover, button:focus-visible { background: #2c3338; color: #fff; }
    }`;
  const box = document.createElement("div");
  box.className = "box";
  box.setAttribute("role", "status");
  const mark = document.createElement("div");
  mark.className = "mark";
  mark.setAttribute("aria-hidden", "true");
  mark.textContent = "✓";
  const text = document.createElement("div");
  text.className = "text";
  const title = document.createElement("p");
  title.className = "headline";
  title.textContent = headline;
  const small = document.createElement("p");
  small.className = "note";
  small.textContent = note;
  const close = document.createElement("button");
  close.type = "button";
  close.textContent = "×";
  close.setAttribute("aria-label", closeLabel);
  // Only the shopper's own click closes it; a page script's synthetic one does nothing.
  close.addEventListener("click", (event) => {
    if (event.isTrusted) host.remove();
  });
  text.append(title, small);
  box.append(mark, text, close);
  root.append(style, box);
  document.documentElement.append(host);
  setTimeout(() => host.remove(), 30_000);
}
