//! The lookalike check's index of the catalog's real domains, built with the
//! engine and kept in its snapshot, so that no navigation waits for it.
//!
//! Why these tables rather than hash maps of strings: the snapshot is read
//! on every cold start, and flat tables are restored by copying bytes. At
//! 10,000 stores the index adds what `node bench/match.mjs` prints to the
//! engine's build and snapshot.
//! - `domains` and `owners`: each real registrable domain (a target), its
//!   store and where its name ends;
//! - `keys`: each target under the hash of its name and of its name's
//!   skeleton (src/lookalike/confusables.rs), every hit confirmed on text;
//! - `near`: a Bloom filter of the names and their skeletons, and of those
//!   of names of at least [`super::MIN_TYPO_CHARS`] characters with one
//!   character left out. A text that is no name (nearly every word of a
//!   host) is let go after two bit tests, without a look in `keys`; a host
//!   whose name is no typo of any (nearly every host) likewise, and a hit
//!   asks `keys` for the few names it could be one edit from
//!   (src/lookalike/typo.rs). Its three bits for a text sit in one 64-bit
//!   word, so that a test reads one cache line: the filter of 10,000
//!   stores is 256 KB, and a test spread over it cost a cache miss a bit.
//!   At twelve bits a text, about one text in fifty is looked up for
//!   nothing.

use super::confusables::skeleton_into;
use super::text_hash::{deletion_hashes, mix, text_hash, MAX_CHARS};
use super::{registrable, MIN_TYPO_CHARS};
use crate::catalog::suffixes::SuffixList;
use crate::engine::Slices;
use crate::matcher::{word, HashedKeys, StoreIndex};
use serde::{Deserialize, Serialize};

const BLOOM_BITS_PER_TEXT: usize = 12;

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct LookalikeIndex {
    /// Whether registrable domains came from the Public Suffix List (else
    /// they were guessed): a host is read the same way.
    pub(super) by_suffix_list: bool,
    domains: Slices,
    /// Per target, u32 little endian: its store, its name's length in bytes.
    #[serde(with = "serde_bytes")]
    owners: Vec<u8>,
    keys: HashedKeys<u32>,
    #[serde(with = "serde_bytes")]
    near: Vec<u8>,
}

/// One real registrable domain of a store.
#[derive(Debug, Clone, Copy)]
pub(super) struct Target<'a> {
    /// Its place in the index.
    pub at: u32,
    pub store: StoreIndex,
    pub domain: &'a str,
    /// The name before the public suffix, `macys` of `macys.com`.
    pub name: &'a str,
}

impl<'a> Target<'a> {
    /// The suffix after the name, `com` of `macys.com`.
    pub fn suffix(&self) -> &'a str {
        self.domain.get(self.name.len() + 1..).unwrap_or_default()
    }
}

/// The table key of a text's [`text_hash`].
pub(super) fn key(hash: u64) -> u32 {
    (mix(hash) >> 32) as u32
}

impl LookalikeIndex {
    /// The index of `domains` (each store's catalog domains, in catalog
    /// order: a store's first domain is the one a warning names), their
    /// registrable parts found with `list`, or guessed without it.
    pub fn build<'a>(
        domains: impl Iterator<Item = (StoreIndex, &'a str)>,
        list: Option<&SuffixList>,
    ) -> LookalikeIndex {
        let mut index = LookalikeIndex {
            by_suffix_list: list.is_some(),
            ..LookalikeIndex::default()
        };
        let mut seen = rustc_hash::FxHashSet::default();
        let mut filed: Vec<(u64, u32)> = Vec::new();
        let mut near: Vec<u64> = Vec::new();
        let mut skeleton = ['\0'; MAX_CHARS];
        for (store, host) in domains {
            let Some((domain, name)) = registrable(list, host) else {
                continue;
            };
            if name.is_empty() || name.len() > MAX_CHARS || !seen.insert(domain.to_owned()) {
                continue;
            }
            let at = index.domains.len() as u32;
            index.domains.push(domain.as_bytes());
            index.owners.extend_from_slice(&store.to_le_bytes());
            index
                .owners
                .extend_from_slice(&(name.len() as u32).to_le_bytes());
            let chars: Vec<char> = name.chars().collect();
            let mut forms = vec![chars.as_slice()];
            let skeleton = skeleton_into(name, &mut skeleton);
            if let Some(s) = skeleton.filter(|s| *s != chars.as_slice()) {
                forms.push(s);
            }
            for form in forms {
                let hash = text_hash(form.iter().copied());
                filed.push((hash, at));
                near.push(hash);
                if chars.len() >= MIN_TYPO_CHARS {
                    near.extend(deletion_hashes(form));
                }
            }
        }
        index.keys = HashedKeys::with_capacity(filed.len());
        for (hash, at) in filed {
            index.keys.insert_hashed(key(hash), at, |other| other == at);
        }
        let words = (near.len() * BLOOM_BITS_PER_TEXT / 64)
            .next_power_of_two()
            .max(1);
        index.near = vec![0; words * 8];
        for hash in near {
            let (at, bits) = index.near_word(hash);
            index.near[at..at + 8]
                .iter_mut()
                .zip(bits.to_le_bytes())
                .for_each(|(byte, bits)| *byte |= bits);
        }
        index
    }

    /// Whether every part is whole and every key names a target: a
    /// restored index is checked before use.
    pub fn is_well_formed(&self) -> bool {
        let count = self.domains.len();
        self.domains.is_well_formed()
            && self.keys.is_well_formed()
            && self.owners.len() == count * 8
            && (self.near.len() / 8).is_power_of_two()
            && self.near.len() % 8 == 0
            && self.keys.values().all(|at| (at as usize) < count)
    }

    /// Whether every target's store is below `count`.
    pub fn stores_below(&self, count: usize) -> bool {
        (0..self.domains.len())
            .all(|i| word(&self.owners, i * 2).is_some_and(|store| (store as usize) < count))
    }

    /// Where `hash`'s word of the filter starts, and its three bits there:
    /// one word a test, so one cache line (a blocked Bloom filter).
    fn near_word(&self, hash: u64) -> (usize, u64) {
        let words = self.near.len() / 8;
        let mixed = mix(hash);
        let at = ((mixed >> 32) as usize & words.saturating_sub(1)) * 8;
        let bits = (1u64 << ((mixed >> 8) & 63))
            | (1u64 << ((mixed >> 14) & 63))
            | (1u64 << ((mixed >> 20) & 63));
        (at, bits)
    }

    /// Whether `hash` may be the hash of a name, its skeleton, or either
    /// (of a typo-checked name) with one character left out.
    pub(super) fn may_be_near(&self, hash: u64) -> bool {
        let (at, bits) = self.near_word(hash);
        match self.near.get(at..at + 8) {
            Some(word) => {
                let word = u64::from_le_bytes(word.try_into().unwrap_or_default());
                word & bits == bits
            }
            None => false,
        }
    }

    pub(super) fn target(&self, at: u32) -> Option<Target<'_>> {
        let domain = self.domains.get_str(at)?;
        let store = word(&self.owners, at as usize * 2)?;
        let name_len = word(&self.owners, at as usize * 2 + 1)? as usize;
        // A name always ends before its suffix's dot.
        if domain.as_bytes().get(name_len) != Some(&b'.') {
            return None;
        }
        Some(Target {
            at,
            store,
            domain,
            name: domain.get(..name_len)?,
        })
    }

    /// The first target filed under the text hashed `hash` (its name or its
    /// skeleton) that `is_it` confirms.
    pub(super) fn find(
        &self,
        hash: u64,
        mut is_it: impl FnMut(&Target) -> bool,
    ) -> Option<Target<'_>> {
        if !self.may_be_near(hash) {
            return None;
        }
        let at = self
            .keys
            .get_hashed(key(hash), |at| self.target(at).is_some_and(|t| is_it(&t)))?;
        self.target(at)
    }

    /// The target whose name is `name`, where `also` holds.
    pub(super) fn named(&self, name: &str, also: impl Fn(&Target) -> bool) -> Option<Target<'_>> {
        self.find(text_hash(name.chars()), |t| t.name == name && also(t))
    }

    /// How many real domains it holds, and its size in bytes.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn size(&self) -> (usize, usize) {
        let bytes = postcard::to_allocvec(self).map_or(0, |b| b.len());
        (self.domains.len(), bytes)
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn a_damaged_index_is_not_well_formed() {
        let domains = [(0, "macys.com"), (1, "amazon.com")];
        let whole = LookalikeIndex::build(domains.into_iter(), None);
        assert!(whole.is_well_formed() && whole.stores_below(2));
        assert!(!whole.stores_below(1), "a store past the catalog's");
        let mut cut = LookalikeIndex::build(domains.into_iter(), None);
        cut.owners.truncate(12);
        assert!(!cut.is_well_formed());
        let mut odd = LookalikeIndex::build(domains.into_iter(), None);
        odd.near.truncate(24);
        assert!(!odd.is_well_formed());
        // A name length past its domain names nothing, and panics nowhere.
        let mut long = LookalikeIndex::build(domains.into_iter(), None);
        long.owners[4..8].copy_from_slice(&200u32.to_le_bytes());
        assert!(long.target(0).is_none());
        assert!(long.check("rnacys.com", None).is_none());
    }
}
