// Runs in the store's order-confirmation page (chrome.scripting), with a
// trip on: reads the subtotal's text with the catalog's selector. The text
// goes to the worker's core and never leaves the device.

/** Reads the order subtotal's text with the catalog's selector; runs in the page. */
export function readSubtotal(selector) {
  try {
    return document.querySelector(selector)?.textContent?.trim().slice(0, 64) ?? null;
  } catch {
    return null;
  }
}
