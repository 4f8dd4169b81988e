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
//! The index (src/lookalike/index.rs) is built with the engine from the
//! catalog's domains and kept in its snapshot. A host that imitates nothing,
//! nearly every one, costs a few table probes and bit tests, no allocation
//! (`node bench/match.mjs` prints the cost beside `matchUrl`'s).

use crate::catalog::suffixes::SuffixList;
use crate::matcher::StoreIndex;
use confusables::skeleton_into;
pub use index::LookalikeIndex;
use index::Target;
use publicsuffix::Psl;
use text_hash::MAX_CHARS;
pub use typo::one_edit_apart;
use typo::Forms;

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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Homoglyph,
    Typo,
    Embedding,
    Brand,
    Tld,
}

impl Kind {
    /// Its name in the JS API.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Homoglyph => "homoglyph",
            Kind::Typo => "typo",
            Kind::Embedding => "embedding",
            Kind::Brand => "brand",
            Kind::Tld => "tld",
        }
    }
}

/// A lookalike: which store it imitates, and its real domain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lookalike {
    /// The real domain's place in the engine's index: the same for every
    /// lookalike of that domain.
    pub target: u32,
    pub store: StoreIndex,
    pub domain: String,
    pub kind: Kind,
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
            if host.split('.').any(str::is_empty) {
                return None;
            }
            let mut labels = host.rsplit('.');
            let (last, second, third) = (labels.next()?, labels.next()?, labels.next());
            let second_level = third.is_some()
                && last.len() == 2
                && [
                    "co", "com", "net", "org", "ac", "gov", "edu", "ne", "or", "go",
                ]
                .contains(&second);
            match (second_level, third) {
                (true, Some(name)) => (
                    last.len() + second.len() + name.len() + 2,
                    last.len() + 1 + second.len(),
                ),
                _ => (last.len() + 1 + second.len(), last.len()),
            }
        }
    };
    let start = host.len().checked_sub(domain_len)?;
    let whole = host.get(start..)?;
    let name = whole.get(..domain_len.checked_sub(suffix_len + 1)?)?;
    Some((whole, name))
}

/// The shipped well-known sites (registrable domains, one a line).
fn well_known() -> &'static rustc_hash::FxHashSet<&'static str> {
    static SITES: std::sync::OnceLock<rustc_hash::FxHashSet<&'static str>> =
        std::sync::OnceLock::new();
    SITES.get_or_init(|| {
        WELL_KNOWN
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    })
}

impl LookalikeIndex {
    fn verdict(&self, target: Target, kind: Kind) -> Lookalike {
        Lookalike {
            target: target.at,
            store: target.store,
            domain: target.domain.to_owned(),
            kind,
        }
    }

    /// The store `host` imitates, if it does. `host` is a URL's host as the
    /// WHATWG parser gives it (lower case, punycode); `list` is used only if
    /// the index was built with it, so that both sides are read alike.
    // Called from two paths of the JS API; one copy of it in the wasm.
    #[inline(never)]
    pub fn check(&self, host: &str, list: Option<&SuffixList>) -> Option<Lookalike> {
        if host.len() > MAX_HOST_CHARS
            || !host.contains('.')
            || host.starts_with('[')
            || host.parse::<std::net::Ipv4Addr>().is_ok()
        {
            return None;
        }
        let host = host.trim_end_matches('.');
        let list = list.filter(|_| self.by_suffix_list);
        let (domain, name) = registrable(list, host)?;
        // Most navigations are to well-known sites: they are let go first.
        if name.is_empty() || well_known().contains(domain) {
            return None;
        }
        let found = self.imitated(host, domain, name)?;
        // Asked of a lookalike only: whether the site is a store's own.
        let real = self.named(name, |t| t.domain == domain).is_some();
        (!real).then_some(found)
    }

    /// What `host`, of registrable `domain` and `name` before its suffix,
    /// imitates, asked before whether it is a store's own site.
    fn imitated(&self, host: &str, domain: &str, name: &str) -> Option<Lookalike> {
        // Only a punycode label can hold anything but ASCII.
        let decoded;
        let unicode = if name.starts_with("xn--") {
            decoded = match idna::domain_to_unicode(name) {
                (text, Ok(())) => text,
                _ => name.to_owned(),
            };
            decoded.as_str()
        } else {
            name
        };
        let mut chars = ['\0'; MAX_CHARS];
        let mut n = 0;
        for c in unicode.chars() {
            *chars.get_mut(n)? = c;
            n += 1;
        }
        let chars = &chars[..n];
        let mut skeleton_buffer = ['\0'; MAX_CHARS];
        let skeleton = skeleton_into(unicode, &mut skeleton_buffer);
        // Homoglyphs: the same skeleton as a store's name, but not its name.
        if let Some(ours) = skeleton {
            let mut theirs = ['\0'; MAX_CHARS];
            let hash = text_hash::text_hash(ours.iter().copied());
            let same =
                |t: &Target| t.name != unicode && skeleton_into(t.name, &mut theirs) == Some(ours);
            if let Some(target) = self.find(hash, same) {
                return Some(self.verdict(target, Kind::Homoglyph));
            }
        }
        // Within the host before its own suffix: `the-big-apple.com` holds no
        // `apple.com`, its `com` is its suffix.
        let before_suffix = &host[..host.len() - (domain.len() - name.len())];
        if let Some(found) = self.embedding(before_suffix) {
            return Some(found);
        }
        let suffix = &domain[name.len() + 1..];
        // `net` is not among them: brands keep their `.net` (verizon.net).
        if n >= MIN_BRAND_CHARS && is_swapped_suffix(suffix) {
            if let Some(target) = self.named(unicode, |_| true) {
                return Some(self.verdict(target, Kind::Tld));
            }
        }
        let forms = Forms {
            name: chars,
            skeleton: skeleton.filter(|s| *s != chars),
        };
        if let Some((target, by_name)) = self.typo(&forms) {
            let kind = if by_name { Kind::Typo } else { Kind::Homoglyph };
            return Some(self.verdict(target, kind));
        }
        self.brand(unicode)
    }

    /// The store's whole domain as labels or hyphenated words of `host`.
    fn embedding(&self, host: &str) -> Option<Lookalike> {
        let mut start = 0;
        for (end, byte) in host.bytes().chain([b'.']).enumerate() {
            if byte != b'.' && byte != b'-' {
                continue;
            }
            let (word, rest) = (&host[start..end], host.get(end + 1..).unwrap_or(""));
            start = end + 1;
            if word.len() < 2 {
                continue;
            }
            let follows = |t: &Target| {
                let mut after = rest.split(['.', '-']);
                t.suffix()
                    .split('.')
                    .all(|label| after.next() == Some(label))
            };
            if let Some(target) = self.named(word, follows) {
                return Some(self.verdict(target, Kind::Embedding));
            }
        }
        None
    }

    /// A store's name with shopping words, hyphenated or run together.
    fn brand(&self, name: &str) -> Option<Lookalike> {
        if !name.contains('-') {
            return self.brand_joined(name);
        }
        // A store's name and only shopping words: `macys-outlet`.
        let (mut brand, mut words, mut one_brand) = (None, 0, true);
        for word in name.split('-').filter(|w| !w.is_empty()) {
            words += 1;
            if !is_shop_word(word) {
                one_brand &= brand.is_none();
                brand = Some(word);
            }
        }
        if let (true, true, Some(brand)) = (words > 1, one_brand, brand) {
            if let Some(target) = self.brand_named(brand) {
                return Some(self.verdict(target, Kind::Brand));
            }
        }
        // Run together: `macys-outlet` as `macysoutlet`.
        let mut joined = [0u8; 4 * MAX_CHARS];
        let mut len = 0;
        for byte in name.bytes().filter(|&b| b != b'-') {
            *joined.get_mut(len)? = byte;
            len += 1;
        }
        self.brand_joined(std::str::from_utf8(&joined[..len]).ok()?)
    }

    fn brand_named(&self, word: &str) -> Option<Target<'_>> {
        if word.chars().count() < MIN_BRAND_CHARS {
            return None;
        }
        self.named(word, |_| true)
    }

    /// A store's name run together with a shopping word before or after it.
    fn brand_joined(&self, joined: &str) -> Option<Lookalike> {
        let (first, last) = (joined.bytes().next()?, joined.bytes().last()?);
        for word in SHOP_WORDS {
            // A word can end the name only where their last letters agree,
            // start it only where their first do: nearly every word is let
            // go on one letter.
            let bytes = word.as_bytes();
            let rests = [
                (bytes.last() == Some(&last))
                    .then(|| joined.strip_suffix(word))
                    .flatten(),
                (bytes.first() == Some(&first))
                    .then(|| joined.strip_prefix(word))
                    .flatten(),
            ];
            for rest in rests.into_iter().flatten() {
                if let Some(target) = self.brand_named(rest) {
                    return Some(self.verdict(target, Kind::Brand));
                }
            }
        }
        None
    }
}

type WordSet = std::sync::OnceLock<rustc_hash::FxHashSet<&'static str>>;

/// Whether `word` is one of `words`, through a set made on first use.
fn among(set: &'static WordSet, words: &'static [&'static str], word: &str) -> bool {
    set.get_or_init(|| words.iter().copied().collect())
        .contains(word)
}

fn is_shop_word(word: &str) -> bool {
    static WORDS: WordSet = WordSet::new();
    among(&WORDS, SHOP_WORDS, word)
}

fn is_swapped_suffix(suffix: &str) -> bool {
    static SUFFIXES: WordSet = WordSet::new();
    among(&SUFFIXES, SWAPPED_SUFFIXES, suffix)
}

mod confusables;
mod index;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
mod text_hash;
mod typo;
