// Minimal extensions for the cold-start floors: the least a worker can do
// to set a badge on a committed navigation, alone ("badge only") or after
// instantiating the core's wasm ("wasm instantiated"), bundled the way the
// build bundles ShopTrip's worker. Each also observes main-frame requests as
// ShopTrip does (webRequest, with the Referer): that wakes a worker when the
// request starts, not when the page commits, and its clock starts then.
// Written to a temporary folder each run.
import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSync } from "esbuild";

const ROOT = new URL("../", import.meta.url).pathname;

export function floorExtension(kind) {
  const dir = mkdtempSync(join(tmpdir(), "shoptrip-floor-"));
  const withWasm = kind === "wasm instantiated";
  writeFileSync(join(dir, "manifest.json"), JSON.stringify({
    manifest_version: 3, name: `floor: ${kind}`, version: "1.0",
    background: { service_worker: "background.js", type: "module" },
    action: {}, permissions: ["webNavigation", "webRequest"], host_permissions: ["http://*/*", "https://*/*"],
    content_security_policy: { extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'" },
  }));
  if (withWasm) cpSync(join(ROOT, "extension/pkg"), join(dir, "pkg"), { recursive: true });
  // The same shape as ShopTrip's worker: listeners at top level, each
  // awaiting one start-up promise, the figure taken once the badge is set.
  writeFileSync(join(dir, "main.js"), `
${withWasm ? 'import init from "./pkg/shoptrip.js";' : ""}
const timings = { start: performance.now(), firstBadgeMs: null };
const ready = ${withWasm
    ? 'init({ module_or_path: chrome.runtime.getURL("pkg/shoptrip_bg.wasm") }).then(() => { timings.wasm = performance.now(); })'
    : "Promise.resolve()"};
globalThis.shoptrip = { ready, timings };
const MAIN_FRAME = { urls: ["http://*/*", "https://*/*"], types: ["main_frame"] };
const requests = new Map();
chrome.webRequest.onBeforeRequest.addListener((d) => { requests.set(d.tabId, d.url); }, MAIN_FRAME);
chrome.webRequest.onBeforeSendHeaders.addListener(() => {}, MAIN_FRAME, ["requestHeaders", "extraHeaders"]);
chrome.webNavigation.onCommitted.addListener(async ({ tabId, frameId, url }) => {
  if (frameId !== 0) return;
  await ready;
  await chrome.action.setBadgeText({ tabId, text: url.includes("macys") ? "6%" : "" });
  timings.firstBadgeMs ??= performance.now();
});
`);
  buildSync({
    entryPoints: [join(dir, "main.js")], bundle: true, format: "esm",
    outfile: join(dir, "background.js"), logLevel: "warning",
  });
  return dir;
}
