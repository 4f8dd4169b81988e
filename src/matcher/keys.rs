//! Strings of a catalog found by their hash, without copying them: the table
//! holds only hashes and positions, and every hit is confirmed against the
//! catalog's own string, so two strings that share a hash (which FxHash
//! makes possible, if unlikely) are both kept and told apart.
//!
//! Why a flat table of our own rather than a `HashMap`: a woken worker
//! restores the engine from its snapshot, and this table is restored by
//! copying its bytes, where a map would be rebuilt key by key. Restoring a
//! 10,000-store engine that way took 1.0 ms natively with maps and takes
//! 0.14 ms flat (`cargo bench --bench core -- engine_from`), and far more
//! than that in a cold worker, where each line of code run for the first
//! time is compiled first. Lookups are as fast as the map's (`matchUrl`
//! figures in the README).
//!
//! Layout: a power-of-two number of slots, each the low 32 bits of the key's
//! FxHash then the value's words (u32 each, all little endian); a slot whose
//! first value word is `u32::MAX` is empty. Open addressing, linear probing,
//! at most three quarters full. 32 bits of hash keep the table small (a
//! snapshot is read whole on every cold start); every hit is confirmed
//! against the key anyway.

use serde::{Deserialize, Serialize};
use std::marker::PhantomData;

/// A value that fits in a slot as whole u32 words.
pub trait SlotValue: Copy {
    const WORDS: usize;
    fn write(self, out: &mut [u8]);
    /// `None` for a slot too short, which only a damaged table has.
    fn read(bytes: &[u8]) -> Option<Self>;
}

/// The `i`th little-endian u32 of `bytes`; `None` past the end.
pub fn word(bytes: &[u8], i: usize) -> Option<u32> {
    let b = bytes.get(i * 4..i * 4 + 4)?;
    Some(u32::from_le_bytes(b.try_into().ok()?))
}

impl SlotValue for u32 {
    const WORDS: usize = 1;
    fn write(self, out: &mut [u8]) {
        out[..4].copy_from_slice(&self.to_le_bytes());
    }
    fn read(bytes: &[u8]) -> Option<u32> {
        word(bytes, 0)
    }
}

impl SlotValue for (u32, u32, u32) {
    const WORDS: usize = 3;
    fn write(self, out: &mut [u8]) {
        for (i, w) in [self.0, self.1, self.2].into_iter().enumerate() {
            out[i * 4..i * 4 + 4].copy_from_slice(&w.to_le_bytes());
        }
    }
    fn read(bytes: &[u8]) -> Option<Self> {
        Some((word(bytes, 0)?, word(bytes, 1)?, word(bytes, 2)?))
    }
}

const EMPTY: u32 = u32::MAX;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct HashedKeys<V: SlotValue> {
    #[serde(with = "serde_bytes")]
    slots: Vec<u8>,
    len: u32,
    #[serde(skip)]
    values: PhantomData<V>,
}

impl<V: SlotValue> Default for HashedKeys<V> {
    fn default() -> Self {
        HashedKeys::with_capacity(0)
    }
}

impl<V: SlotValue> HashedKeys<V> {
    const WIDTH: usize = 4 + 4 * V::WORDS;

    pub fn with_capacity(n: usize) -> Self {
        let capacity = (n.saturating_mul(4) / 3 + 1).max(8).next_power_of_two();
        HashedKeys {
            slots: vec![0xff; capacity * Self::WIDTH],
            len: 0,
            values: PhantomData,
        }
    }

    fn capacity(&self) -> usize {
        self.slots.len() / Self::WIDTH
    }

    /// Whether the bytes are a table at all: whole slots, a power of two of
    /// them. A restored table is checked before use; lookups in one that is
    /// not still never panic, they find nothing.
    pub fn is_well_formed(&self) -> bool {
        let capacity = self.capacity();
        self.slots.len() % Self::WIDTH == 0 && capacity.is_power_of_two()
    }

    fn slot(&self, i: usize) -> Option<(u32, Option<V>)> {
        let slot = self.slots.get(i * Self::WIDTH..(i + 1) * Self::WIDTH)?;
        let hash = word(slot, 0)?;
        let value = slot.get(4..)?;
        Some((
            hash,
            (word(value, 0)? != EMPTY).then(|| V::read(value)).flatten(),
        ))
    }

    /// Files `value` under `key`. `same` says whether an already filed value
    /// stands for the same key string (then the first one filed is kept).
    pub fn insert(&mut self, key: &str, value: V, same: impl Fn(V) -> bool) {
        self.insert_hashed(super::fx_hash(key) as u32, value, same);
    }

    /// [`HashedKeys::insert`] under a hash the caller made (the lookalike
    /// index hashes text it never holds as one string).
    pub fn insert_hashed(&mut self, hash: u32, value: V, same: impl Fn(V) -> bool) {
        if (self.len as usize + 1) * 4 > self.capacity() * 3 {
            self.grow();
        }
        let mask = self.capacity() - 1;
        let mut i = hash as usize & mask;
        let mut free = None;
        for _ in 0..self.capacity() {
            match self.slot(i) {
                Some((_, None)) => {
                    free = Some(i);
                    break;
                }
                Some((h, Some(existing))) if h == hash && same(existing) => return,
                Some(_) => i = (i + 1) & mask,
                None => return,
            }
        }
        // Never full: it grows at three quarters.
        let Some(i) = free else { return };
        let at = i * Self::WIDTH;
        self.slots[at..at + 4].copy_from_slice(&hash.to_le_bytes());
        value.write(&mut self.slots[at + 4..at + Self::WIDTH]);
        self.len += 1;
    }

    fn grow(&mut self) {
        let old = std::mem::replace(self, HashedKeys::with_capacity(self.capacity()));
        for i in 0..old.capacity() {
            if let Some((hash, Some(value))) = old.slot(i) {
                // Distinct already: nothing filed twice.
                self.insert_hashed(hash, value, |_| false);
            }
        }
    }

    /// Every value filed.
    pub fn values(&self) -> impl Iterator<Item = V> + '_ {
        (0..self.capacity()).filter_map(|i| self.slot(i)?.1)
    }

    /// The value filed under `key`, as confirmed by `is_key`.
    pub fn get(&self, key: &str, is_key: impl FnMut(V) -> bool) -> Option<V> {
        self.get_hashed(super::fx_hash(key) as u32, is_key)
    }

    /// The first value filed under `hash` that `is_key` confirms.
    pub fn get_hashed(&self, hash: u32, mut is_key: impl FnMut(V) -> bool) -> Option<V> {
        let capacity = self.capacity();
        if !capacity.is_power_of_two() {
            return None;
        }
        let mask = capacity - 1;
        let mut i = hash as usize & mask;
        // At most every slot once, even in a table that has no empty one.
        for _ in 0..capacity {
            let (h, value) = self.slot(i)?;
            let value = value?;
            if h == hash && is_key(value) {
                return Some(value);
            }
            i = (i + 1) & mask;
        }
        None
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::HashedKeys;

    #[test]
    fn colliding_hashes_are_told_apart_by_the_real_key() {
        let keys = ["alpha.example", "beta.example"];
        let mut map: HashedKeys<u32> = HashedKeys::with_capacity(2);
        map.insert(keys[0], 0, |v| keys[v as usize] == keys[0]);
        // Force a collision: the second key filed under the first's hash.
        let hash = super::super::fx_hash(keys[0]) as u32;
        map.insert_hashed(hash, 1, |v| keys[v as usize] == keys[1]);
        assert_eq!(map.get(keys[0], |v| keys[v as usize] == keys[0]), Some(0));
        assert_eq!(map.get(keys[0], |v| v == 1), Some(1));
        assert_eq!(map.get("gamma.example", |_| true), None);
        // The same key again keeps the first value.
        map.insert(keys[0], 7, |v| keys.get(v as usize) == Some(&keys[0]));
        assert_eq!(map.values().count(), 2);
    }

    #[test]
    fn grows_and_finds_every_key() {
        let keys: Vec<String> = (0..5000).map(|i| format!("store{i}.example")).collect();
        let mut map: HashedKeys<(u32, u32, u32)> = HashedKeys::with_capacity(3);
        for (i, key) in keys.iter().enumerate() {
            map.insert(key, (i as u32, 1, 2), |v| keys[v.0 as usize] == *key);
        }
        assert!(map.is_well_formed());
        for (i, key) in keys.iter().enumerate() {
            let found = map.get(key, |v| keys[v.0 as usize] == *key);
            assert_eq!(found, Some((i as u32, 1, 2)));
        }
        assert_eq!(
            map.get("store5000.example", |v| keys[v.0 as usize] == "x"),
            None
        );
        assert_eq!(map.values().count(), keys.len());
    }

    #[test]
    fn a_damaged_table_finds_nothing_and_never_panics() {
        let mut full: HashedKeys<u32> = HashedKeys::with_capacity(4);
        full.insert("a.example", 0, |_| false);
        // Every slot taken, none empty: a lookup must still end.
        let filled = full.slots.clone();
        full.slots = filled.iter().map(|_| 0).collect();
        assert_eq!(full.get("b.example", |_| true), None);
        full.slots.truncate(5);
        assert!(!full.is_well_formed());
        assert_eq!(full.get("a.example", |_| true), None);
        assert_eq!(full.values().count(), 0);
    }
}
