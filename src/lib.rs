//! ShopTrip's core: everything the cash-back extension decides, as plain Rust.
//!
//! - [`catalog`]: the partner catalog (CATALOG.md), validated whole.
//! - [`page_url`]: a page URL as a browser takes it, with a fast path.
//! - [`matcher`]: URL → store over a hostname-suffix index.
//! - [`standdown`]: standing down for other affiliates, rules as data.
//! - [`rewards`], [`money`], [`payout`]: what a purchase earns and when it is paid.
//! - [`publisher`]: the rewards program that runs ShopTrip: its profile and rules.
//! - [`trips`], [`storage`]: shopping trips, their lifecycle and their storage.
//! - [`settings`]: the shopper's program, region, notifications, muted sites.
//! - [`search_results`]: offer labels beside partner results on search pages.
//! - [`document`]: reading JSON documents strictly, with messages by path.
//! - [`engine`]: the façade the JavaScript API wraps.
//! - [`navigation`]: what a navigation means for its tab (badge, confirmation).
//! - `wasm` (wasm32 only): the wasm-bindgen layer, conversions and nothing else.
//!
//! Nothing here touches the browser; the wasm layer passes in the time, the
//! random source and the storage adapter.

pub mod catalog;
pub mod document;
pub mod engine;
#[cfg(not(target_arch = "wasm32"))]
pub mod fuzzing;
pub mod lookalike;
pub mod matcher;
pub mod money;
pub mod navigation;
pub mod page_url;
pub mod payout;
pub mod publisher;
pub mod rewards;
pub mod search_results;
pub mod settings;
pub mod standdown;
pub mod storage;
pub mod time;
pub mod trips;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use engine::{Engine, EngineError, UrlMatch};
