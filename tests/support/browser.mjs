// Debian's Chromium under Playwright, as TOOLCHAIN.md describes; never a
// downloaded browser.
import { chromium } from "playwright-core";
import { mkdtempSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const ARTIFACTS = new URL("../../artifacts/", import.meta.url).pathname;
mkdirSync(ARTIFACTS, { recursive: true });

export const CHROMIUM_ARGS = [
  "--no-sandbox", "--disable-background-networking", "--disable-component-update",
  "--disable-sync", "--no-first-run", "--disable-gpu", "--disable-quic",
];

/** `locale` ("ja") sets the browser's UI language, which extensions' i18n follows. */
export async function launch(extraArgs = [], { locale } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "shoptrip-"));
  return chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: [...CHROMIUM_ARGS, ...extraArgs, ...(locale ? [`--lang=${locale}`] : [])],
    viewport: { width: 1200, height: 900 },
    ...(locale ? { locale, env: { ...process.env, LANGUAGE: locale, LANG: `${locale}.UTF-8` } } : {}),
  });
}
