//! The partner catalog (CATALOG.md, schema 1): parsed and validated whole.
//!
//! A catalog is loaded completely or not at all. Every problem found is
//! collected, each with the store and field it concerns, so the publisher can
//! fix a feed in one pass; the engine keeps the catalog it had until a new one
//! is accepted. serde reads a well-formed document in one pass; one with a
//! field of the wrong type is parsed into a tree and read store by store,
//! which names every such field.

pub mod check;
mod domain;
mod raw;
pub mod suffixes;
mod validate;

pub use domain::{path_is_under, DomainEntry};

use crate::money::Currency;
use crate::time::Date;

/// Catalogs larger than this are refused before parsing. A 100,000-store
/// catalog is about 10 MB; the worker stops reading a feed at this size, and
/// the wasm layer refuses a longer string before copying it into wasm memory
/// (which never shrinks).
pub const MAX_CATALOG_BYTES: usize = 16 * 1024 * 1024;

/// A catalog's own fields, without its stores: what an engine keeps of a
/// catalog besides the store table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogInfo {
    pub region: String,
    pub currency: Currency,
    pub updated: Option<Date>,
}

#[derive(Debug, Clone)]
pub struct Catalog {
    pub region: String,
    pub currency: Currency,
    pub updated: Option<Date>,
    pub stores: Vec<Store>,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Store {
    pub id: String,
    pub name: String,
    pub domains: Vec<DomainEntry>,
    pub offer: Offer,
    pub categories: Vec<Category>,
    pub boosts: Vec<Boost>,
    pub exclusions: Vec<String>,
    pub coupons: Vec<Coupon>,
    pub tracking: Option<String>,
    pub order_page: Option<OrderPage>,
    pub membership_rewards: bool,
}

/// What a purchase at a store earns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Offer {
    /// A share of the eligible subtotal, in basis points (1..=10000).
    Percent { rate_bps: u32, up_to: bool },
    /// A fixed amount per order, in minor units of the catalog currency.
    Flat { amount_minor: u64 },
    /// A fixed number of store points per order (JPY catalogs: 1 point = ¥1).
    Points { points: u64 },
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Category {
    pub name: String,
    pub offer: Offer,
}

/// A time-boxed rate added to the base percentage, `from` inclusive, `until`
/// exclusive.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Boost {
    pub rate_bps: u32,
    pub from_ms: i64,
    pub until_ms: i64,
    pub label: String,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Coupon {
    pub code: String,
    pub description: String,
    pub expires: Option<Date>,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct OrderPage {
    pub path: String,
    pub subtotal_selector: String,
}

/// One thing wrong with a catalog: where, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The store's id, or `stores[N]` when it has no usable id; empty for the
    /// catalog's own fields.
    pub store: String,
    pub field: String,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.store.is_empty(), self.field.is_empty()) {
            (true, true) => write!(f, "{}", self.message),
            (true, false) => write!(f, "{}: {}", self.field, self.message),
            (false, true) => write!(f, "store {}: {}", self.store, self.message),
            (false, false) => write!(f, "store {}: {}: {}", self.store, self.field, self.message),
        }
    }
}

/// A refused catalog, with every problem found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "catalog refused ({} problem{}):{}",
    .problems.len(),
    if .problems.len() == 1 { "" } else { "s" },
    listed(.problems)
)]
pub struct CatalogError {
    pub problems: Vec<Problem>,
}

/// Each problem on a line of its own.
fn listed(problems: &[Problem]) -> String {
    problems.iter().map(|p| format!("\n- {p}")).collect()
}

impl CatalogError {
    #[inline(never)]
    fn single(field: &str, message: impl Into<String>) -> CatalogError {
        CatalogError {
            problems: vec![Problem {
                store: String::new(),
                field: field.into(),
                message: message.into(),
            }],
        }
    }
}

impl Catalog {
    /// Parses and validates a catalog document.
    pub fn parse(json: &str) -> Result<Catalog, CatalogError> {
        Catalog::parse_with(json, None)
    }

    /// Parses and validates a catalog from a feed: also refuses any domain
    /// entry that is a public suffix in `suffixes`.
    pub fn parse_with(
        json: &str,
        suffixes: Option<&suffixes::SuffixList>,
    ) -> Result<Catalog, CatalogError> {
        if json.len() > MAX_CATALOG_BYTES {
            return Err(CatalogError::single(
                "",
                format!(
                    "the catalog is {} bytes; the limit is {MAX_CATALOG_BYTES}",
                    json.len()
                ),
            ));
        }
        // Whatever serde's error, the store-by-store reading names it.
        match serde_json::from_str::<raw::RawDocument>(json) {
            Ok(doc) => validate::document(doc, suffixes),
            Err(_) => validate::general(json, suffixes),
        }
    }

    pub fn store(&self, id: &str) -> Option<&Store> {
        self.stores.iter().find(|s| s.id == id)
    }

    pub fn info(&self) -> CatalogInfo {
        CatalogInfo {
            region: self.region.clone(),
            currency: self.currency,
            updated: self.updated,
        }
    }

    /// The catalog's own fields and its stores, apart.
    pub fn into_parts(self) -> (CatalogInfo, Vec<Store>) {
        let info = self.info();
        (info, self.stores)
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
