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
//! - **tld**: the store's name under a suffix fake shops use
//!   ([`SWAPPED_SUFFIXES`]: `macys.co`, `macys.shop`), never a country's;
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

/// The suffixes a store's name under another suffix is warned on: those fake
/// shops register cheaply, and `.co` for `.com`. A brand's own country sites
/// (`amazon.com.mx`, `expedia.de`) are not among them: a catalog lists only
/// its region's, and the others are real.
const SWAPPED_SUFFIXES: &[&str] = &[
    "co", "shop", "store", "online", "site", "top", "xyz", "info", "biz", "sale", "club", "vip",
    "cc", "app", "live", "fun", "icu", "buzz", "click", "life", "world", "today", "space",
    "website", "tech", "deals", "boutique", "bargains", "discount", "com.co",
];

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
    /// Names by [`name_hash`].
    by_name_hash: FxHashMap<u64, Vec<u32>>,
    /// A bit for each hash in `by_name_hash` and `by_deletion`: nearly every
    /// name that is no typo is let go here without a map lookup.
    hash_bits: Vec<u64>,
    /// Each name of at least [`MIN_TYPO_CHARS`] with one character left
    /// out, by [`name_hash`].
    by_deletion: FxHashMap<u64, Vec<u32>>,
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

const HASH_BASE: u64 = 0x100_0000_01b3;

/// A polynomial hash of `chars`: Σ c·B^(n-1-i), wrapping.
fn name_hash(chars: &[char]) -> u64 {
    chars.iter().fold(0u64, |h, &c| {
        h.wrapping_mul(HASH_BASE).wrapping_add(c as u64 + 1)
    })
}

/// The longest name looked at for typos: a DNS label's 63 characters.
const MAX_NAME_CHARS: usize = 63;

/// [`name_hash`] of `chars` with each character left out in turn, in one
/// pass: the hash of the part before it, shifted, plus the part after it.
/// Names longer than [`MAX_NAME_CHARS`] give none.
fn deletion_hashes(chars: &[char]) -> impl Iterator<Item = u64> + '_ {
    let n = if chars.len() > MAX_NAME_CHARS {
        0
    } else {
        chars.len()
    };
    // after[i]: the hash of chars[i..n]; power[k]: B^k.
    let mut after = [0u64; MAX_NAME_CHARS + 1];
    let mut power = [1u64; MAX_NAME_CHARS + 1];
    for i in (0..n).rev() {
        power[n - i] = power[n - i - 1].wrapping_mul(HASH_BASE);
        after[i] = (chars[i] as u64 + 1)
            .wrapping_mul(power[n - i - 1])
            .wrapping_add(after[i + 1]);
    }
    let mut before = 0u64;
    (0..n).map(move |i| {
        let hash = before
            .wrapping_mul(power[n - 1 - i])
            .wrapping_add(after[i + 1]);
        before = before
            .wrapping_mul(HASH_BASE)
            .wrapping_add(chars[i] as u64 + 1);
        hash
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
            by_name_hash: FxHashMap::default(),
            hash_bits: Vec::new(),
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
            let chars: Vec<char> = name.chars().collect();
            index
                .by_name_hash
                .entry(name_hash(&chars))
                .or_default()
                .push(at);
            if chars.len() >= MIN_TYPO_CHARS {
                for hash in deletion_hashes(&chars) {
                    index.by_deletion.entry(hash).or_default().push(at);
                }
            }
        }
        let entries = index.by_name_hash.len() + index.by_deletion.len();
        index.hash_bits = vec![0; (entries * 16).next_power_of_two().max(64) / 64];
        let hashes: Vec<u64> = index
            .by_name_hash
            .keys()
            .chain(index.by_deletion.keys())
            .copied()
            .collect();
        for hash in hashes {
            index.set_hash_bit(hash);
        }
        index
    }

    fn hash_bit_at(&self, hash: u64) -> (usize, u64) {
        let bit = (hash >> 17) as usize & (self.hash_bits.len() * 64 - 1);
        (bit / 64, 1 << (bit % 64))
    }

    fn set_hash_bit(&mut self, hash: u64) {
        let (word, mask) = self.hash_bit_at(hash);
        self.hash_bits[word] |= mask;
    }

    fn may_hold(&self, hash: u64) -> bool {
        let (word, mask) = self.hash_bit_at(hash);
        self.hash_bits[word] & mask != 0
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
        // Only a punycode label can hold anything but ASCII.
        let unicode: std::borrow::Cow<str> = if name.contains("xn--") {
            match idna::domain_to_unicode(name) {
                (text, Ok(())) => text.into(),
                _ => name.into(),
            }
        } else {
            name.into()
        };
        let unicode = unicode.as_ref();
        // Homoglyphs: the same skeleton as a store's name, but not its name.
        if let Some(&at) = self.by_skeleton.get(&skeleton(unicode)).and_then(|ats| {
            ats.iter()
                .find(|&&at| self.targets[at as usize].name != unicode)
        }) {
            return Some(self.verdict(at, Kind::Homoglyph));
        }
        // Within the host before its own suffix: `the-big-apple.com` holds no
        // `apple.com`, its `com` is its suffix.
        let before_suffix = &host[..host.len() - (domain.len() - name.len())];
        if let Some(found) = self.embedding(before_suffix) {
            return Some(found);
        }
        let suffix = &domain[name.len() + 1..];
        // `net` is not among them: brands keep their `.net` (verizon.net).
        if unicode.chars().count() >= MIN_BRAND_CHARS && SWAPPED_SUFFIXES.contains(&suffix) {
            if let Some(&at) = self.by_name.get(unicode).and_then(|a| a.first()) {
                return Some(self.verdict(at, Kind::Tld));
            }
        }
        if let Some(found) = self.typo(unicode) {
            return Some(found);
        }
        self.brand(unicode)
    }

    /// The store's whole domain as labels or hyphenated words of `host`.
    fn embedding(&self, host: &str) -> Option<Lookalike> {
        let mut words = host.split(['.', '-']);
        while let Some(word) = words.next() {
            for &at in self.by_name.get(word).into_iter().flatten() {
                let target = &self.targets[at as usize];
                let mut after = words.clone();
                let suffix = target.domain[target.name.len() + 1..].split('.');
                if suffix.into_iter().all(|label| after.next() == Some(label)) {
                    return Some(self.verdict(at, Kind::Embedding));
                }
            }
        }
        None
    }

    /// One edit from a store's name: the name's hash, and the hash of the
    /// name with each character left out, against the store names' and
    /// their one-deletion hashes (all found in one pass, no string built),
    /// each hit confirmed on the text.
    fn typo(&self, name: &str) -> Option<Lookalike> {
        let mut buffer = ['\0'; MAX_NAME_CHARS];
        let mut n = 0;
        for c in name.chars() {
            if n == MAX_NAME_CHARS {
                return None;
            }
            buffer[n] = c;
            n += 1;
        }
        let chars = &buffer[..n];
        if n + 1 < MIN_TYPO_CHARS {
            return None;
        }
        let confirmed = |ats: Option<&Vec<u32>>| {
            ats.into_iter().flatten().copied().find(|&at| {
                let target = &self.targets[at as usize].name;
                target.chars().count() >= MIN_TYPO_CHARS && one_edit_apart(name, target)
            })
        };
        // A letter added to a store's name.
        let whole = name_hash(chars);
        if self.may_hold(whole) {
            if let Some(at) = confirmed(self.by_deletion.get(&whole)) {
                return Some(self.verdict(at, Kind::Typo));
            }
        }
        // A letter left out (the rest is a name), or changed or swapped (both
        // lose the same letter's neighbourhood).
        for hash in deletion_hashes(chars) {
            if !self.may_hold(hash) {
                continue;
            }
            let at = confirmed(self.by_name_hash.get(&hash))
                .or_else(|| confirmed(self.by_deletion.get(&hash)));
            if let Some(at) = at {
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
        if !name.contains('-') {
            return self.brand_joined(name, &is_brand);
        }
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
        self.brand_joined(&words.concat(), &is_brand)
    }

    /// A store's name run together with a shopping word before or after it.
    fn brand_joined(
        &self,
        joined: &str,
        is_brand: &dyn Fn(&str) -> Option<u32>,
    ) -> Option<Lookalike> {
        let (first, last) = (joined.bytes().next()?, joined.bytes().last()?);
        for word in SHOP_WORDS {
            // The first or last letters differ for nearly every word: no compare.
            let (w_first, w_last) = (word.as_bytes()[0], word.as_bytes()[word.len() - 1]);
            if w_first != first && w_last != last {
                continue;
            }
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
