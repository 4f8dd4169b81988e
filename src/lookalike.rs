//! Lookalike stores (SPEC.md, "Lookalike stores"): a page whose host
//! imitates a partner store's domain without being it. Decided on the device
//! from the catalog, as Chromium's own lookalike checks are
//! (docs/security/lookalikes/lookalike-domains.md in its source), on
//! registrable domains (the Public Suffix List) and hosts after IDNA:
//! - **homoglyph**: the name before the suffix has the UTS #39 confusable
//!   skeleton of a store's (`rnacys`, Cyrillic `аmazon`), from the
//!   `unicode-security` crate's data (src/lookalike/confusables.rs);
//! - **embedding**: the store's whole domain in another host, as labels or
//!   hyphenated (`macys.com.sale-today.shop`, `macys-com.shop`);
//! - **tld**: the store's name under a suffix the catalog does not list
//!   (`macys.co`);
//! - **typo**: one edit away (a letter left out, doubled, changed, added or
//!   two swapped: `macyss`, `mcys`), for names of at least
//!   [`MIN_TYPO_CHARS`] characters: shorter ones are too often another real
//!   site, as Chromium also found;
//! - **brand**: the store's name with a shopping word (`macys-outlet`,
//!   `bestbuyclearance`).
//!
//! It never warns on a domain of the catalog, a subdomain of one, a site of
//! the shipped well-known list (data/well-known-sites.txt), an IP address or
//! a single-label host. Trusted sites are the journal's (the shopper's
//! setting), checked before this.
//!
//! The index is built once per engine, on the first check, from the
//! catalog's domains and the Public Suffix List the worker hands over. For
//! 10,000 stores it takes a few milliseconds (`node bench/match.mjs` prints
//! it), off the badge's path; it is not kept in the snapshot, which would
//! grow by the deletion table (about 100 bytes a store) for every cold
//! start that never meets a lookalike.

use crate::catalog::suffixes::SuffixList;
use crate::matcher::StoreIndex;
use confusables::skeleton;
use publicsuffix::Psl;
use rustc_hash::{FxHashMap, FxHashSet};

/// Names shorter than this get no typo check.
pub const MIN_TYPO_CHARS: usize = 5;
/// Names shorter than this get no brand or tld check.
const MIN_BRAND_CHARS: usize = 4;
/// Longer hosts are not real (RFC 1035): no lookalike.
const MAX_HOST_CHARS: usize = 253;
const WELL_KNOWN: &str = include_str!("../data/well-known-sites.txt");

/// Shopping words a fake shop adds to a store's name.
const SHOP_WORDS: &[&str] = &[
    "outlet",
    "sale",
    "sales",
    "store",
    "shop",
    "shops",
    "online",
    "official",
    "deal",
    "deals",
    "discount",
    "discounts",
    "clearance",
    "offer",
    "offers",
    "promo",
    "coupon",
    "coupons",
    "mall",
    "market",
    "us",
    "usa",
    "uk",
    "jp",
    "black",
    "friday",
    "blackfriday",
    "cyber",
    "vip",
    "club",
    "factory",
    "direct",
    "cheap",
    "off",
    "save",
    "gift",
    "gifts",
    "login",
    "secure",
    "support",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Homoglyph,
    Typo,
    Embedding,
    Brand,
    Tld,
}

/// A lookalike: which store it imitates, and its real domain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lookalike {
    pub store: StoreIndex,
    pub domain: String,
    pub kind: Kind,
}

/// One real registrable domain of a store.
struct Target {
    store: StoreIndex,
    domain: String,
    /// The name before the public suffix, `macys` of `macys.com`.
    name: String,
}

/// What the check looks things up in, built from the catalog's domains.
pub struct LookalikeIndex {
    targets: Vec<Target>,
    by_name: FxHashMap<String, Vec<u32>>,
    by_skeleton: FxHashMap<String, Vec<u32>>,
    /// Each name of at least [`MIN_TYPO_CHARS`] with one character left out.
    by_deletion: FxHashMap<String, Vec<u32>>,
    real: FxHashSet<String>,
    well_known: FxHashSet<String>,
}

/// `host`'s registrable domain and the name before its suffix, by the
/// Public Suffix List; without it (the JS API before `setPublicSuffixes`),
/// guessed: the last label, or the last two for a second level such as
/// `co.uk` or `com.au`.
fn registrable<'a>(list: Option<&SuffixList>, host: &'a str) -> Option<(&'a str, &'a str)> {
    let (domain_len, suffix_len) = match list {
        Some(list) => {
            let domain = list.domain(host.as_bytes())?;
            (domain.as_bytes().len(), domain.suffix().as_bytes().len())
        }
        None => {
            let labels: Vec<&str> = host.split('.').collect();
            let n = labels.len();
            let second_level = n >= 3
                && labels[n - 1].len() == 2
                && [
                    "co", "com", "net", "org", "ac", "gov", "edu", "ne", "or", "go",
                ]
                .contains(&labels[n - 2]);
            let suffix_labels = if second_level { 2 } else { 1 };
            if n <= suffix_labels || labels.iter().any(|l| l.is_empty()) {
                return None;
            }
            let suffix_len: usize = labels[n - suffix_labels..]
                .iter()
                .map(|l| l.len() + 1)
                .sum::<usize>()
                - 1;
            (
                suffix_len + 1 + labels[n - suffix_labels - 1].len(),
                suffix_len,
            )
        }
    };
    let start = host.len().checked_sub(domain_len)?;
    let whole = host.get(start..)?;
    let name = whole.get(..domain_len.checked_sub(suffix_len + 1)?)?;
    Some((whole, name))
}

/// Each string `word` makes with one character left out.
fn deletions(word: &str) -> impl Iterator<Item = String> + '_ {
    word.char_indices().map(move |(i, c)| {
        let mut s = String::with_capacity(word.len());
        s.push_str(&word[..i]);
        s.push_str(&word[i + c.len_utf8()..]);
        s
    })
}

/// Whether `a` and `b` are one edit apart: one character left out, added or
/// changed, or two neighbours swapped.
pub fn one_edit_apart(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a == b {
        return false;
    }
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let (ra, rb) = (&a[prefix..], &b[prefix..]);
    let suffix = ra
        .iter()
        .rev()
        .zip(rb.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (ma, mb) = (&ra[..ra.len() - suffix], &rb[..rb.len() - suffix]);
    match (ma.len(), mb.len()) {
        (0, 1) | (1, 0) | (1, 1) => true,
        (2, 2) => ma[0] == mb[1] && ma[1] == mb[0],
        _ => false,
    }
}

impl LookalikeIndex {
    /// The index of `domains` (each store's catalog domains, as the
    /// catalog has them), with `list` to find their registrable parts.
    pub fn build<'a>(
        domains: impl Iterator<Item = (StoreIndex, &'a str)>,
        list: Option<&SuffixList>,
    ) -> LookalikeIndex {
        let mut index = LookalikeIndex {
            targets: Vec::new(),
            by_name: FxHashMap::default(),
            by_skeleton: FxHashMap::default(),
            by_deletion: FxHashMap::default(),
            real: FxHashSet::default(),
            well_known: FxHashSet::default(),
        };
        for line in WELL_KNOWN.lines().filter(|l| !l.starts_with('#')) {
            if let Some((domain, _)) = registrable(list, line.trim()) {
                index.well_known.insert(domain.to_owned());
            }
        }
        for (store, host) in domains {
            let Some((domain, name)) = registrable(list, host) else {
                continue;
            };
            if !index.real.insert(domain.to_owned()) || name.is_empty() {
                continue;
            }
            let at = index.targets.len() as u32;
            index.targets.push(Target {
                store,
                domain: domain.to_owned(),
                name: name.to_owned(),
            });
            index.by_name.entry(name.to_owned()).or_default().push(at);
            index
                .by_skeleton
                .entry(skeleton(name))
                .or_default()
                .push(at);
            if name.chars().count() >= MIN_TYPO_CHARS {
                for d in deletions(name) {
                    index.by_deletion.entry(d).or_default().push(at);
                }
            }
        }
        index
    }

    fn verdict(&self, at: u32, kind: Kind) -> Lookalike {
        let target = &self.targets[at as usize];
        Lookalike {
            store: target.store,
            domain: target.domain.clone(),
            kind,
        }
    }

    /// The store `host` imitates, if it does. `host` is a URL's host as the
    /// WHATWG parser gives it (lower case, punycode).
    pub fn check(&self, host: &str, list: Option<&SuffixList>) -> Option<Lookalike> {
        if host.len() > MAX_HOST_CHARS
            || !host.contains('.')
            || host.starts_with('[')
            || host.parse::<std::net::Ipv4Addr>().is_ok()
        {
            return None;
        }
        let host = host.trim_end_matches('.');
        let (domain, name) = registrable(list, host)?;
        if name.is_empty() || self.real.contains(domain) || self.well_known.contains(domain) {
            return None;
        }
        let (unicode, decoded) = idna::domain_to_unicode(name);
        let unicode = if decoded.is_ok() {
            unicode
        } else {
            name.to_owned()
        };
        // Homoglyphs: the same skeleton as a store's name, but not its name.
        if let Some(&at) = self.by_skeleton.get(&skeleton(&unicode)).and_then(|ats| {
            ats.iter()
                .find(|&&at| self.targets[at as usize].name != unicode)
        }) {
            return Some(self.verdict(at, Kind::Homoglyph));
        }
        if let Some(found) = self.embedding(host) {
            return Some(found);
        }
        if unicode.chars().count() >= MIN_BRAND_CHARS {
            if let Some(&at) = self.by_name.get(unicode.as_str()).and_then(|a| a.first()) {
                return Some(self.verdict(at, Kind::Tld));
            }
        }
        if let Some(found) = self.typo(&unicode) {
            return Some(found);
        }
        self.brand(&unicode)
    }

    /// The store's whole domain as labels or hyphenated words of `host`.
    fn embedding(&self, host: &str) -> Option<Lookalike> {
        let words: Vec<&str> = host.split(['.', '-']).collect();
        for (i, word) in words.iter().enumerate() {
            for &at in self.by_name.get(*word).into_iter().flatten() {
                let target = &self.targets[at as usize];
                let rest: Vec<&str> = target.domain[target.name.len() + 1..].split('.').collect();
                if words.get(i + 1..i + 1 + rest.len()) == Some(&rest[..]) {
                    return Some(self.verdict(at, Kind::Embedding));
                }
            }
        }
        None
    }

    fn typo(&self, name: &str) -> Option<Lookalike> {
        if name.chars().count() + 1 < MIN_TYPO_CHARS {
            return None;
        }
        let candidates =
            self.by_deletion
                .get(name)
                .into_iter()
                .flatten()
                .chain(deletions(name).flat_map(|d| {
                    let names = self.by_name.get(&d).into_iter().flatten();
                    names.chain(self.by_deletion.get(&d).into_iter().flatten())
                }));
        for &at in candidates {
            let target = &self.targets[at as usize];
            if target.name.chars().count() >= MIN_TYPO_CHARS && one_edit_apart(name, &target.name) {
                return Some(self.verdict(at, Kind::Typo));
            }
        }
        None
    }

    /// A store's name with shopping words, hyphenated or run together.
    fn brand(&self, name: &str) -> Option<Lookalike> {
        let is_brand = |word: &str| {
            (word.chars().count() >= MIN_BRAND_CHARS)
                .then(|| self.by_name.get(word).and_then(|a| a.first()))
                .flatten()
                .copied()
        };
        let words: Vec<&str> = name.split('-').filter(|w| !w.is_empty()).collect();
        if words.len() > 1 {
            for (i, word) in words.iter().enumerate() {
                if let Some(at) = is_brand(word) {
                    let others = words.iter().enumerate().filter(|(j, _)| *j != i);
                    if others.clone().all(|(_, w)| SHOP_WORDS.contains(w)) {
                        return Some(self.verdict(at, Kind::Brand));
                    }
                }
            }
        }
        let joined: String = words.concat();
        for word in SHOP_WORDS {
            let rest = joined
                .strip_suffix(word)
                .or_else(|| joined.strip_prefix(word));
            if let Some(at) = rest.and_then(is_brand) {
                return Some(self.verdict(at, Kind::Brand));
            }
        }
        None
    }
}

mod confusables;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
