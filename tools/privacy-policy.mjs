// Writes store/privacy-policy.en.md and .ja.md from the extension's own
// privacy page text (_locales), so the store's policy and the extension's
// privacy.html say the same words. `tests/store.test.mjs` checks they match.
// What only some builds say is marked (`<!-- account -->`), and the package
// build keeps or drops it (tools/package.mjs, `forBuild`).
//   node tools/privacy-policy.mjs
import { readFileSync, writeFileSync } from "node:fs";

const ROOT = new URL("../", import.meta.url);
const SECTIONS = [
  ["privacyBrowsingTitle", ["privacyBrowsing"]],
  ["privacyNetworkTitle", ["privacyNetwork"]],
  ["privacyStoredTitle", ["privacyStored"]],
  // Only builds that link an account say it (tools/package.mjs keeps it there).
  ["privacyAccountTitle", ["privacyAccount"], "account"],
  ["privacyControlTitle", ["privacyControl"]],
  ["optionsHowPaid", ["optionsHowPaid1", "optionsHowPaid2", "optionsHowPaid3"]],
  ["privacyNoSaleTitle", ["privacyNoSale"]],
];

export function render(lang) {
  const m = JSON.parse(readFileSync(new URL(`extension/_locales/${lang}/messages.json`, ROOT), "utf8"));
  const text = (key) => m[key].message;
  const parts = [`# ${text("privacyTitle")}`, "", text("privacyIntro"), ""];
  for (const [title, paragraphs, only] of SECTIONS) {
    if (only) parts.push(`<!-- ${only} -->`);
    parts.push(`## ${text(title)}`, "");
    for (const p of paragraphs) parts.push(text(p), "");
    if (only) parts.push(`<!-- /${only} -->`);
  }
  return parts.join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const lang of ["en", "ja"]) writeFileSync(new URL(`store/privacy-policy.${lang}.md`, ROOT), render(lang));
}
