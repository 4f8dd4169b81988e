// The notice on the page a failed tracking link sent the shopper back to.
// Like the confirmation, `renderTrackingNotice` runs as a copy in the page's
// isolated world and is self-contained; its text arrives as arguments and
// is set as text. Try again acts only on the shopper's own click and
// carries the one-time token issued for this tab, as the prompt does.
// Its host set-up repeats the confirmation's on purpose: a function handed to
// executeScript is sent as source and cannot call helpers from other files.

export function renderTrackingNotice({ headline, note, help, tryAgain, closeLabel, token }) {
  document.querySelector('[data-shoptrip="tracking-failed"]')?.remove();
  const host = document.createElement("div");
  host.setAttribute("data-shoptrip", "tracking-failed");
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
      width: min(380px, calc(100vw - 32px)); padding: 14px 14px 14px 16px;
      background: #fff; color: #1d2327; border-radius: 12px; border-left: 6px solid #b26200;
      box-shadow: 0 6px 24px rgba(0, 0, 0, .22); font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; }
    .mark { flex: none; width: 28px; height: 28px; border-radius: 50%; background: #b26200; color: #fff;
      display: grid; place-items: center; font-weight: 700; font-size: 16px; }
    .text { flex: 1; }
    .headline { margin: 0; font-weight: 600; font-size: 15px; }
    .note, .help { margin: 4px 0 0; color: #50575e; font-size: 12.5px; }
    .again { margin-top: 10px; border: 0; border-radius: 8px; background: #0b7a75; color: #fff;
      font: inherit; font-weight: 600; padding: 7px 14px; cursor: pointer; }
    .again:hover { background: #075e5a; }
    .close { flex: none; border: 0; background: transparent; color: #50575e; font-size: 20px; line-height: 1;
      width: 28px; height: 28px; border-radius: 6px; cursor: pointer; }
    button:focus-visible { outline: 2px solid #0b7a75; outline-offset: 2px; }
    @media (prefers-color-scheme: dark) {
      .box { background: #1f2428; color: #f0f0f1; }
      .note, .help, .close { color: #c3c4c7; }
    }`;
  const box = document.createElement("div");
  box.className = "box";
  box.setAttribute("role", "alert");
  const mark = document.createElement("div");
  mark.className = "mark";
  mark.setAttribute("aria-hidden", "true");
  mark.textContent = "!";
  const text = document.createElement("div");
  text.className = "text";
  const paragraph = (className, content) => {
    const p = document.createElement("p");
    p.className = className;
    p.textContent = content;
    return p;
  };
  text.append(paragraph("headline", headline), paragraph("note", note));
  if (help) text.append(paragraph("help", help));
  const again = document.createElement("button");
  again.type = "button";
  again.className = "again";
  again.textContent = tryAgain;
  text.append(again);
  const close = document.createElement("button");
  close.type = "button";
  close.className = "close";
  close.textContent = "×";
  close.setAttribute("aria-label", closeLabel);
  // Only the shopper's own clicks count; a page script's synthetic one does nothing.
  again.addEventListener("click", (event) => {
    if (!event.isTrusted) return;
    host.remove();
    chrome.runtime.sendMessage({ type: "prompt-action", action: "retry", token }).catch(() => {});
  });
  close.addEventListener("click", (event) => {
    if (event.isTrusted) host.remove();
  });
  box.append(mark, text, close);
  root.append(style, box);
  document.documentElement.append(host);
}
