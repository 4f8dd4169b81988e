//! `TripJournal`: the shopper's trips, persisted through a storage adapter.
//! Every change is written before the call returns; when the write fails the
//! change is undone and the call throws, so memory and storage never differ.

use super::convert::{js_error, js_message, minor_units, now_or};
use super::shapes::{to_js, to_js_by_text, FailureView, TabViewJs};
use super::storage::{JsObjectStore, LocalStore};
use super::{program_arg, string_arg, JsEngine};
use crate::document::quoted;
use crate::engine::EngineError;
use crate::navigation::{self, Navigation, TrackingEvent};
use crate::storage::KeyValueStore;
use crate::trips::{self, Entropy, TripBook, TripStatus};
use wasm_bindgen::prelude::*;

/// The platform's `crypto.getRandomValues` (windows, workers and Node), by
/// web-sys.
struct WebCrypto;

impl Entropy for WebCrypto {
    fn fill(&mut self, buf: &mut [u8]) -> Result<(), String> {
        let crypto = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("crypto"))
            .ok()
            .filter(JsValue::is_object)
            .ok_or("no crypto object")?;
        // Not `dyn_into`: Node's `crypto` is no `instanceof Crypto` everywhere.
        crypto
            .unchecked_into::<web_sys::Crypto>()
            .get_random_values_with_u8_array(buf)
            .map(drop)
            .map_err(|e| format!("crypto.getRandomValues failed: {}", js_message(&e)))
    }
}

/// Redirect hops beyond this many are not looked at (a redirect loop).
const MAX_HOPS: usize = 32;

fn tab_id_arg(value: &JsValue) -> Option<i64> {
    value
        .as_f64()
        .filter(|t| t.fract() == 0.0 && t.abs() < 9e15)
        .map(|t| t as i64)
}

#[wasm_bindgen]
pub struct TripJournal {
    pub(super) book: TripBook,
    store: Box<dyn KeyValueStore>,
    issues: Vec<trips::LoadIssue>,
    /// The build's publisher; `None` until one is set: the demo.
    pub(super) publisher: Option<crate::publisher::Profile>,
}

impl TripJournal {
    /// Applies `change`, saves, and undoes the change if saving fails.
    pub(super) fn commit<T>(
        &mut self,
        change: impl FnOnce(&mut TripBook) -> Result<T, EngineError>,
    ) -> Result<T, JsValue> {
        self.commit_if(change, |_| true)
    }

    /// [`Self::commit`], saving only when `changed` says the result changed
    /// something.
    pub(super) fn commit_if<T>(
        &mut self,
        change: impl FnOnce(&mut TripBook) -> Result<T, EngineError>,
        changed: impl FnOnce(&T) -> bool,
    ) -> Result<T, JsValue> {
        let before = self.book.clone();
        let result = change(&mut self.book).and_then(|value| {
            if changed(&value) {
                self.book.save(self.store.as_mut())?;
            }
            Ok(value)
        });
        if result.is_err() {
            self.book = before;
        }
        result.map_err(JsValue::from)
    }

    fn tracking(
        &mut self,
        engine: &JsEngine,
        trip_id: &str,
        url: &str,
        event: TrackingEvent,
        now_ms: JsValue,
    ) -> Result<JsValue, JsValue> {
        let now = now_or(&now_ms)?;
        let engine = engine.engine();
        let failure = self.commit_if(
            |book| {
                Ok(navigation::tracking_event(
                    engine, book, trip_id, url, event, now,
                )?)
            },
            Option::is_some,
        )?;
        let start_url = self.book.get(trip_id).map(|t| t.start_url.clone());
        Ok(match (failure, start_url) {
            (Some(failure), Some(start_url)) => to_js(&FailureView {
                at_ms: Some(failure.at_ms),
                start_url: Some(&start_url),
                ..FailureView::new(failure.reason, &failure.host)
            }),
            _ => JsValue::NULL,
        })
    }

    fn trip_js(&self, id: &str) -> JsValue {
        self.book.get(id).map_or(JsValue::NULL, to_js_by_text)
    }
}

#[wasm_bindgen]
impl TripJournal {
    /// `storage`: `"local"` for `localStorage`, or an object with synchronous
    /// `get`, `set`, `remove` and `keys` methods.
    #[wasm_bindgen(constructor)]
    pub fn new(storage: JsValue, now_ms: JsValue) -> Result<TripJournal, JsValue> {
        let mut store: Box<dyn KeyValueStore> = if storage.as_string().as_deref() == Some("local") {
            Box::new(LocalStore)
        } else {
            Box::new(JsObjectStore::new(storage).map_err(|e| js_error("StorageError", &e))?)
        };
        let now = now_or(&now_ms)?;
        let (book, issues) = TripBook::load(store.as_mut(), now);
        Ok(TripJournal {
            book,
            store,
            issues,
            publisher: None,
        })
    }

    /// What loading set aside: `[{ message, backupKey }]`.
    #[wasm_bindgen(unchecked_return_type = "LoadIssue[]", js_name = loadIssues)]
    pub fn load_issues(&self) -> JsValue {
        to_js(&self.issues)
    }

    /// Every trip, oldest first.
    #[wasm_bindgen(unchecked_return_type = "Trip[]")]
    pub fn trips(&self) -> JsValue {
        to_js_by_text(self.book.trips())
    }

    #[wasm_bindgen(unchecked_return_type = "Trip | null")]
    pub fn trip(&self, id: &str) -> JsValue {
        self.trip_js(id)
    }

    /// The shopper clicked Shop Now: records the trip and returns it.
    #[wasm_bindgen(unchecked_return_type = "Trip", js_name = startTrip)]
    pub fn start_trip(
        &mut self,
        engine: &JsEngine,
        store_id: JsValue,
        start_url: JsValue,
        tab_id: JsValue,
        program: JsValue,
        now_ms: JsValue,
    ) -> Result<JsValue, JsValue> {
        let store_id = string_arg(&store_id, "storeId")?;
        let start_url = string_arg(&start_url, "startUrl")?;
        let tab_id = tab_id_arg(&tab_id);
        let program = program_arg(&program)?;
        let now = now_or(&now_ms)?;
        let engine = engine.engine();
        let store = engine.store(&store_id).ok_or_else(|| {
            js_error("TripError", &format!("unknown store {}", quoted(&store_id)))
        })?;
        let id = self.commit(|book| {
            let trip = navigation::start_trip(
                engine,
                book,
                store,
                &start_url,
                tab_id,
                program,
                now,
                &mut WebCrypto,
            )?;
            Ok(trip.id.clone())
        })?;
        Ok(self.trip_js(&id))
    }

    /// Checks the start URLs that the version 5 migration cut to their
    /// origin against the catalog: a store's page stays, anything else
    /// becomes the store's front page. Returns how many were checked; runs
    /// once per upgraded document (nothing is left to check afterwards).
    #[wasm_bindgen(js_name = tidyStartUrls)]
    pub fn tidy_start_urls(&mut self, engine: &JsEngine) -> Result<u32, JsValue> {
        let engine = engine.engine();
        self.commit_if(
            |book| {
                Ok(book.tidy_start_urls(|store_id, url| {
                    engine
                        .store(store_id)
                        .map(|store| engine.page_of_store(store, url))
                }) as u32)
            },
            |n| *n > 0,
        )
    }

    /// Attaches an order (→ Ordered) with its estimate in the trip's program.
    #[wasm_bindgen(unchecked_return_type = "Trip | null", js_name = recordOrder)]
    pub fn record_order(
        &mut self,
        engine: &JsEngine,
        trip_id: &str,
        subtotal_minor: JsValue,
        order_number: Option<String>,
        source: &str,
        now_ms: JsValue,
    ) -> Result<JsValue, JsValue> {
        let subtotal = minor_units(&subtotal_minor)?;
        let now = now_or(&now_ms)?;
        if !matches!(source, "page" | "manual") {
            return Err(js_error(
                "InputError",
                "source must be \"page\" or \"manual\"",
            ));
        }
        let trip = self
            .book
            .get(trip_id)
            .ok_or_else(|| js_error("TripError", &format!("unknown trip {}", quoted(trip_id))))?;
        let program = program_arg(&JsValue::from_str(&trip.program))?;
        let estimate =
            engine
                .engine()
                .estimate(&trip.store_id, subtotal, program, trip.started_ms)?;
        let order = trips::order(subtotal, order_number, source, now, estimate);
        self.commit(|book| {
            book.record_order(trip_id, order, now)?;
            Ok(())
        })?;
        Ok(self.trip_js(trip_id))
    }

    /// Moves a trip to `status` if its lifecycle allows it.
    #[wasm_bindgen(unchecked_return_type = "Trip | null", js_name = setStatus)]
    pub fn set_status(
        &mut self,
        trip_id: &str,
        status: &str,
        now_ms: JsValue,
    ) -> Result<JsValue, JsValue> {
        let status = TripStatus::parse(status).ok_or_else(|| {
            js_error(
                "InputError",
                &format!("unknown trip status {}", quoted(status)),
            )
        })?;
        let now = now_or(&now_ms)?;
        self.commit(|book| {
            book.set_status(trip_id, status, now)?;
            Ok(())
        })?;
        Ok(self.trip_js(trip_id))
    }

    /// The statuses a trip may move to next (`"ordered"` needs an order:
    /// use `recordOrder`). Empty for an unknown trip.
    #[wasm_bindgen(js_name = allowedStatuses)]
    pub fn allowed_statuses(&self, trip_id: &str) -> Vec<String> {
        self.book.get(trip_id).map_or_else(Vec::new, |trip| {
            trip.status
                .next_steps()
                .into_iter()
                .map(|s| s.as_str().to_owned())
                .collect()
        })
    }

    /// The newest Activated trip at `store_id`, or `null`.
    #[wasm_bindgen(unchecked_return_type = "Trip | null", js_name = activeTrip)]
    pub fn active_trip(&self, store_id: &str, now_ms: JsValue) -> Result<JsValue, JsValue> {
        let now = now_or(&now_ms)?;
        Ok(self
            .book
            .active_trip(store_id, now)
            .map_or(JsValue::NULL, to_js_by_text))
    }

    /// Expires stale activations; returns how many changed.
    #[wasm_bindgen(js_name = expireStale)]
    pub fn expire_stale(&mut self, now_ms: JsValue) -> Result<u32, JsValue> {
        let now = now_or(&now_ms)?;
        self.commit_if(|book| Ok(book.expire_stale(now) as u32), |n| *n > 0)
    }

    /// A navigation the browser committed in tab `tabId`: records what it
    /// tells (a stand-down, from the URLs or from `cookieNames`, the names of
    /// the page host's cookies; the trip's tab landing back on its store) and
    /// returns the tab's view, `{ storeId, storeName, state, badge, offer,
    /// standDown, activeTripId, landing }`, or `null` off the partner stores.
    /// `state` is `"offer"`, `"paused"` or `"active"`; `landing` is set once,
    /// when the shopper should see the confirmation. A failed save is
    /// reported as `saveError`; what was learnt stays in memory.
    // The JavaScript API's positional arguments, as README documents them.
    #[allow(clippy::too_many_arguments)]
    #[wasm_bindgen(unchecked_return_type = "TabView | null")]
    pub fn arrive(
        &mut self,
        engine: &JsEngine,
        url: JsValue,
        referrer: JsValue,
        hops: JsValue,
        tab_id: JsValue,
        now_ms: JsValue,
        cookie_names: JsValue,
    ) -> Result<JsValue, JsValue> {
        let Some(url) = url.as_string() else {
            return Ok(JsValue::NULL);
        };
        let names = super::convert::cookie_names(&cookie_names);
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let referrer = referrer.as_string().filter(|r| !r.is_empty());
        let hops: Vec<String> = if js_sys::Array::is_array(&hops) {
            js_sys::Array::from(&hops)
                .iter()
                .filter_map(|h| h.as_string())
                .take(MAX_HOPS)
                .collect()
        } else {
            Vec::new()
        };
        let hop_refs: Vec<&str> = hops.iter().map(String::as_str).collect();
        let now = now_or(&now_ms)?;
        let nav = Navigation {
            url: &url,
            referrer: referrer.as_deref(),
            hops: &hop_refs,
            tab_id: tab_id_arg(&tab_id),
            cookie_names: &names,
        };
        let engine = engine.engine();
        let Some((view, changed)) = navigation::arrive(engine, &mut self.book, &nav, now) else {
            return Ok(JsValue::NULL);
        };
        let save_error = if changed {
            self.book
                .save(self.store.as_mut())
                .err()
                .map(|e| e.to_string())
        } else {
            None
        };
        Ok(to_js(&TabViewJs::new(&view, engine, save_error)))
    }

    /// How long Shop Now's tracking link has to land the tab on the store
    /// (ms); the worker gives up on it then and calls `trackingTimeout`.
    #[wasm_bindgen(js_name = trackingLimitMs, getter)]
    pub fn tracking_limit_ms(&self) -> f64 {
        trips::TRACKING_LIMIT_MS as f64
    }

    /// A main-frame request of the trip's tab failed with the browser's
    /// network `error` (`net::ERR_…`, `NS_ERROR_…`). Returns the tracking
    /// failure it records (`{ reason, status, host, atMs, startUrl }`), or
    /// `null` when it is none (the store's own page, a cancelled
    /// navigation, a trip that already landed or failed).
    #[wasm_bindgen(unchecked_return_type = "FailedHop | null", js_name = trackingError)]
    pub fn tracking_error(
        &mut self,
        engine: &JsEngine,
        trip_id: &str,
        url: &str,
        error: &str,
        now_ms: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.tracking(engine, trip_id, url, TrackingEvent::NetError(error), now_ms)
    }

    /// A main-frame response of the trip's tab had HTTP `status`: a failure
    /// when it is 400 or more before the store. As `trackingError`.
    #[wasm_bindgen(unchecked_return_type = "FailedHop | null", js_name = trackingStatus)]
    pub fn tracking_status(
        &mut self,
        engine: &JsEngine,
        trip_id: &str,
        url: &str,
        status: u16,
        now_ms: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.tracking(engine, trip_id, url, TrackingEvent::Status(status), now_ms)
    }

    /// The tracking limit passed: a failure unless the tab landed on the
    /// store. As `trackingError`.
    #[wasm_bindgen(unchecked_return_type = "FailedHop | null", js_name = trackingTimeout)]
    pub fn tracking_timeout(
        &mut self,
        engine: &JsEngine,
        trip_id: &str,
        now_ms: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.tracking(engine, trip_id, "", TrackingEvent::Timeout, now_ms)
    }

    /// The notice for tab `tabId`, now at `url`, if a failed tracking link
    /// sent it back there: `{ tripId, storeId, storeName, reason, host }`
    /// once, else `null`.
    #[wasm_bindgen(unchecked_return_type = "TrackingNotice | null", js_name = takeTrackingNotice)]
    pub fn take_tracking_notice(
        &mut self,
        engine: &JsEngine,
        tab_id: JsValue,
        url: &str,
        now_ms: JsValue,
    ) -> Result<JsValue, JsValue> {
        let now = now_or(&now_ms)?;
        let Some(tab_id) = tab_id_arg(&tab_id) else {
            return Ok(JsValue::NULL);
        };
        let engine = engine.engine();
        let notice = self.commit_if(
            |book| Ok(navigation::tracking_notice(engine, book, tab_id, url, now)),
            Option::is_some,
        )?;
        Ok(notice.map_or(JsValue::NULL, |n| {
            to_js(&FailureView {
                trip_id: Some(&n.trip_id),
                store_id: Some(&n.store_id),
                store_name: Some(&n.store_name),
                ..FailureView::new(n.reason, &n.host)
            })
        }))
    }

    /// The view of a tab at `url` from what is known, recording nothing.
    #[wasm_bindgen(unchecked_return_type = "TabView | null")]
    pub fn look(&self, engine: &JsEngine, url: &str, now_ms: JsValue) -> Result<JsValue, JsValue> {
        let now = now_or(&now_ms)?;
        let engine = engine.engine();
        Ok(
            navigation::look(engine, &self.book, url, now).map_or(JsValue::NULL, |view| {
                to_js(&TabViewJs::new(&view, engine, None))
            }),
        )
    }

    /// The view of the store `storeId` (the popup's search), or `null`.
    #[wasm_bindgen(unchecked_return_type = "TabView | null", js_name = lookStore)]
    pub fn look_store(
        &self,
        engine: &JsEngine,
        store_id: &str,
        now_ms: JsValue,
    ) -> Result<JsValue, JsValue> {
        let now = now_or(&now_ms)?;
        let engine = engine.engine();
        Ok(engine.store(store_id).map_or(JsValue::NULL, |store| {
            let offer = crate::rewards::offer_at(store, now);
            let view = navigation::view(engine, &self.book, store, offer, now);
            to_js(&TabViewJs::new(&view, engine, None))
        }))
    }

    /// The stand-downs on record (each `{ storeId, network, networkName,
    /// reason, rule, sinceMs, untilMs }`).
    #[wasm_bindgen(unchecked_return_type = "StandDownRecord[]", js_name = standDowns)]
    pub fn stand_downs(&self) -> JsValue {
        to_js_by_text(self.book.stand_downs())
    }

    /// Forgets ended trips past their retention and expired stand-downs;
    /// returns how many trips went. Trips that can still change stay.
    #[wasm_bindgen(js_name = applyRetention)]
    pub fn apply_retention(&mut self, now_ms: JsValue) -> Result<u32, JsValue> {
        let now = now_or(&now_ms)?;
        self.commit_if(|book| Ok(book.apply_retention(now) as u32), |n| *n > 0)
    }

    /// Deletes everything: trips, stand-downs and settings (a new account).
    pub fn clear(&mut self) -> Result<(), JsValue> {
        self.commit(|book| {
            book.clear();
            Ok(())
        })?;
        // A publisher's build keeps its feeds: they are not the shopper's data.
        self.follow_publisher()
    }

    /// The stored document, for export.
    #[wasm_bindgen(js_name = toJSON)]
    pub fn to_json(&self) -> String {
        self.book.to_json()
    }
}
