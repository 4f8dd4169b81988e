// The extension as the end-to-end tests load it: the real extension/ (built
// by ./build.sh), copied with two test-only changes and nothing else:
//   - catalogs/ holds the fixture catalogs (tests/fixtures/catalogs/), whose
//     tracking links lead to the test server and whose dates are fixed, with
//     their engine snapshots written as the build writes the shipped ones;
//   - the worker runs on a test clock: background.js first imports
//     test-clock.js, which moves Date.now() to `clockMs` at the moment the
//     copy is made and lets it run on from there. The offset is fixed in the
//     file, so a restarted worker keeps the same clock.
// The shipped extension has neither; see the README's "Clocks in tests".
import { cpSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TEST_NOW } from "./clock.mjs";
import { writeSnapshots } from "../../tools/snapshots.mjs";

const SOURCE = process.env.SHOPTRIP_EXTENSION ?? new URL("../../extension/", import.meta.url).pathname;
const FIXTURE_CATALOGS = new URL("../fixtures/catalogs/", import.meta.url).pathname;

/**
 * A fresh test copy of the extension (`source`: extension/, or dist/firefox/
 * for Firefox, or a publisher's branded build); returns its directory. A
 * publisher's build keeps its own catalogs (`fixtureCatalogs: false`).
 */
export function testExtension({ clockMs = TEST_NOW, source = SOURCE, fixtureCatalogs = true } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "shoptrip-ext-"));
  cpSync(source, dir, { recursive: true });
  if (fixtureCatalogs) {
    rmSync(join(dir, "catalogs"), { recursive: true, force: true });
    cpSync(FIXTURE_CATALOGS, join(dir, "catalogs"), { recursive: true });
    writeSnapshots(join(dir, "catalogs"));
  }
  renameSync(join(dir, "background.js"), join(dir, "background.bundle.js"));
  const offset = clockMs - Date.now();
  writeFileSync(join(dir, "test-clock.js"),
    `// Test clock (tests/support/extension-copy.mjs): Date.now() runs from ${new Date(clockMs).toISOString()}.\n` +
    `const realNow = Date.now;\nDate.now = () => realNow() + ${offset};\n`);
  // ES modules run in import order: the clock is set before the worker starts.
  writeFileSync(join(dir, "background.js"), `import "./test-clock.js";\nimport "./background.bundle.js";\n`);
  return dir;
}
