//! The worker's stored state, one versioned JSON document under
//! [`TRIPS_KEY`]: `{"version": 6, "trips": [...], "standDowns": [...],
//! "settings": {...}}`: the shopper's trips, the stores ShopTrip stands down
//! for (kept so a stand-down outlives the service worker that decided it),
//! and the shopper's settings.
//!
//! Loading never loses anything. A document that is not JSON, or comes from a
//! newer version of ShopTrip, is copied whole under a backup key and reported;
//! within a readable document, each entry that does not parse is set aside the
//! same way while every well-formed one loads. Older versions are brought up
//! to date by the numbered migrations in [`super::MIGRATIONS`]. If a backup
//! cannot be written, the book refuses to save, so the unreadable original
//! stays put.

use super::account_link::AccountLink;
use super::migrations::migrate;
use super::publisher_reports::{Ledger, ReportSchedule};
use super::{
    new_trip_id, AttributionLoss, Entropy, EstimateRecord, OfferSnapshot, Order, StatusChange,
    TrackingFailure, TrackingFailureReason, Trip, TripError, TripStatus, ACTIVATION_LIFETIME_MS,
    LANDING_WINDOW_MS, RETENTION_MS, TRACKING_LIMIT_MS,
};
use crate::catalog::{CatalogInfo, Offer, Store};
use crate::document::{self, parse_strict};
use crate::engine::{StandDown, STANDDOWN_IDLE_MS};
use crate::page_url::MAX_URL_LEN;
use crate::rewards::{self, Program};
use crate::settings::Settings;
use crate::storage::{KeyValueStore, StorageError};
use serde_json::value::RawValue;

/// The stored document's lists, each entry kept as its text so that one
/// entry that cannot be read is set aside alone.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct DocumentParts<'a> {
    version: Option<u64>,
    #[serde(borrow)]
    trips: Vec<&'a RawValue>,
    #[serde(borrow, default)]
    stand_downs: Vec<&'a RawValue>,
    #[serde(borrow)]
    settings: Option<&'a RawValue>,
    #[serde(borrow, default)]
    ledger: Option<&'a RawValue>,
    #[serde(borrow, default)]
    report_schedule: Option<&'a RawValue>,
    #[serde(borrow, default)]
    account: Option<&'a RawValue>,
}

/// An older document brought to [`SCHEMA_VERSION`] by the migrations, as
/// text. Otherwise why not.
fn migrated_text(text: &str) -> Result<String, String> {
    parse_strict(text)
        .map_err(|e| format!("not JSON ({e})"))
        .and_then(migrate)
        .map(|document| document.to_string())
}

pub const TRIPS_KEY: &str = "shoptrip.trips";
pub const BACKUP_KEY_PREFIX: &str = "shoptrip.backup.";
pub const SCHEMA_VERSION: u64 = 6;

/// ShopTrip stands down at a store until `until_ms` because another affiliate
/// referred the shopper. The URL that carried the signal is not kept.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StandDownRecord {
    pub store_id: String,
    pub network: String,
    pub network_name: String,
    pub reason: String,
    pub rule: String,
    pub since_ms: i64,
    pub until_ms: i64,
}

/// The page a failed tracking link sent the shopper back to says so, once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrackingNotice {
    pub trip_id: String,
    pub store_id: String,
    pub store_name: String,
    pub reason: TrackingFailureReason,
    pub host: String,
}

/// Something the loader had to set aside or could not read.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LoadIssue {
    pub message: String,
    /// Where the unreadable data was copied, if it could be.
    pub backup_key: Option<String>,
}

#[derive(Debug, Default, Clone)]
pub struct TripBook {
    trips: Vec<Trip>,
    stand_downs: Vec<StandDownRecord>,
    pub settings: Settings,
    /// Stores whose activation prompt showed in this browser session. Not
    /// stored here: the worker keeps it in session storage, which the
    /// browser empties when it closes.
    pub session_prompted: Vec<String>,
    /// Hosts whose lookalike warning showed in the page in this browser
    /// session; kept beside `session_prompted`, for the same reason.
    pub session_warned: Vec<String>,
    /// Set when unreadable data could not be backed up: saving would lose it.
    unsaved_original: bool,
    /// The publisher new trips start with (its id); `None` in the demo. Not
    /// stored: the build's profile says it.
    pub publisher: Option<String>,
    /// The publisher's account as its last accepted trip report gave it.
    pub(super) ledger: Option<Ledger>,
    /// When to ask the publisher for a trip report next.
    pub report_schedule: ReportSchedule,
    /// The member's linked account, if any (no tokens: see account_link.rs).
    pub(super) account: Option<AccountLink>,
}

/// Hosts kept as warned this session: the oldest is let go past it.
const MAX_SESSION_WARNED: usize = 500;

impl TripBook {
    /// Whether the lookalike warning may show in the page at `url`: once per
    /// site (host) per browser session, recorded here; the badge and the
    /// popup say it every time.
    pub fn first_lookalike_warning(&mut self, url: &str) -> bool {
        let Some(host) = crate::settings::page_host(url) else {
            return false;
        };
        let warned = &mut self.session_warned;
        if warned.contains(&host) {
            return false;
        }
        if warned.len() >= MAX_SESSION_WARNED {
            warned.remove(0);
        }
        warned.push(host);
        true
    }

    /// The hosts warned this session, as session storage kept them.
    pub fn set_session_warned(&mut self, hosts: Vec<String>) {
        self.session_warned = hosts.into_iter().take(MAX_SESSION_WARNED).collect();
    }

    pub fn trips(&self) -> &[Trip] {
        &self.trips
    }

    pub fn get(&self, id: &str) -> Option<&Trip> {
        self.trips.iter().find(|t| t.id == id)
    }

    /// Reads the book from `store`, setting aside whatever it cannot read.
    pub fn load(store: &mut dyn KeyValueStore, now_ms: i64) -> (TripBook, Vec<LoadIssue>) {
        let mut issues = Vec::new();
        let mut book = TripBook::default();
        let text = match store.get(TRIPS_KEY) {
            Ok(Some(text)) => text,
            Ok(None) => return (book, issues),
            Err(e) => {
                book.unsaved_original = true;
                issues.push(LoadIssue {
                    message: format!("the trips could not be read: {e}"),
                    backup_key: None,
                });
                return (book, issues);
            }
        };
        let mut set_aside = |what: &str, content: &str, why: String, book: &mut TripBook| {
            let key = format!("{BACKUP_KEY_PREFIX}{now_ms}.{}", issues.len());
            let backup_key = match store.set(&key, content) {
                Ok(()) => Some(key),
                Err(e) => {
                    book.unsaved_original = true;
                    issues.push(LoadIssue {
                        message: format!(
                            "{what} could not be backed up ({e}); it is left in place"
                        ),
                        backup_key: None,
                    });
                    None
                }
            };
            issues.push(LoadIssue {
                message: format!("{what} was set aside: {why}"),
                backup_key,
            });
        };
        // A current document is read in one pass as the worker starts: the
        // derives refuse a repeated field, each entry is read on its own.
        // Anything else is parsed whole (refusing any repeated key), migrated
        // and read again.
        let migrated: String;
        let parts = match serde_json::from_str::<DocumentParts>(&text) {
            Ok(parts) if parts.version == Some(SCHEMA_VERSION) => parts,
            _ => {
                migrated = match migrated_text(&text) {
                    Ok(migrated) => migrated,
                    Err(why) => {
                        set_aside("the stored trips", &text, why, &mut book);
                        return (book, issues);
                    }
                };
                match serde_json::from_str::<DocumentParts>(&migrated) {
                    Ok(parts) => parts,
                    Err(_) => {
                        let why = "no list of trips".into();
                        set_aside("the stored trips", &text, why, &mut book);
                        return (book, issues);
                    }
                }
            }
        };
        // Ids seen so far: a set, as a linear look-up per trip would make
        // 10,000 trips cost 50 million comparisons.
        let mut ids = rustc_hash::FxHashSet::default();
        for (i, item) in parts.trips.iter().enumerate() {
            let item = item.get();
            match document::read::<Trip>(item) {
                Ok(trip) if ids.insert(trip.id.clone()) => book.trips.push(trip),
                Ok(trip) => set_aside(
                    &format!("trip {i}"),
                    item,
                    format!("a second trip with id {}", trip.id),
                    &mut book,
                ),
                Err(e) => set_aside(&format!("trip {i}"), item, e.to_string(), &mut book),
            }
        }
        // Each part alone: one that cannot be read is set aside, the rest kept.
        fn part<T: serde::de::DeserializeOwned>(
            item: Option<&RawValue>,
            what: &str,
            book: &mut TripBook,
            set_aside: &mut impl FnMut(&str, &str, String, &mut TripBook),
        ) -> Option<T> {
            let item = item?;
            match document::read::<T>(item.get()) {
                Ok(value) => Some(value),
                Err(e) => {
                    set_aside(what, item.get(), e.to_string(), book);
                    None
                }
            }
        }
        let aside = &mut set_aside;
        if let Some(settings) = part(parts.settings, "the settings object", &mut book, aside) {
            book.settings = settings;
        }
        book.ledger = part(parts.ledger, "the publisher's ledger", &mut book, aside);
        let schedule = part(
            parts.report_schedule,
            "the report schedule",
            &mut book,
            aside,
        );
        if let Some(schedule) = schedule {
            book.report_schedule = schedule;
        }
        book.account = part(parts.account, "the linked account", &mut book, aside);
        for (i, item) in parts.stand_downs.iter().enumerate() {
            match document::read::<StandDownRecord>(item.get()) {
                Ok(record) => book.stand_downs.push(record),
                Err(e) => set_aside(
                    &format!("stand-down {i}"),
                    item.get(),
                    e.to_string(),
                    &mut book,
                ),
            }
        }
        (book, issues)
    }

    pub fn to_json(&self) -> String {
        #[derive(serde::Serialize)]
        #[serde(rename_all = "camelCase")]
        struct StoredDocument<'a> {
            version: u64,
            trips: &'a [Trip],
            stand_downs: &'a [StandDownRecord],
            settings: &'a Settings,
            #[serde(skip_serializing_if = "Option::is_none")]
            ledger: Option<&'a Ledger>,
            #[serde(skip_serializing_if = "is_unscheduled")]
            report_schedule: &'a ReportSchedule,
            #[serde(skip_serializing_if = "Option::is_none")]
            account: Option<&'a AccountLink>,
        }
        fn is_unscheduled(schedule: &&ReportSchedule) -> bool {
            **schedule == ReportSchedule::default()
        }
        serde_json::to_string(&StoredDocument {
            version: SCHEMA_VERSION,
            trips: &self.trips,
            stand_downs: &self.stand_downs,
            settings: &self.settings,
            ledger: self.ledger.as_ref(),
            report_schedule: &self.report_schedule,
            account: self.account.as_ref(),
        })
        .expect("the stored document has only string keys")
    }

    pub fn save(&self, store: &mut dyn KeyValueStore) -> Result<(), StorageError> {
        if self.unsaved_original {
            return Err(StorageError::Backend(
                "unreadable trips could not be backed up; saving would overwrite them".into(),
            ));
        }
        store.set(TRIPS_KEY, &self.to_json())
    }

    /// Starts a trip: the shopper clicked Shop Now at `store`. `sent_to`
    /// gives, for the new trip's id, where Shop Now sends the tab
    /// ([`Trip::sent_to`]); see [`crate::navigation::start_trip`].
    #[allow(clippy::too_many_arguments)]
    pub fn start(
        &mut self,
        catalog: &CatalogInfo,
        store: &Store,
        program: Program,
        start_url: &str,
        tab_id: Option<i64>,
        now_ms: i64,
        entropy: &mut dyn Entropy,
        sent_to: &dyn Fn(&str) -> Option<String>,
    ) -> Result<&Trip, TripError> {
        rewards::check_program(catalog, store, program)
            .map_err(|e| TripError::BadInput(e.to_string()))?;
        if start_url.len() > MAX_URL_LEN {
            return Err(TripError::BadInput(
                "the start URL is longer than 2 MiB".into(),
            ));
        }
        let offer = rewards::offer_at(store, now_ms);
        let id = new_trip_id(entropy)?;
        let sent_to = sent_to(&id);
        if sent_to.as_ref().is_some_and(|url| url.len() > MAX_URL_LEN) {
            return Err(TripError::BadInput(
                "the Shop Now URL would be longer than 2 MiB".into(),
            ));
        }
        let snapshot = snapshot(offer, rewards::offer_text(offer, catalog.currency, program));
        self.trips.push(Trip {
            id,
            store_id: store.id.clone(),
            store_name: store.name.clone(),
            started_ms: now_ms,
            program: program.as_str().to_owned(),
            currency: catalog.currency.code.to_owned(),
            offer: snapshot,
            start_url: start_url.to_owned(),
            start_url_unchecked: false,
            tab_id,
            sent_to,
            publisher: self.publisher.clone(),
            reported: None,
            status: TripStatus::Activated,
            order: None,
            history: vec![StatusChange {
                status: TripStatus::Activated,
                at_ms: now_ms,
            }],
            landed_ms: None,
            landed_url: None,
            tracking_failure: None,
            attribution_lost: None,
        });
        Ok(self.trips.last().expect("just pushed"))
    }

    /// The trip whose own Shop Now chain an arrival in `tab_id` at `now_ms`
    /// at `store_id` is, given the arrival's first request
    /// ([`Trip::owns_arrival`]).
    pub fn owner_of_arrival(
        &self,
        store_id: &str,
        tab_id: Option<i64>,
        first_hop: &str,
        now_ms: i64,
    ) -> Option<&Trip> {
        tab_id?;
        // Trips are kept in the order they started: only the last few
        // seconds' can own an arrival, so every navigation looks at those
        // alone, however many trips the book holds.
        self.trips
            .iter()
            .rev()
            .take_while(|t| now_ms.saturating_sub(t.started_ms) <= TRACKING_LIMIT_MS)
            .find(|t| t.store_id == store_id && t.owns_arrival(tab_id, first_hop, now_ms))
    }

    pub(super) fn trip_mut(&mut self, id: &str) -> Option<&mut Trip> {
        self.trips.iter_mut().find(|t| t.id == id)
    }

    /// The publisher's account as its last accepted report gave it.
    pub fn ledger(&self) -> Option<&Ledger> {
        self.ledger.as_ref()
    }

    pub(super) fn set_ledger(&mut self, ledger: Ledger) {
        self.ledger = Some(ledger);
    }

    fn get_mut(&mut self, id: &str) -> Result<&mut Trip, TripError> {
        self.trips
            .iter_mut()
            .find(|t| t.id == id)
            .ok_or_else(|| TripError::UnknownTrip(id.chars().take(64).collect()))
    }

    /// Attaches an order to a trip (→ Ordered), replacing an earlier one.
    pub fn record_order(
        &mut self,
        id: &str,
        order: Order,
        now_ms: i64,
    ) -> Result<&Trip, TripError> {
        if let Some(number) = &order.order_number {
            if number.chars().count() > 64 || number.chars().any(char::is_control) {
                return Err(TripError::BadInput(
                    "an order number is at most 64 plain characters".into(),
                ));
            }
        }
        let trip = self.get_mut(id)?;
        trip.transition(TripStatus::Ordered, now_ms)?;
        trip.order = Some(order);
        Ok(trip)
    }

    pub fn set_status(
        &mut self,
        id: &str,
        status: TripStatus,
        now_ms: i64,
    ) -> Result<&Trip, TripError> {
        let trip = self.get_mut(id)?;
        trip.transition(status, now_ms)?;
        Ok(trip)
    }

    /// Expires Activated trips older than [`ACTIVATION_LIFETIME_MS`]; returns
    /// how many changed.
    pub fn expire_stale(&mut self, now_ms: i64) -> usize {
        let mut changed = 0;
        for trip in &mut self.trips {
            if trip.status == TripStatus::Activated
                && now_ms - trip.started_ms >= ACTIVATION_LIFETIME_MS
            {
                trip.status = TripStatus::Expired;
                trip.history.push(StatusChange {
                    status: TripStatus::Expired,
                    at_ms: now_ms,
                });
                changed += 1;
            }
        }
        changed
    }

    /// The newest Activated trip at `store_id` still within its lifetime,
    /// whether or not its tracking link worked.
    fn newest_activated(&self, store_id: &str, now_ms: i64) -> Option<&Trip> {
        self.trips.iter().rev().find(|t| {
            t.store_id == store_id
                && t.status == TripStatus::Activated
                && now_ms - t.started_ms < ACTIVATION_LIFETIME_MS
        })
    }

    /// The trip on at `store_id`: the newest Activated one within its
    /// lifetime, unless its tracking link failed (then nothing tracks the
    /// shopper there, and the store's offer shows again).
    pub fn active_trip(&self, store_id: &str, now_ms: i64) -> Option<&Trip> {
        self.newest_activated(store_id, now_ms)
            .filter(|t| !t.tracking_failed())
    }

    /// The newest trip at `store_id` if its tracking link failed: the popup
    /// says so and offers to try again.
    pub fn failed_trip(&self, store_id: &str, now_ms: i64) -> Option<&Trip> {
        self.newest_activated(store_id, now_ms)
            .filter(|t| t.tracking_failed())
    }

    /// Records that the trip's tracking link failed. Only a trip still on its
    /// way to the store can fail: `false` (nothing changed) once it landed,
    /// once it failed, or when it is no longer Activated.
    pub fn record_tracking_failure(
        &mut self,
        id: &str,
        reason: TrackingFailureReason,
        host: &str,
        now_ms: i64,
    ) -> Result<bool, TripError> {
        let trip = self.get_mut(id)?;
        if trip.status != TripStatus::Activated
            || trip.landed_ms.is_some()
            || trip.tracking_failure.is_some()
        {
            return Ok(false);
        }
        trip.tracking_failure = Some(TrackingFailure {
            at_ms: now_ms,
            reason,
            host: host.chars().take(253).collect(),
            notified_ms: None,
        });
        Ok(true)
    }

    /// The tracking limit has passed for the trip: a failure if it has not
    /// landed yet ([`Self::record_tracking_failure`]), `false` if it is too
    /// early to tell or nothing changed.
    pub fn record_tracking_timeout(&mut self, id: &str, now_ms: i64) -> Result<bool, TripError> {
        let started = self.get(id).map(|t| t.started_ms);
        match started {
            Some(started) if now_ms - started < TRACKING_LIMIT_MS => Ok(false),
            _ => self.record_tracking_failure(id, TrackingFailureReason::Timeout, "", now_ms),
        }
    }

    /// The notice for the page that tab `tab_id` was sent back to, once per
    /// failed trip and only soon after it failed. `returned` says whether
    /// the page is where that trip sends the shopper back (its start page,
    /// or its store).
    pub fn take_tracking_notice(
        &mut self,
        tab_id: i64,
        returned: impl Fn(&Trip) -> bool,
        now_ms: i64,
    ) -> Option<TrackingNotice> {
        let trip = self.trips.iter_mut().rev().find(|t| {
            t.tab_id == Some(tab_id)
                && t.tracking_failure.as_ref().is_some_and(|f| {
                    f.notified_ms.is_none() && now_ms - f.at_ms <= LANDING_WINDOW_MS
                })
        })?;
        if !returned(trip) {
            return None;
        }
        let failure = trip.tracking_failure.as_mut()?;
        failure.notified_ms = Some(now_ms);
        Some(TrackingNotice {
            trip_id: trip.id.clone(),
            store_id: trip.store_id.clone(),
            store_name: trip.store_name.clone(),
            reason: failure.reason,
            host: failure.host.clone(),
        })
    }

    /// Writes on the trip that another affiliate referred the shopper to its
    /// store while it was on; the first such referral is the one that
    /// counts. `false` if the trip already has one.
    pub fn record_attribution_loss(
        &mut self,
        id: &str,
        loss: AttributionLoss,
    ) -> Result<bool, TripError> {
        let trip = self.get_mut(id)?;
        if trip.attribution_lost.is_some() {
            return Ok(false);
        }
        trip.attribution_lost = Some(loss);
        Ok(true)
    }

    /// Forgets ended trips past [`RETENTION_MS`] and stand-downs that have
    /// run out; returns how many trips went. A trip that can still change
    /// (activated, ordered, pending) is never removed.
    pub fn apply_retention(&mut self, now_ms: i64) -> usize {
        let before = self.trips.len();
        self.trips
            .retain(|t| !t.status.is_final() || now_ms - t.last_change_ms() < RETENTION_MS);
        self.stand_downs.retain(|s| s.until_ms > now_ms);
        before - self.trips.len()
    }

    /// Notes that the trip's tab landed back on its store, on `url`: the
    /// moment the shopper is told the trip is active. `false` if it had
    /// landed before.
    pub fn mark_landed(&mut self, id: &str, url: &str, now_ms: i64) -> Result<bool, TripError> {
        let trip = self.get_mut(id)?;
        if trip.landed_ms.is_some() {
            return Ok(false);
        }
        trip.landed_ms = Some(now_ms);
        trip.landed_url = (url.len() <= MAX_URL_LEN).then(|| url.to_owned());
        Ok(true)
    }

    /// Checks the start URLs the version 5 migration left unchecked:
    /// `page_of_store(store_id, url)` gives what a trip may keep (the page if
    /// it is the store's, else the store's front page), or `None` when the
    /// catalog no longer has the store (then nothing but the origin the
    /// migration left is kept: no path, no query). Returns how many changed.
    pub fn tidy_start_urls(
        &mut self,
        page_of_store: impl Fn(&str, &str) -> Option<String>,
    ) -> usize {
        let mut changed = 0;
        for trip in self.trips.iter_mut().filter(|t| t.start_url_unchecked) {
            if let Some(url) = page_of_store(&trip.store_id, &trip.start_url) {
                trip.start_url = url;
            }
            trip.start_url_unchecked = false;
            changed += 1;
        }
        changed
    }

    /// Records that ShopTrip stands down at `store_id`, replacing an earlier
    /// record for the store.
    pub fn record_stand_down(&mut self, store_id: &str, stand_down: &StandDown, now_ms: i64) {
        let v = &stand_down.verdict;
        let record = StandDownRecord {
            store_id: store_id.to_owned(),
            network: v.network_id.clone(),
            network_name: v.network_name.clone(),
            reason: v.reason.clone(),
            rule: v.rule.clone(),
            since_ms: now_ms,
            until_ms: stand_down.until_ms,
        };
        self.stand_downs
            .retain(|s| s.store_id != store_id && s.until_ms > now_ms);
        self.stand_downs.push(record);
    }

    /// A navigation on `store_id` at `now_ms`: a stand-down in force there
    /// lasts at least [`STANDDOWN_IDLE_MS`] more. `true` if it changed.
    pub fn extend_stand_down(&mut self, store_id: &str, now_ms: i64) -> bool {
        let Some(record) = self
            .stand_downs
            .iter_mut()
            .find(|s| s.store_id == store_id && s.since_ms <= now_ms && now_ms < s.until_ms)
        else {
            return false;
        };
        let until = now_ms.saturating_add(STANDDOWN_IDLE_MS);
        if until <= record.until_ms {
            return false;
        }
        record.until_ms = until;
        true
    }

    /// The stand-down in force at `store_id` at `now_ms`.
    pub fn stand_down_at(&self, store_id: &str, now_ms: i64) -> Option<&StandDownRecord> {
        self.stand_downs
            .iter()
            .find(|s| s.store_id == store_id && s.since_ms <= now_ms && now_ms < s.until_ms)
    }

    pub fn stand_downs(&self) -> &[StandDownRecord] {
        &self.stand_downs
    }

    /// Deletes everything: trips, stand-downs and settings (a new account).
    pub fn clear(&mut self) {
        self.trips.clear();
        self.stand_downs.clear();
        self.settings = Settings::default();
        self.ledger = None;
        self.report_schedule = ReportSchedule::default();
        self.account = None;
    }
}

/// An order with its estimate, ready for [`TripBook::record_order`].
pub fn order(
    subtotal_minor: u64,
    order_number: Option<String>,
    source: &str,
    ordered_ms: i64,
    estimate: rewards::Estimate,
) -> Order {
    Order {
        subtotal_minor,
        order_number,
        ordered_ms,
        estimate: EstimateRecord::from(estimate),
        source: source.to_owned(),
    }
}

fn snapshot(offer: Offer, text: String) -> OfferSnapshot {
    let (kind, rate_bps, amount_minor, points, up_to) = match offer {
        Offer::Percent { rate_bps, up_to } => ("percent", Some(rate_bps), None, None, up_to),
        Offer::Flat { amount_minor } => ("flat", None, Some(amount_minor), None, false),
        Offer::Points { points } => ("points", None, None, Some(points), false),
    };
    OfferSnapshot {
        kind: kind.to_owned(),
        rate_bps,
        amount_minor,
        points,
        up_to,
        text,
    }
}
