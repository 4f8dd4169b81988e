// The TypeScript that pkg/shoptrip.d.ts gives for the core's values is
// well-formed and matches how the extension reads them (tests/types/uses.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

test("pkg/shoptrip.d.ts type-checks with the extension's use of it", () => {
  const tsc = `${root}node_modules/.bin/tsc`;
  const args = ["--noEmit", "--strict", "--lib", "es2022,dom", "--module", "es2022",
    "--moduleResolution", "bundler", "pkg/shoptrip.d.ts", "tests/types/uses.ts"];
  let output = "";
  try {
    execFileSync(tsc, args, { cwd: root, encoding: "utf8" });
  } catch (e) {
    output = `${e.stdout}${e.stderr}`;
  }
  assert.equal(output, "", output);
});
