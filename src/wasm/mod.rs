//! The wasm-bindgen boundary (API.md): converts between JavaScript values and
//! the core's types, and does nothing else. Every decision is in the core.
//!
//! Inputs arrive as `JsValue` and are checked here, so that any value a
//! script passes gives either an answer or an `Error` with a clear message,
//! never a panic. Outputs are plain JSON-compatible objects that
//! `chrome.storage` can keep as they are: serde structs (`shapes.rs`), which
//! also give `pkg/shoptrip.d.ts` its types.
//!
//! Small results cross with serde-wasm-bindgen, which builds the objects
//! directly. Every trip and the trips report cross as serde_json text and
//! one `JSON.parse` (gloo-utils), measured with `node bench/boundary.mjs
//! /tmp/swb/pkg` against a build that sends them through serde-wasm-bindgen,
//! round by round in one process, three runs over 10,000 trips:
//! `trips()` 32–57 ms as text against 44–74 ms as objects (1.3–1.4×
//! faster), `report()` 97–146 ms against 100–150 ms (the same within 4%:
//! the report's own work dominates).
//!
//! `matchUrl` runs on every navigation. Its result objects are assembled in
//! JavaScript from parts cached per store (id, name, frozen offer object,
//! badge), so a call decodes one string (the host) and creates one object.

mod account;
mod convert;
mod lookalike;
mod publisher;
mod report;
mod settings;
mod shapes;
pub mod storage;
pub mod trips;

use crate::catalog::Offer;
use crate::engine::{Engine, EngineError, StandDown};
use crate::page_url::PageUrl;
use crate::rewards::{self, Program};
use convert::{js_error, now_or};
use shapes::{to_js, OfferView};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

// Two helpers for the hot path. `encodeInto` writes a URL straight into a
// buffer the engine keeps in wasm memory (the generated glue would copy it
// character by character); `makeMatch` assembles the result from cached parts.
#[wasm_bindgen(inline_js = "
const encoder = new TextEncoder();
let view = null;
let viewPtr = -1;
let viewLen = -1;
export function encodeInto(value, memory, ptr, len) {
  if (typeof value !== 'string') return -1;
  if (value.length * 3 > len) return -2;
  // Growing the memory detaches the old buffer (byteLength 0): asking the
  // memory for its buffer on every call would cost more than the encoding.
  if (view === null || view.byteLength === 0 || viewPtr !== ptr || viewLen !== len) {
    view = new Uint8Array(memory.buffer, ptr, len);
    viewPtr = ptr;
    viewLen = len;
  }
  return encoder.encodeInto(value, view).written;
}
export function makeMatch(storeId, storeName, url, hostStart, hostEnd, host, offer, badge, standDown) {
  if (host === undefined) host = url.slice(hostStart, hostEnd);
  return { storeId, storeName, host, offer, badge, standDown };
}
export function makeLookalike(storeId, storeName, domain, kind) {
  return { storeId, storeName, domain, kind };
}")]
extern "C" {
    #[wasm_bindgen(js_name = encodeInto)]
    fn encode_into(value: &JsValue, memory: &JsValue, ptr: u32, len: u32) -> i32;

    /// `host` undefined means `url.slice(host_start, host_end)`.
    #[wasm_bindgen(js_name = makeMatch)]
    #[allow(clippy::too_many_arguments)]
    fn make_match(
        store_id: &JsValue,
        store_name: &JsValue,
        url: &JsValue,
        host_start: u32,
        host_end: u32,
        host: &JsValue,
        offer: &JsValue,
        badge: &JsValue,
        stand_down: &JsValue,
    ) -> JsValue;

    /// A lookalike's answer: serde's object building cost ten times as much.
    #[wasm_bindgen(js_name = makeLookalike)]
    pub(super) fn make_lookalike(
        store_id: &str,
        store_name: &str,
        domain: &str,
        kind: &str,
    ) -> JsValue;
}

/// A buffer in wasm memory that URLs are encoded into, grown as needed.
pub(super) struct UrlBuffer {
    bytes: Box<[u8]>,
    /// The module's `WebAssembly.Memory` (the same object for its lifetime).
    memory: JsValue,
}

/// Stands for any string too long to be a URL a browser would load.
const TOO_LONG: &str = "";

impl UrlBuffer {
    /// The string `value` holds, or `None` when it is no string. A string
    /// too long to be a URL (see `MAX_URL_LEN`) reads as [`TOO_LONG`].
    pub(super) fn read(&mut self, value: &JsValue) -> Option<&str> {
        loop {
            let written = encode_into(
                value,
                &self.memory,
                self.bytes.as_ptr() as u32,
                self.bytes.len() as u32,
            );
            match written {
                -1 => return None,
                -2 => {
                    let length = js_sys::JsString::from(value.clone()).length() as usize;
                    if length > crate::page_url::MAX_URL_LEN {
                        return Some(TOO_LONG);
                    }
                    self.bytes = vec![0; (length * 3).next_power_of_two()].into_boxed_slice();
                }
                n => return std::str::from_utf8(&self.bytes[..n as usize]).ok(),
            }
        }
    }
}

/// JS values for one store, valid while its offer and the program are the same.
struct CachedStore {
    offer: Offer,
    program: Program,
    store_id: JsValue,
    store_name: JsValue,
    offer_js: JsValue,
    badge: JsValue,
}

#[wasm_bindgen(js_name = Engine)]
pub struct JsEngine {
    inner: Engine,
    cache: RefCell<Vec<Option<CachedStore>>>,
    pub(super) url_buffer: RefCell<UrlBuffer>,
    /// The page `matchUrl` last found on no store: the lookalike check that
    /// follows it for the same URL reads its host from here.
    last_miss: RefCell<lookalike::LastMiss>,
}

impl JsEngine {
    pub(crate) fn engine(&self) -> &Engine {
        &self.inner
    }

    fn reset_cache(&mut self) {
        self.cache = RefCell::new(Vec::new());
        self.last_miss = RefCell::new(lookalike::LastMiss::default());
    }
}

/// A JS string as a Rust one, copied by `TextEncoder.encodeInto` (a catalog
/// of 100,000 stores is 10 MB: the generated glue would copy it in a
/// character-by-character loop).
fn read_string(value: &JsValue) -> Option<String> {
    let units = value.dyn_ref::<js_sys::JsString>()?.length() as usize;
    let mut bytes = vec![0u8; units * 3];
    let written = encode_into(
        value,
        &wasm_bindgen::memory(),
        bytes.as_ptr() as u32,
        bytes.len() as u32,
    );
    bytes.truncate(usize::try_from(written).ok()?);
    String::from_utf8(bytes).ok()
}

fn string_arg(value: &JsValue, what: &str) -> Result<String, JsValue> {
    read_string(value).ok_or_else(|| js_error("InputError", &format!("{what} must be a string")))
}

/// A catalog's text, refused by its length before it is copied into wasm
/// memory: a string of more UTF-16 units than the byte limit is certainly
/// over it, and wasm memory grown for it would never be given back.
impl JsEngine {
    fn wrap(inner: Engine) -> JsEngine {
        JsEngine {
            inner,
            cache: RefCell::new(Vec::new()),
            url_buffer: RefCell::new(UrlBuffer {
                bytes: vec![0; 4096].into_boxed_slice(),
                memory: wasm_bindgen::memory(),
            }),
            last_miss: RefCell::default(),
        }
    }
}

fn catalog_arg(value: &JsValue) -> Result<String, JsValue> {
    use crate::catalog::MAX_CATALOG_BYTES;
    if let Some(text) = value.dyn_ref::<js_sys::JsString>() {
        let units = text.length() as usize;
        if units > MAX_CATALOG_BYTES {
            return Err(js_error(
                "CatalogError",
                &format!(
                    "the catalog is {units} characters; the limit is {MAX_CATALOG_BYTES} bytes"
                ),
            ));
        }
    }
    string_arg(value, "the catalog")
}

#[inline(never)]
fn program_arg(value: &JsValue) -> Result<Program, JsValue> {
    let name = string_arg(value, "program")?;
    Program::parse(&name).map_err(|e| JsValue::from(EngineError::Reward(e)))
}

/// The hash a snapshot is bound to, of a catalog document's bytes: 16 hex
/// digits, to keep with the catalog.
#[wasm_bindgen(js_name = catalogHash)]
pub fn catalog_hash(catalog: &[u8]) -> String {
    format!("{:016x}", crate::engine::catalog_hash(catalog))
}

fn hash_from_text(text: &str) -> Result<u64, JsValue> {
    u64::from_str_radix(text, 16)
        .ok()
        .filter(|_| text.len() == 16)
        .ok_or_else(|| js_error("InputError", "a catalog hash is 16 hex digits"))
}

impl From<EngineError> for JsValue {
    fn from(e: EngineError) -> JsValue {
        js_error(e.name(), &e.to_string())
    }
}

#[wasm_bindgen(js_class = Engine)]
impl JsEngine {
    /// Loads a catalog (CATALOG.md); throws an `Error` listing every problem.
    #[wasm_bindgen(constructor)]
    pub fn new(catalog_json: JsValue) -> Result<JsEngine, JsValue> {
        let json = catalog_arg(&catalog_json)?;
        Ok(JsEngine::wrap(Engine::with_suffixes(
            &json,
            lookalike::suffixes(),
        )?))
    }

    /// An engine for a catalog from a feed: as the constructor, and a domain
    /// entry that is a public suffix (`co.uk`, `github.io`) is refused too.
    /// `publicSuffixList` is the text of `public_suffix_list.dat`.
    #[wasm_bindgen(js_name = fromFeed)]
    pub fn from_feed(catalog_json: JsValue, public_suffix_list: &str) -> Result<JsEngine, JsValue> {
        let json = catalog_arg(&catalog_json)?;
        let list = crate::catalog::suffixes::parse_list(public_suffix_list)
            .map_err(|e| js_error("InputError", &e))?;
        Ok(JsEngine::wrap(Engine::from_feed(&json, &list)?))
    }

    /// The engine kept in `snapshot` (from `engine.snapshot`), if this core
    /// wrote it for the catalog whose `catalogHash` is `catalogHash`, and it
    /// is whole; otherwise throws a `SnapshotError` saying which check failed.
    #[wasm_bindgen(js_name = fromSnapshot)]
    pub fn from_snapshot(snapshot: &[u8], catalog_hash: &str) -> Result<JsEngine, JsValue> {
        let hash = hash_from_text(catalog_hash)?;
        Ok(JsEngine::wrap(
            Engine::from_snapshot(snapshot, hash).map_err(EngineError::from)?,
        ))
    }

    /// Builds what every engine shares (the built-in stand-down packs) now,
    /// while the caller waits for something else anyway.
    pub fn prepare() {
        Engine::prepare();
    }

    /// This engine as bytes to keep beside its catalog; `catalogHash` is
    /// the `catalogHash` of the document it was built from.
    pub fn snapshot(&self, catalog_hash: &str) -> Result<Vec<u8>, JsValue> {
        Ok(self.inner.snapshot(hash_from_text(catalog_hash)?))
    }

    #[wasm_bindgen(getter, js_name = storeCount)]
    pub fn store_count(&self) -> u32 {
        self.inner.store_count() as u32
    }

    #[wasm_bindgen(getter)]
    pub fn region(&self) -> String {
        self.inner.catalog().region.clone()
    }

    /// The catalog's `updated` date (`YYYY-MM-DD`), or `null`.
    #[wasm_bindgen(getter)]
    pub fn updated(&self) -> Option<String> {
        self.inner.catalog().updated.map(|d| d.to_string())
    }

    #[wasm_bindgen(getter)]
    pub fn currency(&self) -> String {
        self.inner.catalog().currency.code.to_owned()
    }

    /// The partner store `url` belongs to, or `null`. Never throws.
    #[wasm_bindgen(unchecked_return_type = "UrlMatch | null", js_name = matchUrl)]
    pub fn match_url(&self, url: JsValue, referrer: JsValue) -> JsValue {
        let input = url;
        let mut buffer = self.url_buffer.borrow_mut();
        let Some(url) = buffer.read(&input) else {
            return JsValue::NULL;
        };
        let referrer = if referrer.is_undefined() || referrer.is_null() {
            None
        } else {
            referrer.as_string()
        };
        let now = || js_sys::Date::now() as i64;
        let Some(page) = PageUrl::parse(url).filter(PageUrl::host_is_resolvable) else {
            return JsValue::NULL;
        };
        let m = match self.inner.match_page(page, referrer.as_deref(), &now) {
            Ok(m) => m,
            Err(page) => {
                self.last_miss
                    .borrow_mut()
                    .remember(&input, page.host_for_matching());
                return JsValue::NULL;
            }
        };
        let program = self.inner.program();
        let mut cache = self.cache.borrow_mut();
        let index = m.store_index as usize;
        if cache.len() <= index {
            cache.resize_with(index + 1, || None);
        }
        let fresh = matches!(&cache[index], Some(c) if c.offer == m.offer && c.program == program);
        if !fresh {
            let currency = self.inner.catalog().currency;
            let offer_js = to_js(&OfferView::new(m.offer, currency, program));
            js_sys::Object::freeze(offer_js.unchecked_ref::<js_sys::Object>());
            cache[index] = Some(CachedStore {
                offer: m.offer,
                program,
                store_id: JsValue::from_str(&m.store.id),
                store_name: JsValue::from_str(&m.store.name),
                offer_js,
                badge: JsValue::from_str(&rewards::badge(m.offer, currency, program)),
            });
        }
        let Some(c) = &cache[index] else {
            return JsValue::NULL;
        };
        let stand_down = m.stand_down.as_ref().map_or(JsValue::NULL, stand_down_js);
        // The fast path's host is a slice of an all-ASCII input, where byte
        // and UTF-16 offsets agree: JS slices its own string, nothing decodes.
        let start = (m.host.as_ptr() as usize).checked_sub(url.as_ptr() as usize);
        let (start, end, host) = match (&m.host, start) {
            (std::borrow::Cow::Borrowed(host), Some(start)) if start + host.len() <= url.len() => (
                start as u32,
                (start + host.len()) as u32,
                JsValue::UNDEFINED,
            ),
            (host, _) => (0, 0, JsValue::from_str(host)),
        };
        make_match(
            &c.store_id,
            &c.store_name,
            &input,
            start,
            end,
            &host,
            &c.offer_js,
            &c.badge,
            &stand_down,
        )
    }

    /// The reward for an order: `{ amountMinor, points, display }`.
    #[wasm_bindgen(unchecked_return_type = "EstimateView")]
    pub fn estimate(
        &self,
        store_id: JsValue,
        subtotal_minor: JsValue,
        program: JsValue,
        at_ms: JsValue,
    ) -> Result<JsValue, JsValue> {
        let store_id = string_arg(&store_id, "storeId")?;
        let subtotal = convert::minor_units(&subtotal_minor)?;
        let program = program_arg(&program)?;
        let at = now_or(&at_ms)?;
        let estimate = self.inner.estimate(&store_id, subtotal, program, at)?;
        Ok(to_js(&shapes::EstimateView::from(&estimate)))
    }

    /// The stand-down decision for an arrival: landing URL, then referrer and
    /// redirect hops; `cookieNames`, the names (never values) of the cookies
    /// the landing host has, may be absent. `null` when ShopTrip may offer
    /// activation.
    #[wasm_bindgen(unchecked_return_type = "StandDownView | null", js_name = standDown)]
    pub fn stand_down(
        &self,
        urls: JsValue,
        now_ms: JsValue,
        cookie_names: JsValue,
    ) -> Result<JsValue, JsValue> {
        if !js_sys::Array::is_array(&urls) {
            return Err(js_error("InputError", "urls must be an array of strings"));
        }
        let urls: Vec<String> = js_sys::Array::from(&urls)
            .iter()
            .filter_map(|u| u.as_string())
            .collect();
        let refs: Vec<&str> = urls.iter().map(String::as_str).collect();
        let now = now_or(&now_ms)?;
        let names = convert::cookie_names(&cookie_names);
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        Ok(self
            .inner
            .stand_down(&refs, now, &names)
            .as_ref()
            .map_or(JsValue::NULL, stand_down_js))
    }

    /// The store's tracking link for a trip, or `null` when it has none.
    #[wasm_bindgen(js_name = trackingUrl)]
    pub fn tracking_url(&self, store_id: &str, trip_id: &str, page_url: &str) -> Option<String> {
        self.inner.tracking_url(store_id, trip_id, page_url)
    }

    /// Where Shop Now sends the tab for a trip: the tracking link, or the
    /// store itself when it has none. `null` for an unknown store.
    #[wasm_bindgen(js_name = shopNowUrl)]
    pub fn shop_now_url(&self, store_id: &str, trip_id: &str, start_url: &str) -> Option<String> {
        self.inner.shop_now_url(store_id, trip_id, start_url)
    }

    /// Everything the popup shows about a store, or `null`.
    #[wasm_bindgen(unchecked_return_type = "StoreView | null")]
    pub fn store(&self, store_id: &str, at_ms: JsValue) -> Result<JsValue, JsValue> {
        let at = now_or(&at_ms)?;
        Ok(self.inner.store(store_id).map_or(JsValue::NULL, |s| {
            to_js(&shapes::StoreView::new(s, &self.inner, at))
        }))
    }

    /// A typed amount in the catalog currency, in minor units.
    #[wasm_bindgen(js_name = parseAmount)]
    pub fn parse_amount(&self, text: &str) -> Result<f64, JsValue> {
        Ok(self.inner.parse_amount(text)? as f64)
    }

    /// Minor units of the catalog currency as shoppers read them.
    #[wasm_bindgen(js_name = formatMoney)]
    pub fn format_money(&self, minor: JsValue) -> Result<String, JsValue> {
        Ok(self.inner.format_money(convert::minor_units(&minor)?))
    }

    /// Stores whose name contains `query`, for the popup's search.
    #[wasm_bindgen(unchecked_return_type = "StoreSummary[]")]
    pub fn search(&self, query: &str, limit: u32) -> JsValue {
        let now = js_sys::Date::now() as i64;
        let found = self.inner.search(query, limit as usize);
        let found: Vec<_> = found
            .into_iter()
            .map(|s| shapes::StoreSummary::new(s, &self.inner, now))
            .collect();
        to_js(&found)
    }

    #[wasm_bindgen(getter)]
    pub fn program(&self) -> String {
        self.inner.program().as_str().to_owned()
    }

    /// Sets the account's program: badges and offer texts follow it.
    #[wasm_bindgen(js_name = setProgram)]
    pub fn set_program(&mut self, program: JsValue) -> Result<(), JsValue> {
        let program = program_arg(&program)?;
        self.inner.set_program(program);
        Ok(())
    }

    /// Replaces the catalog if `json` is valid; otherwise throws and keeps it.
    #[wasm_bindgen(js_name = replaceCatalog)]
    pub fn replace_catalog(&mut self, json: JsValue) -> Result<(), JsValue> {
        let json = catalog_arg(&json)?;
        self.inner.replace_catalog(&json, lookalike::suffixes())?;
        self.reset_cache();
        Ok(())
    }

    /// Adds a stand-down policy pack; returns what it left out or approximated.
    #[wasm_bindgen(js_name = addStandDownPack)]
    pub fn add_stand_down_pack(
        &mut self,
        name: &str,
        json: JsValue,
    ) -> Result<Vec<String>, JsValue> {
        let json = string_arg(&json, "the policy pack")?;
        let notices = self.inner.add_policy_pack(name, &json)?;
        Ok(notices.iter().map(ToString::to_string).collect())
    }

    /// What loading the stand-down packs left out or approximated.
    #[wasm_bindgen(getter, js_name = standDownNotices)]
    pub fn stand_down_notices(&self) -> Vec<String> {
        self.inner
            .policy_notices()
            .iter()
            .map(ToString::to_string)
            .collect()
    }
}

fn stand_down_js(sd: &StandDown) -> JsValue {
    to_js(&shapes::StandDownView::from(sd))
}
