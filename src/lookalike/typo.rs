//! One edit from a store's name: a character left out, doubled or added,
//! changed, or two neighbours swapped (`macyss`, `mcys`, `amzaon`), on the
//! names themselves and on their skeletons, so that a homoglyph with a typo
//! (`rnacy5`, `aḿazoŋ`: dnstwist's homoglyph fuzzer makes many such) is
//! seen too, as Chromium compares skeletons within one edit.
//!
//! The index's Bloom filter holds each name, its skeleton and each of them
//! with one character left out. For a host's name `q`:
//! - `q` itself in the filter: `q` may be a name with one character left
//!   out; the names it could be are `q` with one character put in;
//! - `q` without character `i` in the filter: that may be a name (`q` has
//!   one character added), or a name with character `i` left out (`q` has
//!   character `i` changed, or swapped with its neighbour).
//!
//! Only on a hit are those names looked up, each confirmed on text.

use super::index::{LookalikeIndex, Target};
use super::text_hash::Affixes;
use super::MIN_TYPO_CHARS;

/// What a store's name, or its skeleton, is made of (catalog domains are
/// ASCII, and so are their skeletons): the characters a typo could have
/// lost or changed.
const NAME_CHARS: &str = "abcdefghijklmnopqrstuvwxyz0123456789-";

/// A host's name in the two forms compared.
pub(super) struct Forms<'a> {
    pub name: &'a [char],
    /// `name`'s skeleton; `None` where it is the name, or too long.
    pub skeleton: Option<&'a [char]>,
}

/// Whether `a` and `b` are one edit apart: one character left out, added or
/// changed, or two neighbours swapped.
pub fn one_edit_apart<A: PartialEq<B>, B>(a: &[A], b: &[B]) -> bool {
    let prefix = a.iter().zip(b).take_while(|(x, y)| *x == *y).count();
    if prefix == a.len() && a.len() == b.len() {
        return false;
    }
    let (ra, rb) = (&a[prefix..], &b[prefix..]);
    let suffix = ra
        .iter()
        .rev()
        .zip(rb.iter().rev())
        .take_while(|(x, y)| *x == *y)
        .count();
    let (ma, mb) = (&ra[..ra.len() - suffix], &rb[..rb.len() - suffix]);
    match (ma.len(), mb.len()) {
        (0, 1) | (1, 0) | (1, 1) => true,
        (2, 2) => ma[0] == mb[1] && ma[1] == mb[0],
        _ => false,
    }
}

impl LookalikeIndex {
    /// The store whose name `forms.name` is one edit from (`true`), or
    /// failing that whose skeleton `forms.skeleton` is one edit from
    /// (`false`).
    pub(super) fn typo(&self, forms: &Forms) -> Option<(Target<'_>, bool)> {
        let mut skeleton = ['\0'; super::text_hash::MAX_CHARS];
        let mut is_near = |t: &Target| -> Option<bool> {
            if t.name.len() < MIN_TYPO_CHARS {
                return None;
            }
            let name: Vec<char> = t.name.chars().collect();
            if one_edit_apart(forms.name, &name) {
                return Some(true);
            }
            let theirs = super::confusables::skeleton_into(t.name, &mut skeleton)?;
            let ours = forms.skeleton.unwrap_or(forms.name);
            one_edit_apart(ours, theirs).then_some(false)
        };
        let texts = [Some(forms.name), forms.skeleton];
        let mut verdict = None;
        let mut affixes = Affixes::of(&[])?;
        for text in texts.into_iter().flatten() {
            if text.len() + 1 < MIN_TYPO_CHARS || affixes.fill(text).is_none() {
                continue;
            }
            if let Some(found) = self.near_edits(&affixes, &mut |hash| {
                let mut by_name = false;
                let found = self.find(hash, |t| match is_near(t) {
                    Some(named) => {
                        by_name = named;
                        true
                    }
                    None => false,
                })?;
                Some((found, by_name))
            }) {
                verdict = Some(found);
                break;
            }
        }
        verdict
    }

    /// Each text one edit from `text` that the filter may hold, tried with
    /// `look` until it finds something.
    fn near_edits<T>(&self, text: &Affixes, look: &mut dyn FnMut(u64) -> Option<T>) -> Option<T> {
        let n = text.len();
        if self.may_be_near(text.whole()) {
            for i in 0..=n {
                for c in NAME_CHARS.chars() {
                    if let Some(found) = look(text.inserted(i, c)) {
                        return Some(found);
                    }
                }
            }
        }
        for i in 0..n {
            let without = text.without(i);
            if !self.may_be_near(without) {
                continue;
            }
            if let Some(found) = look(without) {
                return Some(found);
            }
            for c in NAME_CHARS.chars().filter(|&c| c != text.chars[i]) {
                if let Some(found) = look(text.replaced(i, c)) {
                    return Some(found);
                }
            }
            if i + 1 < n {
                if let Some(found) = look(text.swapped(i)) {
                    return Some(found);
                }
            }
        }
        None
    }
}
