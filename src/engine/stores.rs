//! The engine's stores: either the parsed catalog's, or records encoded in a
//! snapshot that are decoded one at a time, when a page or a lookup first
//! asks for that store.
//!
//! Why lazily: a cold worker's first badge needs one store out of thousands.
//! Decoding all 10,000 stores of a feed costs milliseconds of allocation
//! that the shopper would wait for; decoding the one matched costs
//! microseconds. A decoded store is kept, so each is decoded at most once
//! per engine.

use crate::catalog::Store;
use crate::matcher::StoreIndex;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// Byte strings back to back, each found by where it ends: one allocation
/// for a whole table of store ids or store records.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slices {
    // As one byte string, copied whole; serde's default is byte by byte.
    #[serde(with = "serde_bytes")]
    bytes: Vec<u8>,
    ends: Vec<u32>,
}

impl Slices {
    pub fn push(&mut self, bytes: &[u8]) {
        self.bytes.extend_from_slice(bytes);
        self.ends.push(self.bytes.len() as u32);
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// The `i`th slice; `None` past the end or where the table is damaged
    /// (ends out of order or past the bytes), never a panic.
    pub fn get(&self, i: StoreIndex) -> Option<&[u8]> {
        let i = i as usize;
        let end = *self.ends.get(i)? as usize;
        let start = match i {
            0 => 0,
            _ => self.ends[i - 1] as usize,
        };
        self.bytes.get(start..end)
    }

    pub fn get_str(&self, i: StoreIndex) -> Option<&str> {
        std::str::from_utf8(self.get(i)?).ok()
    }
}

pub enum StoreTable {
    Parsed(Vec<Store>),
    /// postcard records, one per store, decoded on first use.
    Encoded {
        records: Slices,
        decoded: Vec<OnceLock<Option<Box<Store>>>>,
    },
}

impl StoreTable {
    pub fn encoded(records: Slices) -> StoreTable {
        let decoded = std::iter::repeat_with(OnceLock::new)
            .take(records.len())
            .collect();
        StoreTable::Encoded { records, decoded }
    }

    pub fn len(&self) -> usize {
        match self {
            StoreTable::Parsed(stores) => stores.len(),
            StoreTable::Encoded { records, .. } => records.len(),
        }
    }

    /// The store at `index`. A record that does not decode (which a
    /// snapshot's checksum makes all but impossible) reads as no store.
    pub fn get(&self, index: StoreIndex) -> Option<&Store> {
        match self {
            StoreTable::Parsed(stores) => stores.get(index as usize),
            StoreTable::Encoded { records, decoded } => decoded
                .get(index as usize)?
                .get_or_init(|| {
                    let record = records.get(index)?;
                    postcard::from_bytes::<Store>(record).ok().map(Box::new)
                })
                .as_deref(),
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = &Store> {
        (0..self.len() as StoreIndex).filter_map(|i| self.get(i))
    }

    /// Every store as a postcard record, for a snapshot.
    pub fn records(&self) -> std::borrow::Cow<'_, Slices> {
        match self {
            StoreTable::Encoded { records, .. } => std::borrow::Cow::Borrowed(records),
            StoreTable::Parsed(stores) => {
                let mut records = Slices::default();
                for store in stores {
                    // Only a serializer error fails this, which plain structs
                    // of strings and numbers never raise; an empty record
                    // would read back as no store.
                    records.push(&postcard::to_allocvec(store).unwrap_or_default());
                }
                std::borrow::Cow::Owned(records)
            }
        }
    }
}
