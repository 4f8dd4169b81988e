// The bundled catalogs' engine snapshots, written at build time by the core
// that will read them (pkg/), beside each catalog: catalogs/us.json gets
// catalogs/us.snapshot. A woken worker reads the snapshot instead of
// parsing the catalog (worker/core.js). The same catalog and core give the
// same bytes on every build. The end-to-end tests' copy of the extension
// writes its fixture catalogs' snapshots the same way. The engines are built
// with the Public Suffix List the extension ships, as the worker builds a
// feed's: their lookalike index reads registrable domains off it.
//
//   node tools/snapshots.mjs [catalogs-dir]     (default extension/catalogs)
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { initSync, Engine, catalogHash, setPublicSuffixes } from "../pkg/shoptrip.js";

export function writeSnapshots(dir) {
  initSync({ module: readFileSync(new URL("../pkg/shoptrip_bg.wasm", import.meta.url)) });
  setPublicSuffixes(readFileSync(new URL("../extension/public_suffix_list.dat", import.meta.url), "utf8"));
  const written = [];
  for (const name of readdirSync(dir).filter((n) => n.endsWith(".json")).sort()) {
    const catalog = readFileSync(join(dir, name));
    const engine = new Engine(catalog.toString("utf8"));
    const hash = catalogHash(catalog);
    const snapshot = engine.snapshot(hash);
    // Never shipped unread: the core must take back what it wrote.
    Engine.fromSnapshot(snapshot, hash).free();
    const file = join(dir, name.replace(/\.json$/, ".snapshot"));
    writeFileSync(file, snapshot);
    written.push(`${file}: ${snapshot.length} bytes, ${engine.storeCount} stores`);
    engine.free();
  }
  return written;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dir = process.argv[2] ?? new URL("../extension/catalogs/", import.meta.url).pathname;
  for (const line of writeSnapshots(dir)) console.error(line);
}
