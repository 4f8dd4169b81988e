//! What the trips page shows, computed from the book: totals per program and
//! status, where the account stands toward its next payout, rewards by
//! month, the missing-cash-back claim for an order that was never
//! confirmed, and the CSV export. Values are in each program's unit: minor
//! units of cash back, or points (Membership Rewards, JPY store points).

use super::{Trip, TripStatus, CLAIM_AFTER_MS};
use crate::money::Currency;
use crate::payout::{self, PayoutPlan, PayoutRule};
use crate::rewards::Program;
use crate::time::Date;

/// A trip's reward in its program's unit, once it has an order.
#[inline(never)]
pub fn reward_value(trip: &Trip) -> Option<u64> {
    // The publisher's figure, once it reported one, replaces the estimate.
    if let Some(value) = trip.reported_value() {
        return Some(value);
    }
    let estimate = &trip.order.as_ref()?.estimate;
    Some(match Program::parse(&trip.program) {
        Ok(Program::CashBack) | Err(_) => estimate.amount_minor,
        Ok(Program::MembershipRewards | Program::Points) => estimate.points,
    })
}

/// Counts and reward values per (program, status).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Total {
    pub program: String,
    pub currency: String,
    pub status: TripStatus,
    pub trips: u64,
    pub value: u64,
}

pub fn totals(trips: &[Trip]) -> Vec<Total> {
    let mut totals: Vec<Total> = Vec::new();
    for trip in trips {
        let value = reward_value(trip).unwrap_or(0);
        match totals.iter_mut().find(|t| {
            t.program == trip.program && t.currency == trip.currency && t.status == trip.status
        }) {
            Some(t) => {
                t.trips += 1;
                t.value = t.value.saturating_add(value);
            }
            None => totals.push(Total {
                program: trip.program.clone(),
                currency: trip.currency.clone(),
                status: trip.status,
                trips: 1,
                value,
            }),
        }
    }
    totals
}

/// When the trip was confirmed, if it still is (a reversal takes it out of
/// the payouts to come).
fn confirmed_on(trip: &Trip) -> Option<Date> {
    if trip.status != TripStatus::Confirmed {
        return None;
    }
    trip.history
        .iter()
        .rev()
        .find(|c| c.status == TripStatus::Confirmed)
        .map(|c| Date::from_ms(c.at_ms))
}

/// `rule`, the publisher's schedule for `program`, over the confirmed trips
/// of that program.
pub fn payout_plan(trips: &[Trip], program: Program, rule: &PayoutRule, now_ms: i64) -> PayoutPlan {
    let confirmed: Vec<(Date, u64)> = trips
        .iter()
        .filter(|t| t.program == program.as_str())
        .filter_map(|t| Some((confirmed_on(t)?, reward_value(t)?)))
        .collect();
    payout::plan(&confirmed, rule, Date::from_ms(now_ms))
}

/// Rewards of ordered, pending and confirmed trips of `program` by month of
/// the order, for the last `months` months up to `now_ms`:
/// `(year, month, confirmed value, value still expected)`.
pub fn by_month(
    trips: &[Trip],
    program: Program,
    now_ms: i64,
    months: u32,
) -> Vec<(i32, u8, u64, u64)> {
    let today = Date::from_ms(now_ms);
    let mut rows: Vec<(i32, u8, u64, u64)> = (0..months)
        .rev()
        .map(|back| {
            let index = i64::from(today.year) * 12 + i64::from(today.month) - 1 - i64::from(back);
            (
                index.div_euclid(12) as i32,
                (index.rem_euclid(12) + 1) as u8,
                0,
                0,
            )
        })
        .collect();
    for trip in trips.iter().filter(|t| t.program == program.as_str()) {
        let Some(value) = reward_value(trip) else {
            continue;
        };
        // The month of the order: the publisher's word on it first, then
        // the order the page read or the shopper typed.
        let reported = trip.reported.as_ref().and_then(|r| r.ordered_ms);
        let Some(ordered_ms) = reported.or(trip.order.as_ref().map(|o| o.ordered_ms)) else {
            continue;
        };
        let day = Date::from_ms(ordered_ms);
        let Some(row) = rows
            .iter_mut()
            .find(|r| r.0 == day.year && r.1 == day.month)
        else {
            continue;
        };
        match trip.status {
            TripStatus::Confirmed => row.2 = row.2.saturating_add(value),
            TripStatus::Ordered | TripStatus::Pending => row.3 = row.3.saturating_add(value),
            _ => {}
        }
    }
    rows
}

/// What stops a trip from tracking (SPEC.md), for the shopper to check.
pub const CLAIM_CHECKLIST: [&str; 6] = [
    "An ad or content blocker was on",
    "Another shopping or coupon extension was active",
    "Cookies were cleared after Shop Now",
    "A coupon code from another site was used",
    "The purchase was finished in another tab or browser",
    "The cart was filled before activating",
];

/// The text of a missing-cash-back claim for `trip`, or `None` when it
/// cannot be claimed yet (no order, confirmed, under 7 days old, or
/// reported by the publisher). `button` names the build: the publisher's
/// name, or ShopTrip in the demo.
pub fn claim_text(trip: &Trip, now_ms: i64, button: &str) -> Option<String> {
    if !trip.claimable(now_ms) {
        return None;
    }
    let order = trip.order.as_ref()?;
    let currency = Currency::from_code(&trip.currency)?;
    let mut text = format!(
        "Missing cash back claim\n\
         Merchant: {}\n\
         Purchase date: {}\n\
         Order number: {}\n\
         Trip id: {}\n\
         Order subtotal: {}\n\
         Estimated reward: {}\n\
         \nI started this trip by clicking Shop Now in the {} extension and completed the purchase in the same visit.\n\
         I checked that none of these applied:\n",
        trip.store_name,
        Date::from_ms(order.ordered_ms),
        order.order_number.as_deref().unwrap_or("(not recorded)"),
        trip.id,
        currency.format(order.subtotal_minor),
        order.estimate.display,
        button,
    );
    for item in CLAIM_CHECKLIST {
        text.push_str("- ");
        text.push_str(item);
        text.push('\n');
    }
    let facts = trip_facts(trip);
    if !facts.is_empty() {
        text.push_str(&format!("\nWhat {button} recorded on this trip:\n"));
        for fact in facts {
            text.push_str("- ");
            text.push_str(&fact);
            text.push('\n');
        }
    }
    Some(text)
}

/// What the trip recorded that explains missing cash back, one sentence
/// each: its tracking link failed, or another affiliate referred the
/// shopper during it. For the claim and the trips page.
pub fn trip_facts(trip: &Trip) -> Vec<String> {
    let mut facts = Vec::new();
    if let Some(failure) = &trip.tracking_failure {
        let via = if failure.host.is_empty() {
            String::new()
        } else {
            format!(" ({})", failure.host)
        };
        facts.push(format!(
            "The tracking link{via} failed on {}: {}. The cash back may not be recorded.",
            Date::from_ms(failure.at_ms),
            failure.reason.describe(),
        ));
    }
    if let Some(loss) = &trip.attribution_lost {
        facts.push(format!(
            "Another affiliate ({}) referred this visit to the store on {} ({}), so the store may credit that affiliate.",
            loss.network_name,
            Date::from_ms(loss.at_ms),
            loss.signal,
        ));
    }
    facts
}

/// When a trip with an order may be claimed as missing.
pub fn claimable_from(trip: &Trip) -> Option<i64> {
    trip.order
        .as_ref()
        .map(|o| o.ordered_ms.saturating_add(CLAIM_AFTER_MS))
}

/// Every trip as CSV (RFC 4180), one row each, oldest first. Cells that a
/// spreadsheet would run as a formula are prefixed with `'`.
pub fn csv(trips: &[Trip]) -> String {
    let mut out = String::from(
        "trip_id,store_id,store,started_utc,status,program,currency,offer,subtotal,reward,reward_points,order_number,source\r\n",
    );
    for t in trips {
        let currency = Currency::from_code(&t.currency);
        let money =
            |minor: u64| currency.map_or_else(|| minor.to_string(), |c| plain_amount(c, minor));
        let order = t.order.as_ref();
        let cells = [
            t.id.clone(),
            t.store_id.clone(),
            t.store_name.clone(),
            utc(t.started_ms),
            t.status.as_str().to_owned(),
            t.program.clone(),
            t.currency.clone(),
            t.offer.text.clone(),
            order.map(|o| money(o.subtotal_minor)).unwrap_or_default(),
            order
                .map(|o| money(o.estimate.amount_minor))
                .unwrap_or_default(),
            order
                .map(|o| o.estimate.points.to_string())
                .unwrap_or_default(),
            order
                .and_then(|o| o.order_number.clone())
                .unwrap_or_default(),
            order.map(|o| o.source.clone()).unwrap_or_default(),
        ];
        let row: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}

/// `12.34` for 1234 cents: the amount without symbol or grouping.
fn plain_amount(currency: Currency, minor: u64) -> String {
    let per = 10u64.pow(u32::from(currency.minor_digits));
    if currency.minor_digits == 0 {
        return minor.to_string();
    }
    format!(
        "{}.{:0width$}",
        minor / per,
        minor % per,
        width = usize::from(currency.minor_digits)
    )
}

pub(crate) fn utc(ms: i64) -> String {
    let day = Date::from_ms(ms);
    let in_day = ms.rem_euclid(86_400_000) / 1000;
    format!(
        "{day}T{:02}:{:02}:{:02}Z",
        in_day / 3600,
        in_day / 60 % 60,
        in_day % 60
    )
}

fn csv_cell(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    // `;` too: spreadsheets set to a `;` separator (much of Europe) would
    // split `x;=1+1;` into cells and read `=1+1` as a formula.
    if value.contains([',', ';', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
