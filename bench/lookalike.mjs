// How well the lookalike check (src/lookalike.rs) does, on the shipped
// catalogs, in one run: the share of dnstwist's lookalikes of each store's
// domain it warns on, per fuzzer, for names of at least 5 characters before
// the suffix and for shorter ones apart; and its false warnings on the shipped
// well-known list, on a second list no test tunes to (the 8,760 real domains
// of npm's email-providers 2.26.0, all.json: mail providers large and small),
// and on the stores' own domains.
//   /tmp/dnstwist/bin/python bench/lookalike_permutations.py > /tmp/permutations.json
//   (cd /tmp && npm pack email-providers@2.26.0 && tar xzf email-providers-2.26.0.tgz)
//   node bench/lookalike.mjs /tmp/permutations.json /tmp/package/all.json
import { readFileSync } from "node:fs";

const pkg = process.env.SHOPTRIP_PKG ? new URL(`file://${process.env.SHOPTRIP_PKG.replace(/\/$/, "")}/`) : new URL("../pkg/", import.meta.url);
const { initSync, Engine, setPublicSuffixes } = await import(new URL("shoptrip.js", pkg));
initSync({ module: readFileSync(new URL("shoptrip_bg.wasm", pkg)) });
setPublicSuffixes(readFileSync("/usr/share/publicsuffix/public_suffix_list.dat", "utf8"));

const [permutationsPath, secondListPath] = process.argv.slice(2);
const catalogs = Object.fromEntries(["us", "jp"].map((r) => [r, readFileSync(new URL(`../extension/catalogs/${r}.json`, import.meta.url), "utf8")]));
const engines = Object.fromEntries(Object.entries(catalogs).map(([r, text]) => [r, new Engine(text)]));
const regionOf = {};
for (const [r, text] of Object.entries(catalogs)) for (const s of JSON.parse(text).stores) regionOf[s.id] = r;
const nameOf = (domain) => domain.split(".")[0];

const tally = {}; // fuzzer → { long: [warned, total], short: [...], real: n, other: n }
for (const { store, domain, perms } of JSON.parse(readFileSync(permutationsPath, "utf8"))) {
  const engine = engines[regionOf[store]];
  const size = nameOf(domain).length >= 5 ? "long" : "short";
  for (const { fuzzer, domain: perm } of perms) {
    const t = (tally[fuzzer] ??= { long: [0, 0], short: [0, 0], real: 0, other: 0 });
    const url = `https://${perm}/`;
    if (engine.matchUrl(url)) { t.real++; continue; } // another real store's domain: not a lookalike
    const found = engine.lookalike(url);
    t[size][1]++;
    if (found) {
      t[size][0]++;
      if (found.storeId !== store) t.other++;
    }
  }
}
const pct = ([w, n]) => (n ? `${((100 * w) / n).toFixed(1)}% of ${n}` : "—");
console.log("fuzzer | names ≥5 chars warned | names <5 chars warned | a catalog domain | warned as another store");
for (const [fuzzer, t] of Object.entries(tally).sort()) {
  console.log(`${fuzzer} | ${pct(t.long)} | ${pct(t.short)} | ${t.real} | ${t.other}`);
}

function falseWarnings(hosts, label) {
  const warned = [];
  for (const host of hosts) {
    for (const engine of Object.values(engines)) {
      const found = engine.lookalike(`https://${host}/`);
      if (found) warned.push(`${host} → ${found.storeId} (${found.kind}, ${found.domain})`);
    }
  }
  console.log(`${label}: ${warned.length} false warnings of ${hosts.length} sites${warned.length ? `:\n  ${warned.join("\n  ")}` : ""}`);
}
const wellKnown = readFileSync(new URL("../data/well-known-sites.txt", import.meta.url), "utf8")
  .split("\n").filter((l) => l && !l.startsWith("#"));
falseWarnings(wellKnown, "shipped well-known list (top-sites 1.1.222)");
if (secondListPath) {
  const second = JSON.parse(readFileSync(secondListPath, "utf8"));
  falseWarnings([...new Set(second)], `second list (${secondListPath})`);
}
const own = Object.values(catalogs).flatMap((text) => JSON.parse(text).stores.flatMap((s) => s.domains.map((d) => d.split("/")[0])));
falseWarnings(own, `the ${own.length} domains of the shipped stores`);
if (process.env.SHOW_MISSES) {
  const fuzzer = process.env.SHOW_MISSES;
  const misses = [];
  for (const { store, domain, perms } of JSON.parse(readFileSync(permutationsPath, "utf8"))) {
    if (nameOf(domain).length < 5) continue;
    for (const p of perms) {
      if (p.fuzzer !== fuzzer) continue;
      const url = `https://${p.domain}/`;
      if (!engines[regionOf[store]].matchUrl(url) && !engines[regionOf[store]].lookalike(url)) misses.push(p.domain);
    }
  }
  console.log(`${fuzzer} misses, a sample:`, misses.filter((_, i) => i % Math.max(1, Math.floor(misses.length / 30)) === 0).slice(0, 30).join(" "));
}
