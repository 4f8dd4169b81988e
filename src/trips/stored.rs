//! The stored form of trips and stand-downs: each type writes its fields and
//! reads them back from a [`Json`] tree, saying which field was wrong when
//! it cannot. Field names are camelCase, the same as the objects JavaScript
//! receives; optional fields are left out when empty.

use super::{
    AttributionLoss, EstimateRecord, OfferSnapshot, Order, StandDownRecord, StatusChange,
    TrackingFailure, TrackingFailureReason, Trip, TripStatus,
};
use crate::json::{FieldReader, Fields, Json, Writer};

/// Reads a value of a stored type; the message names the wrong field.
pub trait Stored: Sized {
    fn write(&self, fields: &mut Fields);
    fn read(r: &mut FieldReader) -> Option<Self>;

    fn write_to(&self, w: &mut Writer) {
        w.object(|f| self.write(f));
    }

    fn from_json(value: &Json) -> Result<Self, String> {
        let mut r = FieldReader::new(value)
            .ok_or_else(|| format!("must be an object, not {}", value.kind()))?;
        let read = Self::read(&mut r);
        match read {
            Some(v) if r.problems.is_empty() => Ok(v),
            _ => Err(r.summary()),
        }
    }
}

fn required<T>(r: &mut FieldReader, key: &str, value: Option<T>) -> Option<T> {
    r.required(key, value)
}

/// A nested stored value: its problems are reported under `key.`.
fn nested<T: Stored>(r: &mut FieldReader, key: &str) -> Option<T> {
    let value = r.raw(key)?;
    match T::from_json(value) {
        Ok(v) => Some(v),
        Err(why) => {
            r.problems.push((key.to_owned(), why));
            None
        }
    }
}

fn status(r: &mut FieldReader, key: &str) -> Option<TripStatus> {
    r.field(key, "a trip status", |v| {
        v.as_str().and_then(TripStatus::parse)
    })
}

impl Stored for OfferSnapshot {
    fn write(&self, f: &mut Fields) {
        f.str("kind", &self.kind);
        f.opt_u64("rateBps", self.rate_bps.map(u64::from));
        f.opt_u64("amountMinor", self.amount_minor);
        f.opt_u64("points", self.points);
        f.bool("upTo", self.up_to);
        f.str("text", &self.text);
    }

    fn read(r: &mut FieldReader) -> Option<Self> {
        let kind = r.string("kind");
        let rate_bps = r.field("rateBps", "a rate in basis points", |v| {
            v.as_u64().and_then(|n| u32::try_from(n).ok())
        });
        let amount_minor = r.u64("amountMinor");
        let points = r.u64("points");
        let up_to = r.bool("upTo").unwrap_or(false);
        let text = r.string("text");
        Some(OfferSnapshot {
            kind: required(r, "kind", kind)?,
            rate_bps,
            amount_minor,
            points,
            up_to,
            text: required(r, "text", text)?,
        })
    }
}

impl Stored for EstimateRecord {
    fn write(&self, f: &mut Fields) {
        f.u64("amountMinor", self.amount_minor);
        f.u64("points", self.points);
        f.str("display", &self.display);
    }

    fn read(r: &mut FieldReader) -> Option<Self> {
        let amount_minor = r.u64("amountMinor");
        let points = r.u64("points");
        let display = r.string("display");
        Some(EstimateRecord {
            amount_minor: required(r, "amountMinor", amount_minor)?,
            points: required(r, "points", points)?,
            display: required(r, "display", display)?,
        })
    }
}

impl Stored for Order {
    fn write(&self, f: &mut Fields) {
        f.u64("subtotalMinor", self.subtotal_minor);
        f.opt_str("orderNumber", self.order_number.as_deref());
        f.i64("orderedMs", self.ordered_ms);
        self.estimate.write_to(f.key("estimate"));
        f.str("source", &self.source);
    }

    fn read(r: &mut FieldReader) -> Option<Self> {
        let subtotal_minor = r.u64("subtotalMinor");
        let order_number = r.string("orderNumber");
        let ordered_ms = r.i64("orderedMs");
        let estimate = nested(r, "estimate");
        let source = r.string("source");
        Some(Order {
            subtotal_minor: required(r, "subtotalMinor", subtotal_minor)?,
            order_number,
            ordered_ms: required(r, "orderedMs", ordered_ms)?,
            estimate: required(r, "estimate", estimate)?,
            source: required(r, "source", source)?,
        })
    }
}

impl Stored for StatusChange {
    fn write(&self, f: &mut Fields) {
        f.str("status", self.status.as_str());
        f.i64("atMs", self.at_ms);
    }

    fn read(r: &mut FieldReader) -> Option<Self> {
        let status = status(r, "status");
        let at_ms = r.i64("atMs");
        Some(StatusChange {
            status: required(r, "status", status)?,
            at_ms: required(r, "atMs", at_ms)?,
        })
    }
}

impl Stored for TrackingFailure {
    fn write(&self, f: &mut Fields) {
        f.i64("atMs", self.at_ms);
        f.str("reason", self.reason.as_str());
        f.opt_u64("status", self.reason.status().map(u64::from));
        f.str("host", &self.host);
        f.opt_i64("notifiedMs", self.notified_ms);
    }

    fn read(r: &mut FieldReader) -> Option<Self> {
        let at_ms = r.i64("atMs");
        let status = r.field("status", "an HTTP error status", |v| {
            v.as_u64().and_then(|n| u16::try_from(n).ok())
        });
        let reason = r.field("reason", "a tracking failure reason", |v| {
            v.as_str()
                .and_then(|name| TrackingFailureReason::parse(name, status))
        });
        let host = r.string("host");
        let notified_ms = r.i64("notifiedMs");
        Some(TrackingFailure {
            at_ms: required(r, "atMs", at_ms)?,
            reason: required(r, "reason", reason)?,
            host: required(r, "host", host)?,
            notified_ms,
        })
    }
}

impl Stored for AttributionLoss {
    fn write(&self, f: &mut Fields) {
        f.i64("atMs", self.at_ms);
        f.str("network", &self.network);
        f.str("networkName", &self.network_name);
        f.str("signal", &self.signal);
        f.str("rule", &self.rule);
    }

    fn read(r: &mut FieldReader) -> Option<Self> {
        let at_ms = r.i64("atMs");
        let network = r.string("network");
        let network_name = r.string("networkName");
        let signal = r.string("signal");
        let rule = r.string("rule");
        Some(AttributionLoss {
            at_ms: required(r, "atMs", at_ms)?,
            network: required(r, "network", network)?,
            network_name: required(r, "networkName", network_name)?,
            signal: required(r, "signal", signal)?,
            rule: required(r, "rule", rule)?,
        })
    }
}

impl Stored for Trip {
    fn write(&self, f: &mut Fields) {
        f.str("id", &self.id);
        f.str("storeId", &self.store_id);
        f.str("storeName", &self.store_name);
        f.i64("startedMs", self.started_ms);
        f.str("program", &self.program);
        f.str("currency", &self.currency);
        self.offer.write_to(f.key("offer"));
        f.str("startUrl", &self.start_url);
        if self.start_url_unchecked {
            f.bool("startUrlUnchecked", true);
        }
        f.opt_i64("tabId", self.tab_id);
        f.str("status", self.status.as_str());
        if let Some(order) = &self.order {
            order.write_to(f.key("order"));
        }
        f.key("history")
            .array(&self.history, |w, change| change.write_to(w));
        f.opt_i64("landedMs", self.landed_ms);
        if let Some(failure) = &self.tracking_failure {
            failure.write_to(f.key("trackingFailure"));
        }
        if let Some(loss) = &self.attribution_lost {
            loss.write_to(f.key("attributionLost"));
        }
    }

    fn read(r: &mut FieldReader) -> Option<Self> {
        let id = r.string("id");
        let store_id = r.string("storeId");
        let store_name = r.string("storeName");
        let started_ms = r.i64("startedMs");
        let program = r.string("program");
        let currency = r.string("currency");
        let offer = nested(r, "offer");
        let start_url = r.string("startUrl");
        let start_url_unchecked = r.bool("startUrlUnchecked").unwrap_or(false);
        let tab_id = r.i64("tabId");
        let status = status(r, "status");
        let order = nested(r, "order");
        let history = r.array("history").map(|items| {
            items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| match StatusChange::from_json(item) {
                    Ok(change) => Some(change),
                    Err(why) => {
                        r.problems.push((format!("history[{i}]"), why));
                        None
                    }
                })
                .collect::<Vec<_>>()
        });
        let landed_ms = r.i64("landedMs");
        let tracking_failure = nested(r, "trackingFailure");
        let attribution_lost = nested(r, "attributionLost");
        Some(Trip {
            id: required(r, "id", id)?,
            store_id: required(r, "storeId", store_id)?,
            store_name: required(r, "storeName", store_name)?,
            started_ms: required(r, "startedMs", started_ms)?,
            program: required(r, "program", program)?,
            currency: required(r, "currency", currency)?,
            offer: required(r, "offer", offer)?,
            start_url: required(r, "startUrl", start_url)?,
            start_url_unchecked,
            tab_id,
            status: required(r, "status", status)?,
            order,
            history: required(r, "history", history)?,
            landed_ms,
            tracking_failure,
            attribution_lost,
        })
    }
}

impl Stored for StandDownRecord {
    fn write(&self, f: &mut Fields) {
        f.str("storeId", &self.store_id);
        f.str("network", &self.network);
        f.str("networkName", &self.network_name);
        f.str("reason", &self.reason);
        f.str("rule", &self.rule);
        f.i64("sinceMs", self.since_ms);
        f.i64("untilMs", self.until_ms);
    }

    fn read(r: &mut FieldReader) -> Option<Self> {
        let store_id = r.string("storeId");
        let network = r.string("network");
        let network_name = r.string("networkName");
        let reason = r.string("reason");
        let rule = r.string("rule");
        let since_ms = r.i64("sinceMs");
        let until_ms = r.i64("untilMs");
        Some(StandDownRecord {
            store_id: required(r, "storeId", store_id)?,
            network: required(r, "network", network)?,
            network_name: required(r, "networkName", network_name)?,
            reason: required(r, "reason", reason)?,
            rule: required(r, "rule", rule)?,
            since_ms: required(r, "sinceMs", since_ms)?,
            until_ms: required(r, "untilMs", until_ms)?,
        })
    }
}

/// A list of stored values as JSON text (for JavaScript).
pub fn list_json<T: Stored>(items: &[T]) -> String {
    let mut w = Writer::default();
    w.array(items, |w, item| item.write_to(w));
    w.finish()
}

/// One stored value as JSON text (for JavaScript).
pub fn one_json<T: Stored>(item: &T) -> String {
    let mut w = Writer::default();
    item.write_to(&mut w);
    w.finish()
}
