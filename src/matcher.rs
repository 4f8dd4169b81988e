//! URL → store: the hot path, taken on every navigation of every tab.
//!
//! Entries are kept in two hash maps keyed by their normalized host: one for
//! host-only entries (nearly all of them) and one for hosts that also carry
//! path prefixes. A page host is looked up whole, then with its leading label
//! dropped, and so on down to two labels: `a.b.shop.com`, `b.shop.com`,
//! `shop.com`. The first host that has an entry covering the path wins, so the
//! longest host wins, and within a host the longest path (path entries are kept
//! longest first). That is at most one probe per label, whatever the size of
//! the catalog, and no probe can match a lookalike: `macys.com.evil.example`
//! probes only `macys.com.evil.example`, `com.evil.example` and
//! `evil.example`.

use crate::catalog::{path_is_under, Store};
use serde::{Deserialize, Serialize};
use std::hash::BuildHasher;

mod keys;
pub use keys::{word, HashedKeys, SlotValue};

/// Index of a store in its catalog.
pub type StoreIndex = u32;

// The index hashes with rustc's Fx hash (`rustc-hash`): small and fast.
// Keys come from the catalog, never from pages, so flooding is not a concern.
use rustc_hash::FxHashMap;

/// `FxHash` of a string, the key the index files hosts and ids under.
pub fn fx_hash(text: &str) -> u64 {
    rustc_hash::FxBuildHasher.hash_one(text)
}

/// A host-only entry: its store, and where its host sits in the arena.
type EntryAt = (StoreIndex, u32, u32);

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct DomainIndex {
    hosts: HashedKeys<EntryAt>,
    /// Every host-only entry's host, back to back: confirming a hit reads one
    /// contiguous slice instead of chasing store → domains → string.
    arena: String,
    /// Path prefixes per host, longest first.
    paths: FxHashMap<Box<str>, Vec<(Box<str>, StoreIndex)>>,
}

/// Which entry a page matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub store: StoreIndex,
}

/// The entry's host; empty (which no lookup asks for) if the entry points
/// outside the arena, as only a damaged snapshot's could.
fn arena_host(arena: &str, (_, start, len): EntryAt) -> &str {
    let start = start as usize;
    arena
        .get(start..start.saturating_add(len as usize))
        .unwrap_or("")
}

impl DomainIndex {
    pub fn build(stores: &[Store]) -> DomainIndex {
        let entries = stores.iter().map(|s| s.domains.len()).sum();
        let mut index = DomainIndex {
            hosts: HashedKeys::with_capacity(entries),
            arena: String::with_capacity(stores.len() * 16),
            paths: FxHashMap::default(),
        };
        for (i, store) in stores.iter().enumerate() {
            let store_index = i as StoreIndex;
            for entry in &store.domains {
                if entry.path.is_empty() {
                    let at = (
                        store_index,
                        index.arena.len() as u32,
                        entry.host.len() as u32,
                    );
                    index.arena.push_str(&entry.host);
                    let arena = &index.arena;
                    index.hosts.insert(&entry.host, at, |other| {
                        arena_host(arena, other) == entry.host
                    });
                } else {
                    index
                        .paths
                        .entry(entry.host.as_str().into())
                        .or_default()
                        .push((entry.path.as_str().into(), store_index));
                }
            }
        }
        for prefixes in index.paths.values_mut() {
            prefixes.sort_by_key(|(path, _)| std::cmp::Reverse(path.len()));
        }
        index
    }

    /// Every entry's store and host, host-only entries first.
    pub fn entries(&self) -> impl Iterator<Item = (StoreIndex, &str)> + '_ {
        let hosts = self
            .hosts
            .values()
            .map(|at| (at.0, arena_host(&self.arena, at)));
        let paths = self
            .paths
            .iter()
            .flat_map(|(host, prefixes)| prefixes.iter().map(move |(_, store)| (*store, &**host)));
        hosts.chain(paths)
    }

    /// Whether its host table is whole (see [`HashedKeys::is_well_formed`]).
    pub fn is_well_formed(&self) -> bool {
        self.hosts.is_well_formed()
    }

    /// Whether every entry names a store below `count`.
    pub fn stores_below(&self, count: usize) -> bool {
        self.entries().all(|(store, _)| (store as usize) < count)
    }

    /// The store whose entry covers `host` (lower case, punycode, no trailing
    /// dot) and `path`, if any.
    pub fn lookup(&self, host: &str, path: &str) -> Option<Hit> {
        let mut candidate = host;
        loop {
            // An entry has at least two labels: stop at the last one.
            let next_dot = candidate.bytes().position(|b| b == b'.')?;
            if !self.paths.is_empty() {
                if let Some(prefixes) = self.paths.get(candidate) {
                    if let Some((_, store)) = prefixes.iter().find(|(p, _)| path_is_under(path, p))
                    {
                        return Some(Hit { store: *store });
                    }
                }
            }
            if let Some((store, _, _)) = self
                .hosts
                .get(candidate, |at| arena_host(&self.arena, at) == candidate)
            {
                return Some(Hit { store });
            }
            candidate = &candidate[next_dot + 1..];
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use serde_json::json;

    use crate::catalog::Catalog;

    fn index(stores: serde_json::Value) -> (Catalog, DomainIndex) {
        let json = json!({ "schema": 1, "region": "US", "currency": "USD", "stores": stores });
        let catalog = Catalog::parse(&json.to_string()).expect("catalog");
        let index = DomainIndex::build(&catalog.stores);
        (catalog, index)
    }

    fn store(id: &str, domains: &[&str]) -> serde_json::Value {
        json!({ "id": id, "name": id, "domains": domains,
                "offer": { "kind": "percent", "rate": "5" } })
    }

    fn matched<'a>(
        catalog: &'a Catalog,
        index: &DomainIndex,
        host: &str,
        path: &str,
    ) -> Option<&'a str> {
        index
            .lookup(host, path)
            .map(|hit| catalog.stores[hit.store as usize].id.as_str())
    }

    #[test]
    fn matches_hosts_and_every_subdomain_only() {
        let (catalog, index) = index(json!([store("macys", &["macys.com", "macys.ca"])]));
        let m = |host| matched(&catalog, &index, host, "/");
        assert_eq!(m("macys.com"), Some("macys"));
        assert_eq!(m("www.macys.com"), Some("macys"));
        assert_eq!(m("m.shop.macys.com"), Some("macys"));
        assert_eq!(m("www.macys.ca"), Some("macys"));
        for miss in [
            "notmacys.com",
            "macys.com.evil.example",
            "macys.co",
            "com",
            "evil.example",
            "macys",
            "",
        ] {
            assert_eq!(m(miss), None, "{miss}");
        }
    }

    #[test]
    fn path_prefixes_hold_on_segment_boundaries() {
        let (catalog, index) = index(json!([
            store("shop", &["example.com"]),
            store("beauty", &["example.com/shop/beauty"]),
            store("beauty-sale", &["example.com/shop/beauty/sale"]),
        ]));
        let m = |host, path| matched(&catalog, &index, host, path);
        assert_eq!(m("example.com", "/shop/beauty"), Some("beauty"));
        assert_eq!(
            m("www.example.com", "/shop/beauty/lipstick"),
            Some("beauty")
        );
        assert_eq!(m("example.com", "/shop/beauty/sale/x"), Some("beauty-sale"));
        assert_eq!(m("example.com", "/shop/beautyx"), Some("shop"));
        assert_eq!(m("example.com", "/"), Some("shop"));
    }

    #[test]
    fn the_longest_host_wins() {
        let (catalog, index) = index(json!([
            store("amazon", &["amazon.com"]),
            store("audible", &["audible.amazon.com"]),
            store("fresh", &["amazon.com/alm/storefront"]),
        ]));
        let m = |host, path| matched(&catalog, &index, host, path);
        assert_eq!(
            m("www.audible.amazon.com", "/alm/storefront"),
            Some("audible")
        );
        assert_eq!(m("www.amazon.com", "/alm/storefront"), Some("fresh"));
        assert_eq!(m("www.amazon.com", "/dp/1"), Some("amazon"));
    }

    #[test]
    fn a_path_only_host_does_not_cover_other_paths() {
        let (catalog, index) = index(json!([store("beauty", &["example.com/beauty"])]));
        assert_eq!(matched(&catalog, &index, "example.com", "/toys"), None);
        assert_eq!(
            matched(&catalog, &index, "example.com", "/beauty"),
            Some("beauty")
        );
    }
}
