// Generated catalogs of any size for the benchmarks, in the CATALOG.md format.

const TLDS = ["com", "com", "com", "co.uk", "de", "ca", "com.au", "fr", "net", "shop"];

export function makeCatalog(n) {
  const stores = [];
  for (let i = 0; i < n; i++) {
    const domains = [`store${i}.${TLDS[i % TLDS.length]}`];
    if (i % 7 === 0) domains.push(`store${i}-intl.${TLDS[(i + 3) % TLDS.length]}`);
    stores.push({
      id: `s${i}`, name: `Store ${i}`, domains,
      offer: i % 5 === 0 ? { kind: "flat", amount: "5.00" } : { kind: "percent", rate: String(1 + (i % 12)) },
    });
  }
  return { schema: 1, region: "US", currency: "USD", updated: "2026-11-01", stores };
}
