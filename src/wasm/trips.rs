//! `TripJournal`: the shopper's trips, persisted through a storage adapter.
//! Every change is written before the call returns; when the write fails the
//! change is undone and the call throws, so memory and storage never differ.

use super::convert::{js_error, minor_units, now_or, parse_js, tab_view_js, to_js};
use super::storage::{JsObjectStore, LocalStore};
use super::{program_arg, string_arg, JsEngine};
use crate::engine::EngineError;
use crate::money::Currency;
use crate::navigation::{self, Navigation};
use crate::rewards::Program;
use crate::settings::{Eligibility, Region, SettingsError};
use crate::storage::KeyValueStore;
use crate::trips::{self, list_json, one_json, Entropy, TripBook, TripStatus};
use crate::trips::{report, Stored};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = crypto, js_name = getRandomValues, catch)]
    fn get_random_values(buf: &mut [u8]) -> Result<JsValue, JsValue>;
}

/// The platform's `crypto.getRandomValues` (windows, workers and Node).
struct WebCrypto;

impl Entropy for WebCrypto {
    fn fill(&mut self, buf: &mut [u8]) -> Result<(), String> {
        get_random_values(buf)
            .map(drop)
            .map_err(|e| format!("crypto.getRandomValues failed: {e:?}"))
    }
}

fn settings_error(e: SettingsError) -> EngineError {
    EngineError::BadInput(e.to_string())
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
    book: TripBook,
    store: Box<dyn KeyValueStore>,
    issues: Vec<trips::LoadIssue>,
}

impl TripJournal {
    /// Applies `change`, saves, and undoes the change if saving fails.
    fn commit<T>(
        &mut self,
        change: impl FnOnce(&mut TripBook) -> Result<T, EngineError>,
    ) -> Result<T, JsValue> {
        self.commit_if(change, |_| true)
    }

    /// [`Self::commit`], saving only when `changed` says the result changed
    /// something.
    fn commit_if<T>(
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

    fn trip_js(&self, id: &str) -> JsValue {
        self.book
            .get(id)
            .map_or(JsValue::NULL, |t| parse_js(&one_json(t)))
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
        })
    }

    /// What loading set aside: `[{ message, backupKey }]`.
    #[wasm_bindgen(js_name = loadIssues)]
    pub fn load_issues(&self) -> JsValue {
        to_js(|w| {
            w.array(&self.issues, |w, issue| {
                w.object(|f| {
                    f.str("message", &issue.message);
                    f.str_or_null("backupKey", issue.backup_key.as_deref());
                })
            })
        })
    }

    /// Every trip, oldest first.
    pub fn trips(&self) -> JsValue {
        parse_js(&list_json(self.book.trips()))
    }

    pub fn trip(&self, id: &str) -> JsValue {
        self.trip_js(id)
    }

    /// The shopper clicked Shop Now: records the trip and returns it.
    #[wasm_bindgen(js_name = startTrip)]
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
        let store = engine
            .store(&store_id)
            .ok_or_else(|| js_error("TripError", &format!("unknown store {store_id:?}")))?;
        let id = self.commit(|book| {
            let trip = book.start(
                engine.catalog(),
                store,
                program,
                &start_url,
                tab_id,
                now,
                &mut WebCrypto,
            )?;
            Ok(trip.id.clone())
        })?;
        Ok(self.trip_js(&id))
    }

    /// Attaches an order (→ Ordered) with its estimate in the trip's program.
    #[wasm_bindgen(js_name = recordOrder)]
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
            .ok_or_else(|| js_error("TripError", &format!("unknown trip {trip_id:?}")))?;
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
    #[wasm_bindgen(js_name = setStatus)]
    pub fn set_status(
        &mut self,
        trip_id: &str,
        status: &str,
        now_ms: JsValue,
    ) -> Result<JsValue, JsValue> {
        let status = TripStatus::parse(status)
            .ok_or_else(|| js_error("InputError", &format!("unknown trip status {status:?}")))?;
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
    #[wasm_bindgen(js_name = activeTrip)]
    pub fn active_trip(&self, store_id: &str, now_ms: JsValue) -> Result<JsValue, JsValue> {
        let now = now_or(&now_ms)?;
        Ok(self
            .book
            .active_trip(store_id, now)
            .map_or(JsValue::NULL, |t| parse_js(&one_json(t))))
    }

    /// Expires stale activations; returns how many changed.
    #[wasm_bindgen(js_name = expireStale)]
    pub fn expire_stale(&mut self, now_ms: JsValue) -> Result<u32, JsValue> {
        let now = now_or(&now_ms)?;
        self.commit_if(|book| Ok(book.expire_stale(now) as u32), |n| *n > 0)
    }

    /// A navigation the browser committed in tab `tabId`: records what it
    /// tells (a stand-down; the trip's tab landing back on its store) and
    /// returns the tab's view, `{ storeId, storeName, state, badge, offer,
    /// standDown, activeTripId, landing }`, or `null` off the partner stores.
    /// `state` is `"offer"`, `"paused"` or `"active"`; `landing` is set once,
    /// when the shopper should see the confirmation. A failed save is
    /// reported as `saveError`; what was learnt stays in memory.
    pub fn arrive(
        &mut self,
        engine: &JsEngine,
        url: JsValue,
        referrer: JsValue,
        hops: JsValue,
        tab_id: JsValue,
        now_ms: JsValue,
    ) -> Result<JsValue, JsValue> {
        let Some(url) = url.as_string() else {
            return Ok(JsValue::NULL);
        };
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
        Ok(tab_view_js(&view, engine, save_error))
    }

    /// The view of a tab at `url` from what is known, recording nothing.
    pub fn look(&self, engine: &JsEngine, url: &str, now_ms: JsValue) -> Result<JsValue, JsValue> {
        let now = now_or(&now_ms)?;
        let engine = engine.engine();
        Ok(navigation::look(engine, &self.book, url, now)
            .map_or(JsValue::NULL, |view| tab_view_js(&view, engine, None)))
    }

    /// The view of the store `storeId` (the popup's search), or `null`.
    #[wasm_bindgen(js_name = lookStore)]
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
            tab_view_js(
                &navigation::view(engine, &self.book, store, offer, now),
                engine,
                None,
            )
        }))
    }

    /// The stand-downs on record (each `{ storeId, network, networkName,
    /// reason, rule, sinceMs, untilMs }`).
    #[wasm_bindgen(js_name = standDowns)]
    pub fn stand_downs(&self) -> JsValue {
        parse_js(&list_json(self.book.stand_downs()))
    }

    /// Forgets ended trips past their retention and expired stand-downs;
    /// returns how many trips went. Trips that can still change stay.
    #[wasm_bindgen(js_name = applyRetention)]
    pub fn apply_retention(&mut self, now_ms: JsValue) -> Result<u32, JsValue> {
        let now = now_or(&now_ms)?;
        self.commit_if(|book| Ok(book.apply_retention(now) as u32), |n| *n > 0)
    }

    /// Everything the trips page shows, as of `nowMs`: `{ program, trips
    /// (newest first: `id`, `storeId`, `storeName`, `startedMs`, `status`,
    /// `offerText`, and with an order `orderedMs`, `orderNumber`,
    /// `subtotalDisplay`, `value`, `valueDisplay`, `claim`,
    /// `claimableFromMs`), totals, payout, months, checklist }`. Values are in
    /// the program's unit (minor units, or points).
    pub fn report(&self, engine: &JsEngine, now_ms: JsValue) -> Result<JsValue, JsValue> {
        let now = now_or(&now_ms)?;
        let program = self.book.settings.program();
        let trips = self.book.trips();
        let display = |trip_currency: &str, program: &str, value: u64| {
            let currency =
                Currency::from_code(trip_currency).unwrap_or(engine.engine().catalog().currency);
            let program = Program::parse(program).unwrap_or(Program::CashBack);
            crate::rewards::reward(currency, value, program).display
        };
        let plan = report::payout_plan(trips, program, now);
        let currency = engine.engine().catalog().currency;
        Ok(to_js(|w| {
            w.object(|f| {
                f.str("program", program.as_str());
                f.key("trips").array(trips.iter().rev(), |w, trip| {
                    w.object(|f| {
                        // What the page shows, not the whole stored trip:
                        // 10,000 trips cross to the page in one message.
                        f.str("id", &trip.id);
                        f.str("storeId", &trip.store_id);
                        f.str("storeName", &trip.store_name);
                        f.i64("startedMs", trip.started_ms);
                        f.str("status", trip.status.as_str());
                        f.str("offerText", &trip.offer.text);
                        if let Some(order) = &trip.order {
                            f.i64("orderedMs", order.ordered_ms);
                            f.opt_str("orderNumber", order.order_number.as_deref());
                        }
                        if let (Some(order), Some(c)) =
                            (&trip.order, Currency::from_code(&trip.currency))
                        {
                            f.str("subtotalDisplay", &c.format(order.subtotal_minor));
                        }
                        if let Some(v) = report::reward_value(trip) {
                            f.u64("value", v);
                            f.str("valueDisplay", &display(&trip.currency, &trip.program, v));
                        }
                        f.str_or_null("claim", report::claim_text(trip, now).as_deref());
                        f.opt_i64("claimableFromMs", report::claimable_from(trip));
                    })
                });
                f.key("totals").array(report::totals(trips), |w, t| {
                    w.object(|f| {
                        f.str("program", &t.program);
                        f.str("currency", &t.currency);
                        f.str("status", t.status.as_str());
                        f.u64("trips", t.trips);
                        f.u64("value", t.value);
                        f.str("display", &display(&t.currency, &t.program, t.value));
                    })
                });
                f.key("payout").object(|f| {
                    let next = &plan.next;
                    let balance = next.paid.max(next.carried_over);
                    f.str("nextDate", &next.date.to_string());
                    f.u64("balance", balance);
                    f.str(
                        "balanceDisplay",
                        &crate::rewards::reward(currency, balance, program).display,
                    );
                    f.u64("minimum", plan.minimum);
                    f.str(
                        "minimumDisplay",
                        &crate::rewards::reward(currency, plan.minimum, program).display,
                    );
                    f.bool("reachesMinimum", next.paid > 0);
                });
                f.key("months")
                    .array(report::by_month(trips, program, now, 12), |w, m| {
                        w.object(|f| {
                            f.str("month", &format!("{:04}-{:02}", m.0, m.1));
                            f.u64("confirmed", m.2);
                            f.u64("expected", m.3);
                        })
                    });
                f.key("checklist").strings(&report::CLAIM_CHECKLIST);
            })
        }))
    }

    /// Every trip as CSV, for export.
    #[wasm_bindgen(js_name = toCsv)]
    pub fn to_csv(&self) -> String {
        report::csv(self.book.trips())
    }

    /// The settings: `{ account, accountChosen, region, notifications,
    /// muted, feedUrl, program, bundledCatalog }` (`program` is what
    /// estimates use; `bundledCatalog` the region's shipped catalog).
    pub fn settings(&self) -> JsValue {
        let settings = &self.book.settings;
        to_js(|w| {
            w.object(|f| {
                settings.write(f);
                f.str("program", settings.program().as_str());
                f.str("bundledCatalog", settings.region.bundled_catalog());
            })
        })
    }

    /// The first-run choice of program. `answers`: `{ usCard, enrolled,
    /// inGoodStanding, corporate }` (needed for Membership Rewards).
    #[wasm_bindgen(js_name = chooseAccount)]
    pub fn choose_account(&mut self, program: JsValue, answers: JsValue) -> Result<(), JsValue> {
        let program = program_arg(&program)?;
        let answer = |key: &str| {
            js_sys::Reflect::get(&answers, &key.into())
                .ok()
                .and_then(|v| v.as_bool())
                .unwrap_or(false)
        };
        let answers = Eligibility {
            us_card: answer("usCard"),
            enrolled: answer("enrolled"),
            in_good_standing: answer("inGoodStanding"),
            corporate: answer("corporate"),
        };
        self.commit(|book| {
            book.settings
                .choose_account(program, answers)
                .map_err(settings_error)
        })
    }

    #[wasm_bindgen(js_name = setRegion)]
    pub fn set_region(&mut self, code: &str) -> Result<(), JsValue> {
        let region = Region::parse(code)
            .ok_or_else(|| js_error("InputError", "the region must be \"US\" or \"JP\""))?;
        self.commit(|book| {
            book.settings.region = region;
            Ok(())
        })
    }

    #[wasm_bindgen(js_name = setNotifications)]
    pub fn set_notifications(&mut self, on: bool) -> Result<(), JsValue> {
        self.commit(|book| {
            book.settings.notifications = on;
            Ok(())
        })
    }

    /// Mutes the activation prompt on a site; returns the host as kept.
    pub fn mute(&mut self, site: &str) -> Result<String, JsValue> {
        self.commit(|book| book.settings.mute(site).map_err(settings_error))
    }

    pub fn unmute(&mut self, host: &str) -> Result<bool, JsValue> {
        self.commit(|book| Ok(book.settings.unmute(host)))
    }

    #[wasm_bindgen(js_name = setFeedUrl)]
    pub fn set_feed_url(&mut self, url: Option<String>) -> Result<(), JsValue> {
        self.commit(|book| {
            book.settings
                .set_feed_url(url.as_deref())
                .map_err(settings_error)
        })
    }

    /// Whether `url` is a search results page to label (notifications on).
    #[wasm_bindgen(js_name = wantsSearchLabels)]
    pub fn wants_search_labels(&self, url: &str) -> bool {
        self.book.settings.notifications && crate::search_results::is_results_page(url)
    }

    /// Per result link of a search page, the offer label or `null`.
    #[wasm_bindgen(js_name = searchLabels)]
    pub fn search_labels(&self, engine: &JsEngine, hrefs: Vec<String>) -> JsValue {
        let refs: Vec<&str> = hrefs.iter().map(String::as_str).collect();
        let now = js_sys::Date::now() as i64;
        let labels =
            crate::search_results::labels(engine.engine(), &self.book.settings, &refs, now);
        to_js(|w| {
            w.array(&labels, |w, l| match l {
                Some(text) => w.string(text),
                None => w.null(),
            })
        })
    }

    /// The feed URL to fetch now (at most daily), or `null`.
    #[wasm_bindgen(js_name = feedDue)]
    pub fn feed_due(&self, now_ms: JsValue) -> Result<Option<String>, JsValue> {
        let now = now_or(&now_ms)?;
        Ok(self.book.settings.feed_due(now).map(str::to_owned))
    }

    /// Notes a fetch of the feed; `error` is why its catalog was not used.
    #[wasm_bindgen(js_name = recordFeed)]
    pub fn record_feed(&mut self, error: Option<String>, now_ms: JsValue) -> Result<(), JsValue> {
        let now = now_or(&now_ms)?;
        self.commit(|book| {
            book.settings.record_feed(now, error.map_or(Ok(()), Err));
            Ok(())
        })
    }

    /// Stores whose prompt showed this browser session (for session storage).
    #[wasm_bindgen(getter, js_name = sessionPrompted)]
    pub fn session_prompted(&self) -> Vec<String> {
        self.book.session_prompted.clone()
    }

    #[wasm_bindgen(setter, js_name = sessionPrompted)]
    pub fn set_session_prompted(&mut self, ids: Vec<String>) {
        self.book.session_prompted = ids.into_iter().take(10_000).collect();
    }

    /// Deletes everything: trips, stand-downs and settings (a new account).
    pub fn clear(&mut self) -> Result<(), JsValue> {
        self.commit(|book| {
            book.clear();
            Ok(())
        })
    }

    /// The stored document, for export.
    #[wasm_bindgen(js_name = toJSON)]
    pub fn to_json(&self) -> String {
        self.book.to_json()
    }
}
