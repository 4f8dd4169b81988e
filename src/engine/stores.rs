//! The engine's stores: either the parsed catalog's, or records encoded in a
//! snapshot that are decoded one at a time, when a page or a lookup first
//! asks for that store.
//!
//! Why lazily: a cold worker's first badge needs one store out of thousands.
//! Decoding all 10,000 stores of a feed costs milliseconds of allocation
//! that the shopper would wait for; decoding the one matched costs
//! microseconds. A decoded store is kept, so each is decoded at most once
//! per engine.

use crate::catalog::{Offer, Store};
use crate::matcher::StoreIndex;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// Byte strings back to back, each found by where it ends: one allocation
/// for a whole table of store ids or store records, restored from a
/// snapshot by copying two byte strings.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slices {
    // Byte strings, copied whole; serde's default is byte by byte.
    #[serde(with = "serde_bytes")]
    bytes: Vec<u8>,
    /// Where each slice ends, u32 little endian.
    #[serde(with = "serde_bytes")]
    ends: Vec<u8>,
}

impl Slices {
    pub fn push(&mut self, bytes: &[u8]) {
        self.bytes.extend_from_slice(bytes);
        self.ends
            .extend_from_slice(&(self.bytes.len() as u32).to_le_bytes());
    }

    pub fn len(&self) -> usize {
        self.ends.len() / 4
    }

    fn end(&self, i: usize) -> Option<usize> {
        Some(crate::matcher::word(&self.ends, i)? as usize)
    }

    /// The `i`th slice; `None` past the end or where the table is damaged
    /// (ends out of order or past the bytes), never a panic.
    pub fn get(&self, i: StoreIndex) -> Option<&[u8]> {
        let i = i as usize;
        let end = self.end(i)?;
        let start = match i {
            0 => 0,
            _ => self.end(i - 1)?,
        };
        self.bytes.get(start..end)
    }

    pub fn get_str(&self, i: StoreIndex) -> Option<&str> {
        std::str::from_utf8(self.get(i)?).ok()
    }

    /// Whether the ends are whole u32s.
    pub fn is_well_formed(&self) -> bool {
        self.ends.len() % 4 == 0
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

/// What every match reads of a store, packed so that a match touches one
/// small record instead of the whole store (it matters at 100,000 stores).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HotStore {
    pub offer: Offer,
    pub boosted: bool,
    /// Whether a stand-down domain rule can apply to its pages.
    pub domain_rules: bool,
}

/// The hot records back to back, 12 bytes each: the offer's kind, flags
/// (`upTo`, boosted, domain rules), two bytes unused, and the rate, amount or
/// points as a u64, little endian. Restored from a snapshot by one copy.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct HotTable {
    #[serde(with = "serde_bytes")]
    bytes: Vec<u8>,
}

const HOT_WIDTH: usize = 12;

impl HotTable {
    pub fn push(&mut self, hot: HotStore) {
        let (kind, up_to, value) = match hot.offer {
            Offer::Percent { rate_bps, up_to } => (0u8, up_to, u64::from(rate_bps)),
            Offer::Flat { amount_minor } => (1, false, amount_minor),
            Offer::Points { points } => (2, false, points),
        };
        let flags = u8::from(up_to) | u8::from(hot.boosted) << 1 | u8::from(hot.domain_rules) << 2;
        self.bytes.extend_from_slice(&[kind, flags, 0, 0]);
        self.bytes.extend_from_slice(&value.to_le_bytes());
    }

    pub fn len(&self) -> usize {
        self.bytes.len() / HOT_WIDTH
    }

    pub fn is_well_formed(&self) -> bool {
        self.bytes.len() % HOT_WIDTH == 0
    }

    /// The record at `index`; `None` past the end or for a damaged one.
    pub fn get(&self, index: StoreIndex) -> Option<HotStore> {
        let at = index as usize * HOT_WIDTH;
        let record = self.bytes.get(at..at + HOT_WIDTH)?;
        let value = u64::from_le_bytes(record[4..].try_into().ok()?);
        let flags = record[1];
        let offer = match record[0] {
            0 => Offer::Percent {
                rate_bps: u32::try_from(value).ok()?,
                up_to: flags & 1 != 0,
            },
            1 => Offer::Flat {
                amount_minor: value,
            },
            2 => Offer::Points { points: value },
            _ => return None,
        };
        Some(HotStore {
            offer,
            boosted: flags & 2 != 0,
            domain_rules: flags & 4 != 0,
        })
    }

    pub fn set_domain_rules(&mut self, index: StoreIndex, on: bool) {
        if let Some(flags) = self.bytes.get_mut(index as usize * HOT_WIDTH + 1) {
            *flags = (*flags & !4) | u8::from(on) << 2;
        }
    }
}
