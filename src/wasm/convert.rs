//! Shapes of the values that cross to JavaScript, and the checks on values
//! that come from it.

use crate::catalog::{Offer, Store};
use crate::engine::{Engine, StandDown};
use crate::json::Writer;
use crate::money::{format_rate, Currency};
use crate::navigation::TabView;
use crate::rewards::{self, Estimate, Program, MAX_SUBTOTAL_MINOR};
use crate::trips::Stored;
use wasm_bindgen::prelude::*;

#[inline(never)]
pub fn js_error(name: &str, message: &str) -> JsValue {
    let error = js_sys::Error::new(message);
    error.set_name(name);
    error.into()
}

/// What a thrown JavaScript value says: an `Error`'s message, or the value
/// itself when it is a string.
pub fn js_message(thrown: &JsValue) -> String {
    js_sys::Reflect::get(thrown, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| thrown.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

/// Plain JSON-compatible objects (never `Map`s), so `chrome.storage` keeps
/// them as they are: written as JSON text by the core's writer and read
/// with `JSON.parse`, one call across the boundary per value.
pub fn to_js(write: impl FnOnce(&mut Writer)) -> JsValue {
    let mut w = Writer::default();
    write(&mut w);
    parse_js(&w.finish())
}

#[inline(never)]
pub fn parse_js(json: &str) -> JsValue {
    js_sys::JSON::parse(json).unwrap_or_else(|_| js_error("InternalError", "JSON.parse failed"))
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
                describe_number(n)
            ),
        ));
    }
    Ok(n as u64)
}

/// A number as a message shows it, without the float formatter's code: the
/// offending values here are fractions, negatives and huge ones.
fn describe_number(n: f64) -> String {
    if !n.is_finite() {
        "a non-finite number".into()
    } else if n < 0.0 {
        "a negative number".into()
    } else if n.fract() != 0.0 {
        "a fraction".into()
    } else {
        "a larger number".into()
    }
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

pub fn write_offer(w: &mut Writer, offer: Offer, currency: Currency, program: Program) {
    let text = rewards::offer_text(offer, currency, program);
    w.object(|f| match offer {
        Offer::Percent { rate_bps, up_to } => {
            f.str("kind", "percent");
            f.str("rate", &format_rate(rate_bps));
            f.u64("rateBps", rate_bps.into());
            f.bool("upTo", up_to);
            f.str("text", &text);
        }
        Offer::Flat { amount_minor } => {
            f.str("kind", "flat");
            f.u64("amountMinor", amount_minor);
            f.bool("upTo", false);
            f.str("text", &text);
        }
        Offer::Points { points } => {
            f.str("kind", "points");
            f.u64("points", points);
            f.bool("upTo", false);
            f.str("text", &text);
        }
    });
}

pub fn write_estimate(w: &mut Writer, e: &Estimate) {
    w.object(|f| {
        f.u64("amountMinor", e.amount_minor);
        f.u64("points", e.points);
        f.str("display", &e.display);
    });
}

pub fn write_stand_down(w: &mut Writer, sd: &StandDown) {
    let v = &sd.verdict;
    w.object(|f| {
        f.str("reason", &v.reason);
        f.str("network", &v.network_id);
        f.str("networkName", &v.network_name);
        f.str("rule", &v.rule);
        f.str("url", &v.url);
        f.u64("sessionMs", v.session_ms);
        f.i64("untilMs", sd.until_ms);
    });
}

/// A tab's view (navigation.rs): what its badge shows and why.
pub fn tab_view_js(view: &TabView, engine: &Engine, save_error: Option<String>) -> JsValue {
    to_js(|w| {
        w.object(|f| {
            f.str("storeId", &view.store.id);
            f.str("storeName", &view.store.name);
            f.str("state", view.state.as_str());
            f.str("badge", &view.badge);
            write_offer(
                f.key("offer"),
                view.offer,
                engine.catalog().currency,
                engine.program(),
            );
            match &view.stand_down {
                Some(sd) => sd.write_to(f.key("standDown")),
                None => f.key("standDown").null(),
            }
            f.str_or_null("activeTripId", view.active_trip.as_deref());
            match &view.landing {
                Some(l) => f.key("landing").object(|f| {
                    f.str("tripId", &l.trip_id);
                    f.str("storeName", &l.store_name);
                    f.str("offerText", &l.offer_text);
                }),
                None => f.key("landing").null(),
            }
            f.bool("prompt", view.prompt);
            match &view.order_capture {
                Some(c) => f.key("orderCapture").object(|f| {
                    f.str("tripId", &c.trip_id);
                    f.str("selector", &c.selector);
                }),
                None => f.key("orderCapture").null(),
            }
            match &view.tracking_failure {
                Some((trip_id, failure)) => f.key("trackingFailure").object(|f| {
                    f.str("tripId", trip_id);
                    f.str("reason", failure.reason.as_str());
                    f.opt_u64("status", failure.reason.status().map(u64::from));
                    f.str("host", &failure.host);
                    f.i64("atMs", failure.at_ms);
                }),
                None => f.key("trackingFailure").null(),
            }
            match &view.attribution_lost {
                Some(loss) => loss.write_to(f.key("attributionLost")),
                None => f.key("attributionLost").null(),
            }
            f.opt_str("saveError", save_error.as_deref());
        })
    })
}

/// A line of the popup's search results.
pub fn write_store_summary(w: &mut Writer, store: &Store, engine: &Engine, at_ms: i64) {
    let currency = engine.catalog().currency;
    let offer = rewards::offer_at(store, at_ms);
    w.object(|f| {
        f.str("id", &store.id);
        f.str("name", &store.name);
        f.str("badge", &rewards::badge(offer, currency, engine.program()));
        write_offer(f.key("offer"), offer, currency, engine.program());
    });
}

/// Everything the popup shows about a store.
pub fn write_store(w: &mut Writer, store: &Store, engine: &Engine, at_ms: i64) {
    let currency = engine.catalog().currency;
    let program = engine.program();
    let offer = rewards::offer_at(store, at_ms);
    w.object(|f| {
        f.str("id", &store.id);
        f.str("name", &store.name);
        f.key("domains")
            .array(&store.domains, |w, d| w.string(&d.to_string()));
        f.str("badge", &rewards::badge(offer, currency, program));
        write_offer(f.key("offer"), offer, currency, program);
        write_offer(f.key("baseOffer"), store.offer, currency, program);
        f.key("categories").array(&store.categories, |w, c| {
            w.object(|f| {
                f.str("name", &c.name);
                write_offer(f.key("offer"), c.offer, currency, program);
            })
        });
        f.key("boosts").array(&store.boosts, |w, b| {
            w.object(|f| {
                f.str("label", &b.label);
                f.str("rate", &format_rate(b.rate_bps));
                f.i64("fromMs", b.from_ms);
                f.i64("untilMs", b.until_ms);
                f.bool("active", b.from_ms <= at_ms && at_ms < b.until_ms);
            })
        });
        f.key("exclusions").strings(&store.exclusions);
        f.key("coupons").array(&store.coupons, |w, c| {
            w.object(|f| {
                f.str("code", &c.code);
                f.str("description", &c.description);
                f.str_or_null("expires", c.expires.map(|d| d.to_string()).as_deref());
            })
        });
        f.bool("hasTracking", store.tracking.is_some());
        f.str("homeUrl", &engine.home_url(store));
        match &store.order_page {
            Some(o) => f.key("orderPage").object(|f| {
                f.str("path", &o.path);
                f.str("subtotal", &o.subtotal_selector);
            }),
            None => f.key("orderPage").null(),
        }
        f.bool("membershipRewards", store.membership_rewards);
        f.key("programs").array(
            Program::ALL
                .into_iter()
                .filter(|p| rewards::check_program(engine.catalog(), store, *p).is_ok()),
            |w, p| w.string(p.as_str()),
        );
    });
}

/// Cookie names from JavaScript: an array of strings, or nothing. At most
/// 300 names of at most 4 KB each are looked at (a browser's per-host limits).
pub fn cookie_names(value: &JsValue) -> Vec<String> {
    if !js_sys::Array::is_array(value) {
        return Vec::new();
    }
    js_sys::Array::from(value)
        .iter()
        .take(300)
        .filter_map(|name| name.as_string())
        .filter(|name| name.len() <= 4096)
        .collect()
}
