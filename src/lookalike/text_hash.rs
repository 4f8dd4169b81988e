//! Polynomial hashes of short texts (a name before its suffix, or its
//! skeleton), where the hash of a text with one character left out, added,
//! changed or two swapped comes from the text's prefix and suffix hashes in a
//! few multiplications: the typo check (src/lookalike/typo.rs) tries every
//! such edit of a host's name without building one string.

/// The longest text hashed: a DNS label's 63 characters, or its skeleton.
pub const MAX_CHARS: usize = 64;

const BASE: u64 = 0x100_0000_01b3;

/// `BASE^k`, wrapping, for every length a text can have.
pub static POWER: [u64; MAX_CHARS + 2] = powers();

const fn powers() -> [u64; MAX_CHARS + 2] {
    let mut power = [1u64; MAX_CHARS + 2];
    let mut k = 1;
    while k < power.len() {
        power[k] = power[k - 1].wrapping_mul(BASE);
        k += 1;
    }
    power
}

/// A character's term: never zero, so that leading characters count.
pub fn unit(c: char) -> u64 {
    c as u64 + 1
}

/// Σ unit(cᵢ)·BASE^(n-1-i), wrapping.
pub fn text_hash(chars: impl IntoIterator<Item = char>) -> u64 {
    chars
        .into_iter()
        .fold(0u64, |h, c| h.wrapping_mul(BASE).wrapping_add(unit(c)))
}

/// The hash of `a` followed by a text of `b_len` characters hashed `b`.
pub fn joined(a: u64, b: u64, b_len: usize) -> u64 {
    a.wrapping_mul(POWER[b_len]).wrapping_add(b)
}

/// The hash as table and filter positions take it: the polynomial hash's
/// low bits follow the characters' low bits only, and a product's high and
/// middle bits depend on all of its factor's. Positions read those.
pub fn mix(hash: u64) -> u64 {
    (hash ^ (hash >> 29)).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// The prefix and suffix hashes of up to [`MAX_CHARS`] characters:
/// `before(i)` hashes `chars[..i]`, `after(i)` hashes `chars[i..]`.
pub struct Affixes<'a> {
    pub chars: &'a [char],
    before: [u64; MAX_CHARS + 1],
    after: [u64; MAX_CHARS + 1],
}

impl<'a> Affixes<'a> {
    /// `None` past [`MAX_CHARS`].
    pub fn of(chars: &'a [char]) -> Option<Affixes<'a>> {
        let mut affixes = Affixes {
            chars: &[],
            before: [0; MAX_CHARS + 1],
            after: [0; MAX_CHARS + 1],
        };
        affixes.fill(chars)?;
        Some(affixes)
    }

    /// Takes `chars` in, in place (the tables are a kilobyte: the typo
    /// check keeps one and refills it). `None` past [`MAX_CHARS`].
    pub fn fill(&mut self, chars: &'a [char]) -> Option<()> {
        let n = chars.len();
        if n > MAX_CHARS {
            return None;
        }
        self.chars = chars;
        for (i, &c) in chars.iter().enumerate() {
            self.before[i + 1] = joined(self.before[i], unit(c), 1);
        }
        self.after[n] = 0;
        for i in (0..n).rev() {
            self.after[i] = unit(chars[i])
                .wrapping_mul(POWER[n - 1 - i])
                .wrapping_add(self.after[i + 1]);
        }
        Some(())
    }

    pub fn len(&self) -> usize {
        self.chars.len()
    }

    pub fn whole(&self) -> u64 {
        self.before[self.len()]
    }

    /// The hash with character `i` left out.
    pub fn without(&self, i: usize) -> u64 {
        joined(self.before[i], self.after[i + 1], self.len() - 1 - i)
    }

    /// The hash with `c` put in place of character `i`.
    pub fn replaced(&self, i: usize, c: char) -> u64 {
        let rest = self.len() - 1 - i;
        joined(joined(self.before[i], unit(c), 1), self.after[i + 1], rest)
    }

    /// The hash with `c` put before character `i` (at the end for `len`).
    pub fn inserted(&self, i: usize, c: char) -> u64 {
        let rest = self.len() - i;
        joined(joined(self.before[i], unit(c), 1), self.after[i], rest)
    }

    /// The hash with characters `i` and `i + 1` swapped.
    pub fn swapped(&self, i: usize) -> u64 {
        let (a, b) = (self.chars[i], self.chars[i + 1]);
        let rest = self.len() - 2 - i;
        let two = joined(joined(self.before[i], unit(b), 1), unit(a), 1);
        joined(two, self.after[i + 2], rest)
    }
}

/// The hash of `chars` with each character left out in turn.
pub fn deletion_hashes(chars: &[char]) -> Vec<u64> {
    match Affixes::of(chars) {
        Some(affixes) => (0..chars.len()).map(|i| affixes.without(i)).collect(),
        None => Vec::new(),
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn hash(text: &str) -> u64 {
        text_hash(text.chars())
    }

    #[test]
    fn each_edit_hashes_as_the_edited_text() {
        for word in ["macys", "ab", "nordstrom", "аmazon", "x"] {
            let chars: Vec<char> = word.chars().collect();
            let affixes = Affixes::of(&chars).unwrap();
            assert_eq!(affixes.whole(), hash(word));
            for i in 0..chars.len() {
                let mut edited = chars.clone();
                edited.remove(i);
                assert_eq!(affixes.without(i), text_hash(edited.iter().copied()));
                let mut edited = chars.clone();
                edited[i] = 'z';
                assert_eq!(affixes.replaced(i, 'z'), text_hash(edited.iter().copied()));
                if i + 1 < chars.len() {
                    let mut edited = chars.clone();
                    edited.swap(i, i + 1);
                    assert_eq!(affixes.swapped(i), text_hash(edited.iter().copied()));
                }
            }
            for i in 0..=chars.len() {
                let mut edited = chars.clone();
                edited.insert(i, '7');
                assert_eq!(affixes.inserted(i, '7'), text_hash(edited.iter().copied()));
            }
        }
        assert!(Affixes::of(&['a'; MAX_CHARS + 1]).is_none());
        assert_eq!(deletion_hashes(&['a'; MAX_CHARS + 1]), Vec::<u64>::new());
    }
}
