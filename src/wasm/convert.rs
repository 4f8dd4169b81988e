//! Shapes of the values that cross to JavaScript, and the checks on values
//! that come from it.

use crate::catalog::{Offer, Store};
use crate::engine::{Engine, StandDown};
use crate::money::{format_rate, Currency};
use crate::navigation::TabView;
use crate::rewards::{self, Estimate, Program, MAX_SUBTOTAL_MINOR};
use crate::trips::StandDownRecord;
use serde::Serialize;
use wasm_bindgen::prelude::*;

pub fn js_error(name: &str, message: &str) -> JsValue {
    let error = js_sys::Error::new(message);
    error.set_name(name);
    error.into()
}

/// Plain JSON-compatible objects (never `Map`s), so `chrome.storage` keeps
/// them as they are. Serialized by `serde_json` and read back with
/// `JSON.parse`: the same objects `serde_wasm_bindgen`'s `json_compatible()`
/// makes, without a second serializer's code for every type in the wasm.
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    serde_json::to_string(value)
        .map_err(|e| e.to_string())
        .and_then(|json| js_sys::JSON::parse(&json).map_err(|_| "JSON.parse failed".to_owned()))
        .unwrap_or_else(|e| js_error("InternalError", &e))
}

/// An integer count of minor units that a JavaScript number carries exactly.
pub fn minor_units(value: &JsValue) -> Result<u64, JsValue> {
    let n = value.as_f64().ok_or_else(|| {
        js_error(
            "InputError",
            "subtotalMinor must be a number (integer minor units)",
        )
    })?;
    if !n.is_finite() || n.fract() != 0.0 || n < 0.0 || n > MAX_SUBTOTAL_MINOR as f64 {
        return Err(js_error(
            "InputError",
            &format!(
                "subtotalMinor must be a whole number of minor units from 0 to {MAX_SUBTOTAL_MINOR}, not {}",
                serde_json::to_string(&n).unwrap_or_else(|_| "a non-finite number".into())
            ),
        ));
    }
    Ok(n as u64)
}

/// A time in ms since the epoch, or now when absent.
pub fn now_or(value: &JsValue) -> Result<i64, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(js_sys::Date::now() as i64);
    }
    match value.as_f64() {
        Some(ms) if ms.is_finite() && ms.abs() < 8.64e15 => Ok(ms as i64),
        _ => Err(js_error(
            "InputError",
            "a time must be a number of ms since the epoch",
        )),
    }
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

pub fn offer_view(offer: Offer, currency: Currency, program: Program) -> OfferView {
    let text = rewards::offer_text(offer, currency, program);
    match offer {
        Offer::Percent { rate_bps, up_to } => OfferView {
            kind: "percent",
            rate: Some(format_rate(rate_bps)),
            rate_bps: Some(rate_bps),
            amount_minor: None,
            points: None,
            up_to,
            text,
        },
        Offer::Flat { amount_minor } => OfferView {
            kind: "flat",
            rate: None,
            rate_bps: None,
            amount_minor: Some(amount_minor),
            points: None,
            up_to: false,
            text,
        },
        Offer::Points { points } => OfferView {
            kind: "points",
            rate: None,
            rate_bps: None,
            amount_minor: None,
            points: Some(points),
            up_to: false,
            text,
        },
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EstimateView {
    amount_minor: u64,
    points: u64,
    display: String,
}

impl From<Estimate> for EstimateView {
    fn from(e: Estimate) -> Self {
        EstimateView {
            amount_minor: e.amount_minor,
            points: e.points,
            display: e.display,
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
        StandDownView {
            reason: &sd.verdict.reason,
            network: &sd.verdict.network_id,
            network_name: &sd.verdict.network_name,
            rule: &sd.verdict.rule,
            url: &sd.verdict.url,
            session_ms: sd.verdict.session_ms,
            until_ms: sd.until_ms,
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LandingView<'a> {
    trip_id: &'a str,
    store_name: &'a str,
    offer_text: &'a str,
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
    #[serde(skip_serializing_if = "Option::is_none")]
    save_error: Option<String>,
}

pub fn tab_view_js(view: &TabView, engine: &Engine, save_error: Option<String>) -> JsValue {
    to_js(&TabViewJs {
        store_id: &view.store.id,
        store_name: &view.store.name,
        state: view.state.as_str(),
        badge: &view.badge,
        offer: offer_view(view.offer, engine.catalog().currency, engine.program()),
        stand_down: view.stand_down.as_ref(),
        active_trip_id: view.active_trip.as_deref(),
        landing: view.landing.as_ref().map(|l| LandingView {
            trip_id: &l.trip_id,
            store_name: &l.store_name,
            offer_text: &l.offer_text,
        }),
        save_error,
    })
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StoreSummary {
    id: String,
    name: String,
    badge: String,
    offer: OfferView,
}

impl StoreSummary {
    pub fn new(store: &Store, engine: &Engine, at_ms: i64) -> StoreSummary {
        let currency = engine.catalog().currency;
        let offer = rewards::offer_at(store, at_ms);
        StoreSummary {
            id: store.id.clone(),
            name: store.name.clone(),
            badge: rewards::badge(offer, currency, engine.program()),
            offer: offer_view(offer, currency, engine.program()),
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CategoryView {
    name: String,
    offer: OfferView,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BoostView {
    label: String,
    rate: String,
    from_ms: i64,
    until_ms: i64,
    active: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CouponView {
    code: String,
    description: String,
    expires: Option<String>,
}

#[derive(Serialize)]
pub struct OrderPageView {
    path: String,
    subtotal: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StoreView {
    id: String,
    name: String,
    domains: Vec<String>,
    badge: String,
    offer: OfferView,
    base_offer: OfferView,
    categories: Vec<CategoryView>,
    boosts: Vec<BoostView>,
    exclusions: Vec<String>,
    coupons: Vec<CouponView>,
    has_tracking: bool,
    home_url: String,
    order_page: Option<OrderPageView>,
    membership_rewards: bool,
    programs: Vec<&'static str>,
}

pub fn store_view(store: &Store, engine: &Engine, at_ms: i64) -> StoreView {
    let currency = engine.catalog().currency;
    let program = engine.program();
    let offer = rewards::offer_at(store, at_ms);
    StoreView {
        id: store.id.clone(),
        name: store.name.clone(),
        domains: store.domains.iter().map(ToString::to_string).collect(),
        badge: rewards::badge(offer, currency, program),
        offer: offer_view(offer, currency, program),
        base_offer: offer_view(store.offer, currency, program),
        categories: store
            .categories
            .iter()
            .map(|c| CategoryView {
                name: c.name.clone(),
                offer: offer_view(c.offer, currency, program),
            })
            .collect(),
        boosts: store
            .boosts
            .iter()
            .map(|b| BoostView {
                label: b.label.clone(),
                rate: format_rate(b.rate_bps),
                from_ms: b.from_ms,
                until_ms: b.until_ms,
                active: b.from_ms <= at_ms && at_ms < b.until_ms,
            })
            .collect(),
        exclusions: store.exclusions.clone(),
        coupons: store
            .coupons
            .iter()
            .map(|c| CouponView {
                code: c.code.clone(),
                description: c.description.clone(),
                expires: c.expires.map(|d| d.to_string()),
            })
            .collect(),
        has_tracking: store.tracking.is_some(),
        home_url: engine.home_url(store),
        order_page: store.order_page.as_ref().map(|o| OrderPageView {
            path: o.path.clone(),
            subtotal: o.subtotal_selector.clone(),
        }),
        membership_rewards: store.membership_rewards,
        programs: Program::ALL
            .into_iter()
            .filter(|p| rewards::check_program(engine.catalog(), store, *p).is_ok())
            .map(Program::as_str)
            .collect(),
    }
}
