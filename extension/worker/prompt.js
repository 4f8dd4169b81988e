// The activation prompt ("activation hover"). Like the confirmation,
// `renderPrompt` runs as a copy in the page's isolated world, so it is
// self-contained. Its closed shadow root keeps page CSS and scripts out;
// its buttons act only on the shopper's own clicks (event.isTrusted), and
// what they ask of the worker carries a one-time token the page cannot read.
// Its host set-up repeats the confirmation's on purpose: a function handed to
// executeScript is sent as source and cannot call helpers from other files.

export function renderPrompt({ headline, storeName, shopNow, dismiss, mute, closeLabel, token }) {
  document.querySelector('[data-shoptrip="prompt"]')?.remove();
  const host = document.createElement("div");
  host.setAttribute("data-shoptrip", "prompt");
  for (const [property, value] of [
    ["all", "initial"], ["position", "fixed"], ["top", "16px"], ["right", "16px"],
    ["z-index", "2147483647"], ["display", "block"],
  ]) {
    host.style.setProperty(property, value, "important");
  }
  const root = host.attachShadow({ mode: "closed" });
  const style = document.createElement("style");
  style.textContent = `
    .box { box-sizing: border-box; width: min(340px, calc(100vw - 32px)); padding: 14px 16px 16px;
      background: #fff; color: #1d2327; border-radius: 12px; border-top: 5px solid #0b7a75;
      box-shadow: 0 6px 24px rgba(0, 0, 0, .22); font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; }
    .top { display: flex; align-items: flex-start; gap: 8px; }
    .store { flex: 1; margin: 0; color: #50575e; font-size: 12.5px; }
    .headline { margin: 2px 0 12px; font-size: 17px; font-weight: 700; color: #0b7a75; }
    .actions { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
    button { font: inherit; cursor: pointer; border-radius: 8px; }
    .shop { border: 0; background: #0b7a75; color: #fff; font-weight: 600; padding: 8px 16px; }
    .shop:hover { background: #075e5a; }
    .link { border: 0; background: none; color: #50575e; text-decoration: underline; padding: 4px; }
    .close { border: 0; background: none; color: #50575e; font-size: 20px; line-height: 1; width: 28px; height: 28px; }
    button:focus-visible { outline: 2px solid #0b7a75; outline-offset: 2px; }
    @media (prefers-color-scheme: dark) {
      .box { background: #1f2428; color: #f0f0f1; }
      .store, .link, .close { color: #c3c4c7; }
      .headline { color: #36b8b0; }
    }`;
  const box = document.createElement("div");
  box.className = "box";
  box.setAttribute("role", "dialog");
  box.setAttribute("aria-label", headline);
  const top = document.createElement("div");
  top.className = "top";
  const store = document.createElement("p");
  store.className = "store";
  store.textContent = `ShopTrip · ${storeName}`;
  const close = button("×", "close");
  close.setAttribute("aria-label", closeLabel);
  top.append(store, close);
  const title = document.createElement("p");
  title.className = "headline";
  title.textContent = headline;
  const actions = document.createElement("div");
  actions.className = "actions";
  const shop = button(shopNow, "shop");
  const later = button(dismiss, "link");
  const never = button(mute, "link");
  actions.append(shop, later, never);
  box.append(top, title, actions);
  root.append(style, box);
  document.documentElement.append(host);

  function button(text, className) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = className;
    b.textContent = text;
    return b;
  }
  function act(action) {
    return (event) => {
      // A page script's synthetic click is not the shopper's.
      if (!event.isTrusted) return;
      host.remove();
      chrome.runtime.sendMessage({ type: "prompt-action", action, token }).catch(() => {});
    };
  }
  shop.addEventListener("click", act("shop-now"));
  later.addEventListener("click", act("dismiss"));
  close.addEventListener("click", act("dismiss"));
  never.addEventListener("click", act("mute"));
}

/** Reads the order subtotal's text with the catalog's selector; runs in the page. */
export function readSubtotal(selector) {
  try {
    return document.querySelector(selector)?.textContent?.trim().slice(0, 64) ?? null;
  } catch {
    return null;
  }
}
