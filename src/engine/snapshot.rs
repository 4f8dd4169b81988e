//! Engine snapshots: a built engine kept as bytes beside its catalog, so a
//! woken worker has its engine without parsing and validating the catalog
//! again (adblock-rust keeps its engine the same way).
//!
//! Why: Chromium stops an idle worker after about 30 seconds, so most
//! navigations wake a cold one, and the badge waits for the engine. Parsing
//! a 10,000-store feed cold took 100 ms of a 245 ms first badge; reading its
//! snapshot takes a few milliseconds (figures in the README, "Cold start").
//!
//! A snapshot is trusted only after every check has passed; any failure is a
//! [`SnapshotError`] and the caller builds the engine from the catalog:
//! - the magic bytes, then an envelope that names the core and format that
//!   wrote it: a snapshot from another core version is refused, since its
//!   records and the built-in stand-down rules it was built with may differ;
//! - the xxh3 hash of the catalog's bytes it was built from, against the
//!   hash of the catalog in use: a snapshot for another catalog is refused.
//!   The caller keeps that hash with the catalog, written in the same step
//!   as the catalog itself, so a cold start need not read a megabyte of
//!   catalog to hash it (the engine never reads that catalog either);
//! - the xxh3 checksum of the body: a damaged or truncated one is refused;
//! - the body's tables against each other (counts, store indexes), so that
//!   even a body crafted to pass the checksum cannot make a lookup panic.
//!
//! The body is postcard (serde): the index's hash tables and string arenas
//! as built, the per-store fields every match reads, each store's record,
//! decoded on first use ([`super::stores::StoreTable`]), and the lookalike
//! check's index (src/lookalike/index.rs).

use super::stores::{HotTable, Slices, StoreTable};
use super::{builtin_policies, Engine, Loaded};
use crate::catalog::CatalogInfo;
use crate::lookalike::LookalikeIndex;
use crate::matcher::{DomainIndex, HashedKeys, StoreIndex};
use crate::money::Currency;
use crate::rewards::Program;
use crate::time::Date;
use serde::{Deserialize, Serialize};

const MAGIC: [u8; 8] = *b"STRIPSNP";
/// Raised whenever the body's layout or a serialized type changes.
const FORMAT: u32 = 3;
/// The core that writes and reads snapshots.
pub const CORE_VERSION: &str = env!("CARGO_PKG_VERSION");

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SnapshotError {
    #[error("not an engine snapshot")]
    NotASnapshot,
    #[error(
        "the snapshot was written by ShopTrip core {0}; this is {CORE_VERSION} (format {FORMAT})"
    )]
    OtherCore(String),
    #[error("the snapshot was built from another catalog")]
    OtherCatalog,
    #[error("the snapshot is damaged: {0}")]
    Damaged(&'static str),
}

#[derive(Serialize, Deserialize)]
struct Envelope<'a> {
    magic: [u8; 8],
    core: &'a str,
    format: u32,
    /// The writer's pointer width: the index's FxHash of a string differs
    /// between wasm32 and a 64-bit native build.
    word_bits: u32,
    catalog_hash: u64,
    body_hash: u64,
    body: &'a [u8],
}

/// The engine's parts, borrowed for writing; [`Body`] reads them back, field
/// for field (postcard is positional).
#[derive(Serialize)]
struct BodyRef<'a> {
    region: &'a str,
    currency: &'a str,
    updated: Option<Date>,
    hot: &'a HotTable,
    index: &'a DomainIndex,
    ids: &'a Slices,
    by_id: &'a HashedKeys<StoreIndex>,
    records: &'a Slices,
    lookalikes: &'a LookalikeIndex,
}

#[derive(Deserialize)]
struct Body {
    region: String,
    currency: String,
    updated: Option<Date>,
    hot: HotTable,
    index: DomainIndex,
    ids: Slices,
    by_id: HashedKeys<StoreIndex>,
    records: Slices,
    lookalikes: LookalikeIndex,
}

/// The hash a snapshot keeps of the catalog it was built from.
pub fn catalog_hash(catalog: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(catalog)
}

impl Engine {
    /// This engine as a snapshot, bound to the [`catalog_hash`] of the
    /// document it was built from. The stand-down fields are those of the
    /// built-in rules, whatever packs were added since.
    pub fn snapshot(&self, catalog_hash: u64) -> Vec<u8> {
        let loaded = &self.loaded;
        let builtin = builtin_policies();
        let hot = if std::sync::Arc::ptr_eq(&builtin, &self.policies) {
            std::borrow::Cow::Borrowed(&loaded.hot)
        } else {
            let mut hot = loaded.hot.clone();
            super::mark_domain_rules(&mut hot, &loaded.index, &builtin);
            std::borrow::Cow::Owned(hot)
        };
        let records = loaded.stores.records();
        let body = BodyRef {
            region: &loaded.info.region,
            currency: loaded.info.currency.code,
            updated: loaded.info.updated,
            hot: &hot,
            index: &loaded.index,
            ids: &loaded.ids,
            by_id: &loaded.by_id,
            records: &records,
            lookalikes: &loaded.lookalikes,
        };
        // Serializing plain data into a Vec cannot fail; an empty snapshot
        // would only be refused on reading.
        let body = postcard::to_allocvec(&body).unwrap_or_default();
        let envelope = Envelope {
            magic: MAGIC,
            core: CORE_VERSION,
            format: FORMAT,
            word_bits: usize::BITS,
            catalog_hash,
            body_hash: xxhash_rust::xxh3::xxh3_64(&body),
            body: &body,
        };
        postcard::to_allocvec(&envelope).unwrap_or_default()
    }

    /// The engine kept in `snapshot`, if it passes every check against
    /// `catalog_hash`, the [`catalog_hash`] of the catalog document in use.
    pub fn from_snapshot(snapshot: &[u8], catalog_hash: u64) -> Result<Engine, SnapshotError> {
        let envelope = open(snapshot)?;
        if envelope.catalog_hash != catalog_hash {
            return Err(SnapshotError::OtherCatalog);
        }
        Engine::from_body(envelope.body)
    }

    /// The body's checks and tables, the checksum already passed (the fuzz
    /// target enters here, where a checksum would stop it).
    pub(crate) fn from_body(body: &[u8]) -> Result<Engine, SnapshotError> {
        let body: Body =
            postcard::from_bytes(body).map_err(|_| SnapshotError::Damaged("unreadable body"))?;
        let count = body.ids.len();
        if body.hot.len() != count || body.records.len() != count || count == 0 {
            return Err(SnapshotError::Damaged("its tables disagree"));
        }
        let well_formed = body.hot.is_well_formed()
            && body.ids.is_well_formed()
            && body.records.is_well_formed()
            && body.index.is_well_formed()
            && body.by_id.is_well_formed()
            && body.lookalikes.is_well_formed();
        if !well_formed {
            return Err(SnapshotError::Damaged("a table is cut short"));
        }
        if !body.index.stores_below(count)
            || !body.lookalikes.stores_below(count)
            || !body.by_id.values().all(|v| (v as usize) < count)
        {
            return Err(SnapshotError::Damaged("a store index is out of range"));
        }
        let currency = Currency::from_code(&body.currency)
            .ok_or(SnapshotError::Damaged("unknown currency"))?;
        let loaded = Loaded {
            info: CatalogInfo {
                region: body.region,
                currency,
                updated: body.updated,
            },
            stores: StoreTable::encoded(body.records),
            hot: body.hot,
            index: body.index,
            ids: body.ids,
            by_id: body.by_id,
            lookalikes: body.lookalikes,
        };
        Ok(Engine {
            loaded,
            policies: builtin_policies(),
            program: Program::CashBack,
        })
    }
}

/// A snapshot's engine with its checksum and catalog hash left unchecked:
/// for the fuzz target, which could never forge a checksum to reach the
/// body's reader otherwise.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn restore_unchecked(snapshot: &[u8]) -> Result<Engine, SnapshotError> {
    let envelope: Envelope =
        postcard::from_bytes(snapshot).map_err(|_| SnapshotError::Damaged("truncated"))?;
    Engine::from_body(envelope.body)
}

fn open(snapshot: &[u8]) -> Result<Envelope<'_>, SnapshotError> {
    if !snapshot.starts_with(&MAGIC) {
        return Err(SnapshotError::NotASnapshot);
    }
    let (envelope, rest): (Envelope, _) =
        postcard::take_from_bytes(snapshot).map_err(|_| SnapshotError::Damaged("truncated"))?;
    if !rest.is_empty() {
        return Err(SnapshotError::Damaged("bytes follow its end"));
    }
    if envelope.core != CORE_VERSION
        || envelope.format != FORMAT
        || envelope.word_bits != usize::BITS
    {
        return Err(SnapshotError::OtherCore(format!(
            "{} (format {}, {}-bit)",
            envelope.core.chars().take(32).collect::<String>(),
            envelope.format,
            envelope.word_bits
        )));
    }
    if xxhash_rust::xxh3::xxh3_64(envelope.body) != envelope.body_hash {
        return Err(SnapshotError::Damaged("its checksum does not match"));
    }
    Ok(envelope)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
