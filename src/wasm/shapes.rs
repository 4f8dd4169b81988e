//! The shapes of the values the core hands to JavaScript, as serde structs,
//! with the TypeScript that `pkg/shoptrip.d.ts` gives for them.
//!
//! They cross as plain JSON-compatible objects (never `Map`s, `null` for
//! nothing), so `chrome.storage` and `postMessage` keep them as they are:
//! serde-wasm-bindgen's JSON-compatible serializer builds them directly.
//! Lists that may hold thousands of entries (every trip, the trips report)
//! go as serde_json text plus one `JSON.parse` (gloo-utils): measured in
//! `bench/boundary.mjs`, see the figures in `mod.rs`.

use crate::catalog::{Offer, Store};
use crate::engine::{Engine, StandDown};
use crate::money::{format_rate, Currency};
use crate::navigation::TabView;
use crate::rewards::{self, Estimate, Program};
use crate::trips::{AttributionLoss, StandDownRecord, TrackingFailureReason};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPESCRIPT: &'static str = r#"
export interface OfferView {
  kind: "percent" | "flat" | "points";
  rate?: string; rateBps?: number; amountMinor?: number; points?: number;
  upTo: boolean; text: string;
}
export interface EstimateView { amountMinor: number; points: number; display: string; }
export interface StandDownView {
  reason: string; network: string; networkName: string; rule: string; url: string;
  sessionMs: number; untilMs: number;
}
export interface StandDownRecord {
  storeId: string; network: string; networkName: string; reason: string; rule: string;
  sinceMs: number; untilMs: number;
}
export interface AttributionLoss {
  atMs: number; network: string; networkName: string; signal: string; rule: string;
}
export interface TrackingFailureView {
  reason: "unresolved" | "blocked" | "connection" | "tls" | "http" | "timeout";
  status?: number; host: string; atMs: number;
}
export interface TabView {
  storeId: string; storeName: string; state: string; badge: string; offer: OfferView;
  standDown: StandDownRecord | null; activeTripId: string | null;
  landing: { tripId: string; storeName: string; offerText: string } | null;
  prompt: boolean;
  orderCapture: { tripId: string; selector: string } | null;
  trackingFailure: (TrackingFailureView & { tripId: string }) | null;
  attributionLost: AttributionLoss | null;
  saveError?: string;
}
export interface StoreSummary { id: string; name: string; badge: string; offer: OfferView; }
export interface StoreView extends StoreSummary {
  domains: string[]; baseOffer: OfferView;
  categories: { name: string; offer: OfferView }[];
  boosts: { label: string; rate: string; fromMs: number; untilMs: number; active: boolean }[];
  exclusions: string[];
  coupons: { code: string; description: string; expires: string | null }[];
  hasTracking: boolean; homeUrl: string;
  orderPage: { path: string; subtotal: string } | null;
  membershipRewards: boolean; programs: string[];
}
export interface UrlMatch {
  storeId: string; storeName: string; host: string; offer: OfferView; badge: string;
  standDown: StandDownView | null;
}
export type TripStatus = "activated" | "ordered" | "pending" | "confirmed" | "ineligible" | "expired";
export interface Trip {
  id: string; storeId: string; storeName: string; startedMs: number;
  program: "cash_back" | "membership_rewards" | "points"; currency: string;
  offer: { kind: string; rateBps?: number; amountMinor?: number; points?: number; upTo: boolean; text: string };
  startUrl: string; startUrlUnchecked?: true; tabId?: number; sentTo?: string; status: TripStatus;
  order?: {
    subtotalMinor: number; orderNumber?: string; orderedMs: number; estimate: EstimateView;
    source: "page" | "manual";
  };
  history: { status: TripStatus; atMs: number }[];
  landedMs?: number; landedUrl?: string;
  trackingFailure?: TrackingFailureView & { notifiedMs?: number };
  attributionLost?: AttributionLoss;
}
export interface PublisherSummary {
  id: string; name: string; demo: boolean; homepage: string; support: string; privacy: string;
  color: string; icon: string; firefoxId: string | null;
  regions: { region: string; currency: string; catalog: string; feed: string | null }[];
  programs: ("cash_back" | "membership_rewards" | "points")[]; account: boolean; trips: boolean;
}
export interface AccountView {
  offered: boolean; state: "signed-out" | "linked" | "sign-in-again"; sinceMs: number | null;
  lastReport: {
    atMs: number; problem?: string; applied: number; ignored: number; skipped: number; problems: string[];
  } | null;
  nextReportMs: number | null;
}
export interface Lookalike {
  storeId: string; storeName: string; domain: string;
  kind: "homoglyph" | "typo" | "embedding" | "brand" | "tld";
}
export interface LoadIssue { message: string; backupKey: string | null; }
export interface SettingsView {
  account: "cash_back" | "membership_rewards"; accountChosen: boolean; region: "US" | "JP";
  notifications: boolean; muted: string[]; trusted?: string[]; feedUrl?: string; feedCheckedMs?: number;
  feedUpdatedMs?: number; feedError?: string;
  program: "cash_back" | "membership_rewards" | "points"; bundledCatalog: string;
}
export interface FeedLimits { timeoutMs: number; maxBytes: number; }
export type FailedHop = TrackingFailureView & { startUrl: string };
export type TrackingNotice = Omit<TrackingFailureView, "atMs"> & {
  tripId: string; storeId: string; storeName: string;
};
export interface TripsReport {
  program: string;
  trips: {
    id: string; storeId: string; storeName: string; startedMs: number; status: TripStatus;
    offerText: string; orderedMs?: number; orderNumber?: string; subtotalDisplay?: string;
    value?: number; valueDisplay?: string; claim: string | null; mayNotBeRecorded: boolean;
    facts?: string[]; trackingFailure?: TrackingFailureView;
    attributionLost?: { networkName: string; signal: string; atMs: number };
    claimableFromMs?: number;
    reported?: { status: TripStatus; reason?: string; valueDisplay?: string; orderDisplay?: string; updatedMs: number };
  }[];
  ledger: {
    pendingDisplay: string; confirmedDisplay: string; paidDisplay: string;
    payouts: { date: string; display: string }[]; reportedMs: number;
  } | null;
  totals: { program: string; currency: string; status: TripStatus; trips: number; value: number; display: string }[];
  payout: {
    nextDate: string; balance: number; balanceDisplay: string; minimum: number;
    minimumDisplay: string; reachesMinimum: boolean; arrival: [string, string] | null;
  } | null;
  months: { month: string; confirmed: number; expected: number }[];
  checklist: string[];
}
"#;

/// A JSON-compatible JavaScript value: plain objects and `null`.
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or_else(|e| super::convert::js_error("InternalError", &e.to_string()))
}

/// The same value through serde_json text and one `JSON.parse`: faster for
/// long lists of small objects.
pub fn to_js_by_text<T: Serialize + ?Sized>(value: &T) -> JsValue {
    use gloo_utils::format::JsValueSerdeExt;
    JsValue::from_serde(value)
        .unwrap_or_else(|e| super::convert::js_error("InternalError", &e.to_string()))
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OfferView {
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rate: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rate_bps: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    amount_minor: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    points: Option<u64>,
    up_to: bool,
    text: String,
}

impl OfferView {
    pub fn new(offer: Offer, currency: Currency, program: Program) -> OfferView {
        let text = rewards::offer_text(offer, currency, program);
        let plain = |kind| OfferView {
            kind,
            rate: None,
            rate_bps: None,
            amount_minor: None,
            points: None,
            up_to: false,
            text: text.clone(),
        };
        match offer {
            Offer::Percent { rate_bps, up_to } => OfferView {
                rate: Some(format_rate(rate_bps)),
                rate_bps: Some(rate_bps),
                up_to,
                ..plain("percent")
            },
            Offer::Flat { amount_minor } => OfferView {
                amount_minor: Some(amount_minor),
                ..plain("flat")
            },
            Offer::Points { points } => OfferView {
                points: Some(points),
                ..plain("points")
            },
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EstimateView<'a> {
    amount_minor: u64,
    points: u64,
    display: &'a str,
}

impl<'a> From<&'a Estimate> for EstimateView<'a> {
    fn from(e: &'a Estimate) -> Self {
        EstimateView {
            amount_minor: e.amount_minor,
            points: e.points,
            display: &e.display,
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StandDownView<'a> {
    reason: &'a str,
    network: &'a str,
    network_name: &'a str,
    rule: &'a str,
    url: &'a str,
    session_ms: u64,
    until_ms: i64,
}

impl<'a> From<&'a StandDown> for StandDownView<'a> {
    fn from(sd: &'a StandDown) -> Self {
        let v = &sd.verdict;
        StandDownView {
            reason: &v.reason,
            network: &v.network_id,
            network_name: &v.network_name,
            rule: &v.rule,
            url: &v.url,
            session_ms: v.session_ms,
            until_ms: sd.until_ms,
        }
    }
}

/// A tracking failure as the page and popup read it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FailureView<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trip_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub store_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub store_name: Option<&'a str>,
    pub reason: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    pub host: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at_ms: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_url: Option<&'a str>,
}

impl<'a> FailureView<'a> {
    pub fn new(reason: TrackingFailureReason, host: &'a str) -> FailureView<'a> {
        FailureView {
            trip_id: None,
            store_id: None,
            store_name: None,
            reason: reason.as_str(),
            status: reason.status(),
            host,
            at_ms: None,
            start_url: None,
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LandingView<'a> {
    trip_id: &'a str,
    store_name: &'a str,
    offer_text: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OrderCaptureView<'a> {
    trip_id: &'a str,
    selector: &'a str,
}

/// A tab's view (navigation.rs): what its badge shows and why.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TabViewJs<'a> {
    store_id: &'a str,
    store_name: &'a str,
    state: &'static str,
    badge: &'a str,
    offer: OfferView,
    stand_down: Option<&'a StandDownRecord>,
    active_trip_id: Option<&'a str>,
    landing: Option<LandingView<'a>>,
    prompt: bool,
    order_capture: Option<OrderCaptureView<'a>>,
    tracking_failure: Option<FailureView<'a>>,
    attribution_lost: Option<&'a AttributionLoss>,
    #[serde(skip_serializing_if = "Option::is_none")]
    save_error: Option<String>,
}

impl<'a> TabViewJs<'a> {
    pub fn new(view: &'a TabView, engine: &Engine, save_error: Option<String>) -> TabViewJs<'a> {
        TabViewJs {
            store_id: &view.store.id,
            store_name: &view.store.name,
            state: view.state.as_str(),
            badge: &view.badge,
            offer: OfferView::new(view.offer, engine.catalog().currency, engine.program()),
            stand_down: view.stand_down.as_ref(),
            active_trip_id: view.active_trip.as_deref(),
            landing: view.landing.as_ref().map(|l| LandingView {
                trip_id: &l.trip_id,
                store_name: &l.store_name,
                offer_text: &l.offer_text,
            }),
            prompt: view.prompt,
            order_capture: view.order_capture.as_ref().map(|c| OrderCaptureView {
                trip_id: &c.trip_id,
                selector: &c.selector,
            }),
            tracking_failure: view.tracking_failure.as_ref().map(|(trip_id, failure)| {
                FailureView {
                    trip_id: Some(trip_id),
                    at_ms: Some(failure.at_ms),
                    ..FailureView::new(failure.reason, &failure.host)
                }
            }),
            attribution_lost: view.attribution_lost.as_ref(),
            save_error,
        }
    }
}

/// A line of the popup's search results.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StoreSummary<'a> {
    id: &'a str,
    name: &'a str,
    badge: String,
    offer: OfferView,
}

impl<'a> StoreSummary<'a> {
    pub fn new(store: &'a Store, engine: &Engine, at_ms: i64) -> StoreSummary<'a> {
        let currency = engine.catalog().currency;
        let offer = rewards::offer_at(store, at_ms);
        StoreSummary {
            id: &store.id,
            name: &store.name,
            badge: rewards::badge(offer, currency, engine.program()),
            offer: OfferView::new(offer, currency, engine.program()),
        }
    }
}

#[derive(Serialize)]
struct CategoryView<'a> {
    name: &'a str,
    offer: OfferView,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct BoostView<'a> {
    label: &'a str,
    rate: String,
    from_ms: i64,
    until_ms: i64,
    active: bool,
}

#[derive(Serialize)]
struct CouponView<'a> {
    code: &'a str,
    description: &'a str,
    expires: Option<String>,
}

#[derive(Serialize)]
struct OrderPageView<'a> {
    path: &'a str,
    subtotal: &'a str,
}

/// Everything the popup shows about a store.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StoreView<'a> {
    #[serde(flatten)]
    summary: StoreSummary<'a>,
    domains: Vec<String>,
    base_offer: OfferView,
    categories: Vec<CategoryView<'a>>,
    boosts: Vec<BoostView<'a>>,
    exclusions: &'a [String],
    coupons: Vec<CouponView<'a>>,
    has_tracking: bool,
    home_url: String,
    order_page: Option<OrderPageView<'a>>,
    membership_rewards: bool,
    programs: Vec<&'static str>,
}

impl<'a> StoreView<'a> {
    pub fn new(store: &'a Store, engine: &Engine, at_ms: i64) -> StoreView<'a> {
        let currency = engine.catalog().currency;
        let program = engine.program();
        StoreView {
            summary: StoreSummary::new(store, engine, at_ms),
            domains: store.domains.iter().map(ToString::to_string).collect(),
            base_offer: OfferView::new(store.offer, currency, program),
            categories: store
                .categories
                .iter()
                .map(|c| CategoryView {
                    name: &c.name,
                    offer: OfferView::new(c.offer, currency, program),
                })
                .collect(),
            boosts: store
                .boosts
                .iter()
                .map(|b| BoostView {
                    label: &b.label,
                    rate: format_rate(b.rate_bps),
                    from_ms: b.from_ms,
                    until_ms: b.until_ms,
                    active: b.from_ms <= at_ms && at_ms < b.until_ms,
                })
                .collect(),
            exclusions: &store.exclusions,
            coupons: store
                .coupons
                .iter()
                .map(|c| CouponView {
                    code: &c.code,
                    description: &c.description,
                    expires: c.expires.map(|d| d.to_string()),
                })
                .collect(),
            has_tracking: store.tracking.is_some(),
            home_url: engine.home_url(store),
            order_page: store.order_page.as_ref().map(|o| OrderPageView {
                path: &o.path,
                subtotal: &o.subtotal_selector,
            }),
            membership_rewards: store.membership_rewards,
            programs: Program::ALL
                .into_iter()
                .filter(|p| rewards::check_program(engine.catalog(), store, *p).is_ok())
                .map(Program::as_str)
                .collect(),
        }
    }
}
