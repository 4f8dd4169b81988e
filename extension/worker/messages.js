// Messages from the extension's own pages (popup, options). Nothing else may
// ask the worker for anything: a content script's or a web page's message is
// refused before the core sees it, whatever it says, and another extension
// cannot reach us (no onMessageExternal, no externally_connectable). Each
// message's shape and size are checked; the core then decides.

const MAX_MESSAGE_CHARS = 4096;
const OWN_ORIGIN = new URL(chrome.runtime.getURL("")).origin;

/** Whether `sender` is one of this extension's own pages (not a content script). */
export function fromOwnPage(sender) {
  if (sender?.id !== chrome.runtime.id || typeof sender.url !== "string") return false;
  try {
    return new URL(sender.url).origin === OWN_ORIGIN;
  } catch {
    return false;
  }
}

const isTabId = (v) => Number.isSafeInteger(v) && v >= 0;
const isText = (max) => (v) => typeof v === "string" && v.length <= max;
const ANSWERS = ["usCard", "enrolled", "inGoodStanding", "corporate"];
const isAnswers = (v) => v !== null && typeof v === "object" && !Array.isArray(v) &&
  Object.keys(v).every((k) => ANSWERS.includes(k) && typeof v[k] === "boolean");

/** The activation prompt's (or the tracking notice's) message from a content script: checked here, its token by the worker. */
export function checkPromptMessage(message, sender) {
  if (sender?.id !== chrome.runtime.id || !sender.tab || sender.frameId !== 0) return null;
  if (message === null || typeof message !== "object") return null;
  const keys = Object.keys(message).sort().join();
  if (keys !== "action,token,type" || message.type !== "prompt-action") return null;
  if (!["shop-now", "dismiss", "mute", "retry", "go-real", "trust"].includes(message.action)) return null;
  if (typeof message.token !== "string" || !/^[0-9a-f]{32}$/.test(message.token)) return null;
  return { action: message.action, token: message.token, tabId: sender.tab.id };
}

/** The fields each message type has, and what each must be. */
const SHAPES = {
  popup: { tabId: isTabId },
  settings: {},
  "choose-account": { program: isText(40), answers: isAnswers },
  "set-region": { region: isText(4) },
  "set-notifications": { on: (v) => typeof v === "boolean" },
  mute: { site: isText(300) },
  unmute: { host: isText(300) },
  untrust: { host: isText(300) },
  "lookalike-go": { tabId: isTabId },
  "lookalike-trust": { tabId: isTabId },
  "set-feed": { url: (v) => v === null || isText(2000)(v) },
  reset: {},
  report: {},
  "record-order": { tripId: isText(64), amount: isText(40), orderNumber: isText(64) },
  export: { format: (v) => v === "json" || v === "csv" },
  store: { storeId: isText(200) },
  search: { query: isText(200) },
  estimate: { storeId: isText(200), amount: isText(40) },
  "shop-now": { tabId: isTabId, storeId: isText(200) },
  options: {},
  publisher: {},
  account: {},
  "link-account": {},
  "sign-out": {},
  "refresh-reports": {},
};

/** The message if it has one of the shapes above exactly, else null. */
export function checkMessage(message) {
  if (message === null || typeof message !== "object" || Array.isArray(message)) return null;
  let size;
  try {
    size = JSON.stringify(message).length;
  } catch {
    return null;
  }
  if (size > MAX_MESSAGE_CHARS) return null;
  const shape = Object.hasOwn(SHAPES, message.type) ? SHAPES[message.type] : null;
  if (!shape) return null;
  const keys = Object.keys(message).filter((k) => k !== "type");
  if (keys.length !== Object.keys(shape).length) return null;
  for (const key of keys) {
    if (!Object.hasOwn(shape, key) || !shape[key](message[key])) return null;
  }
  return message;
}
