// The snapshot fuzz target's seeds (fuzz/corpus/snapshot/), written by the
// built core (pkg/), bound to the target's catalog hash (SNAPSHOT_FUZZ_HASH
// in src/fuzzing.rs). A first byte of 0 reads a seed with every check, 1
// past the checksum. Run again after the snapshot format changes; a unit
// test says when (src/engine/snapshot/tests.rs).
//
//   node tools/snapshot-seeds.mjs
import { readFileSync, writeFileSync } from "node:fs";
import { initSync, Engine } from "../pkg/shoptrip.js";

const root = new URL("../", import.meta.url).pathname;
initSync({ module: readFileSync(`${root}pkg/shoptrip_bg.wasm`) });
const HASH = (0x5eed).toString(16).padStart(16, "0");
const out = `${root}fuzz/corpus/snapshot/`;
const jp = new Engine(readFileSync(`${root}extension/catalogs/jp.json`, "utf8")).snapshot(HASH);
const tiny = new Engine(JSON.stringify({ schema: 1, region: "US", currency: "USD", stores: [
  { id: "a", name: "A", domains: ["a.example", "b.example/shop"], offer: { kind: "percent", rate: "5" },
    boosts: [{ rate: "1", from: "2026-01-01T00:00:00Z", until: "2027-01-01T00:00:00Z", label: "x" }],
    tracking: "https://t.example/c?s={store}&t={trip}&u={url}" },
  { id: "b", name: "B", domains: ["c.example"], offer: { kind: "flat", amount: "3" } }] })).snapshot(HASH);
for (const [name, bytes] of [["jp", jp], ["tiny", tiny]]) {
  writeFileSync(`${out}checked-${name}`, Buffer.concat([Buffer.from([0]), bytes]));
  writeFileSync(`${out}unchecked-${name}`, Buffer.concat([Buffer.from([1]), bytes]));
}
writeFileSync(`${out}unchecked-truncated`, Buffer.concat([Buffer.from([1]), tiny.slice(0, tiny.length - 7)]));
writeFileSync(`${out}empty`, Buffer.from([]));
