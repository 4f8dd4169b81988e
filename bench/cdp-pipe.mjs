// Chromium driven over its DevTools pipe, with nothing attached that the
// measurement does not ask for. Playwright attaches to every service worker
// as it starts (and holds it until its own set-up is done), which a shopper's
// browser never does: a cold-start figure taken through it measures Playwright.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CHROMIUM_ARGS } from "../tests/support/browser.mjs";

export async function launchOverPipe(extraArgs) {
  const dir = mkdtempSync(join(tmpdir(), "shoptrip-cdp-"));
  const child = spawn(process.env.CHROMIUM ?? "/usr/bin/chromium", [
    "--headless", "--remote-debugging-pipe", `--user-data-dir=${dir}`,
    ...CHROMIUM_ARGS, ...extraArgs, "about:blank",
  ], { stdio: ["ignore", "ignore", "ignore", "pipe", "pipe"] });
  const toBrowser = child.stdio[3];
  const fromBrowser = child.stdio[4];
  let nextId = 1;
  const pending = new Map();
  const listeners = new Set();
  let buffered = "";
  fromBrowser.on("data", (chunk) => {
    buffered += chunk.toString("utf8");
    let end;
    while ((end = buffered.indexOf("\0")) >= 0) {
      const message = JSON.parse(buffered.slice(0, end));
      buffered = buffered.slice(end + 1);
      if (message.id && pending.has(message.id)) {
        const { resolve, reject, method } = pending.get(message.id);
        pending.delete(message.id);
        if (message.error) reject(new Error(`${method}: ${message.error.message}`));
        else resolve(message.result);
      } else {
        for (const listener of listeners) listener(message);
      }
    }
  });
  const send = (method, params = {}, sessionId) => new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject, method });
    toBrowser.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
  });
  const waitFor = (predicate, timeoutMs = 15_000) => new Promise((resolve, reject) => {
    const timer = setTimeout(() => { listeners.delete(listener); reject(new Error("timed out")); }, timeoutMs);
    const listener = (message) => {
      if (!predicate(message)) return;
      clearTimeout(timer);
      listeners.delete(listener);
      resolve(message);
    };
    listeners.add(listener);
  });
  /** Evaluates `expression` (awaiting a promise) in a target, attaching only for that. */
  const evaluateIn = async (targetId, expression) => {
    const { sessionId } = await send("Target.attachToTarget", { targetId, flatten: true });
    try {
      const { result, exceptionDetails } = await send("Runtime.evaluate",
        { expression, awaitPromise: true, returnByValue: true }, sessionId);
      if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
      return result.value;
    } finally {
      await send("Target.detachFromTarget", { sessionId });
    }
  };
  const close = async () => {
    await send("Browser.close").catch(() => {});
    await new Promise((resolve) => (child.exitCode === null ? child.once("exit", resolve) : resolve()));
  };
  return { send, waitFor, evaluateIn, close };
}
