//! The trips page's figures and the CSV export, from the `TripJournal`.

use super::convert::now_or;
use super::shapes::{to_js_by_text, FailureView};
use super::trips::TripJournal;
use super::JsEngine;
use crate::money::Currency;
use crate::rewards::Program;
use crate::trips::report;
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl TripJournal {
    /// Everything the trips page shows, as of `nowMs`: `{ program, trips
    /// (newest first: `id`, `storeId`, `storeName`, `startedMs`, `status`,
    /// `offerText`, and with an order `orderedMs`, `orderNumber`,
    /// `subtotalDisplay`, `value`, `valueDisplay`, `claim`,
    /// `claimableFromMs`), totals, payout, months, checklist }`. Values are in
    /// the program's unit (minor units, or points).
    #[wasm_bindgen(unchecked_return_type = "TripsReport")]
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
        let currency = engine.engine().catalog().currency;
        let publisher = self.publisher_or_demo();
        // A program the publisher does not pay has no schedule to show.
        let payout = publisher.program(program).map(|rules| {
            let plan = report::payout_plan(trips, program, &rules.payout, now);
            let next = &plan.next;
            let balance = next.paid.max(next.carried_over);
            PayoutLine {
                next_date: next.date.to_string(),
                balance,
                balance_display: crate::rewards::reward(currency, balance, program).display,
                minimum: plan.minimum,
                minimum_display: crate::rewards::reward(currency, plan.minimum, program).display,
                reaches_minimum: next.paid > 0,
                arrival: rules.arrival_weeks.map(|weeks| {
                    let (from, to) = crate::payout::arrival_window(next.date, weeks);
                    [from.to_string(), to.to_string()]
                }),
            }
        });
        let lines = trips
            .iter()
            .rev()
            .map(|trip| {
                let value = report::reward_value(trip);
                TripLine {
                    id: &trip.id,
                    store_id: &trip.store_id,
                    store_name: &trip.store_name,
                    started_ms: trip.started_ms,
                    status: trip.status.as_str(),
                    offer_text: &trip.offer.text,
                    ordered_ms: trip.order.as_ref().map(|o| o.ordered_ms),
                    order_number: trip.order.as_ref().and_then(|o| o.order_number.as_deref()),
                    subtotal_display: trip
                        .order
                        .as_ref()
                        .zip(Currency::from_code(&trip.currency))
                        .map(|(order, c)| c.format(order.subtotal_minor)),
                    value,
                    value_display: value.map(|v| display(&trip.currency, &trip.program, v)),
                    claim: report::claim_text(trip, now, &publisher.name),
                    may_not_be_recorded: trip.tracking_failed(),
                    facts: report::trip_facts(trip),
                    tracking_failure: trip.tracking_failure.as_ref().map(|f| FailureView {
                        at_ms: Some(f.at_ms),
                        ..FailureView::new(f.reason, &f.host)
                    }),
                    attribution_lost: trip.attribution_lost.as_ref().map(|loss| LossLine {
                        network_name: &loss.network_name,
                        signal: &loss.signal,
                        at_ms: loss.at_ms,
                    }),
                    claimable_from_ms: report::claimable_from(trip),
                    reported: trip.reported.as_ref().map(|r| ReportedLine {
                        status: r.status.as_str(),
                        reason: r.reason.as_deref(),
                        // An ineligible trip earns nothing: no amount is shown as its.
                        value_display: trip
                            .reported_value()
                            .filter(|_| r.status != crate::trips::TripStatus::Ineligible)
                            .map(|v| display(&trip.currency, &trip.program, v)),
                        order_display: r
                            .order_minor
                            .zip(Currency::from_code(&trip.currency))
                            .map(|(minor, c)| c.format(minor)),
                        updated_ms: r.updated_ms,
                    }),
                }
            })
            .collect();
        let totals = report::totals(trips)
            .into_iter()
            .map(|t| TotalLine {
                display: display(&t.currency, &t.program, t.value),
                status: t.status.as_str(),
                trips: t.trips,
                value: t.value,
                program: t.program,
                currency: t.currency,
            })
            .collect();
        let months = report::by_month(trips, program, now, 12)
            .into_iter()
            .map(|m| MonthLine {
                month: format!("{:04}-{:02}", m.0, m.1),
                confirmed: m.2,
                expected: m.3,
            })
            .collect();
        let money = |minor: u64| currency.format(minor);
        let ledger = self.book.ledger().map(|l| LedgerLine {
            pending_display: money(l.balance.pending_minor),
            confirmed_display: money(l.balance.confirmed_minor),
            paid_display: money(l.balance.paid_minor),
            payouts: l
                .payouts
                .iter()
                .map(|p| PayoutMade {
                    date: p.date.to_string(),
                    display: money(p.amount_minor),
                })
                .collect(),
            reported_ms: l.reported_ms,
        });
        // 10,000 trips cross to the page in one message: as text.
        Ok(to_js_by_text(&Report {
            program: program.as_str(),
            ledger,
            trips: lines,
            totals,
            payout,
            months,
            checklist: &report::CLAIM_CHECKLIST,
        }))
    }

    /// Every trip as CSV, for export.
    #[wasm_bindgen(js_name = toCsv)]
    pub fn to_csv(&self) -> String {
        report::csv(self.book.trips())
    }
}

/// The trips page's report. What the page shows of each trip, not the whole
/// stored trip.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Report<'a> {
    program: &'static str,
    /// The publisher's balance and payouts; `null` until it reported.
    ledger: Option<LedgerLine>,
    trips: Vec<TripLine<'a>>,
    totals: Vec<TotalLine>,
    payout: Option<PayoutLine>,
    months: Vec<MonthLine>,
    checklist: &'a [&'a str],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TripLine<'a> {
    id: &'a str,
    store_id: &'a str,
    store_name: &'a str,
    started_ms: i64,
    status: &'static str,
    offer_text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    ordered_ms: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    order_number: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    subtotal_display: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value_display: Option<String>,
    claim: Option<String>,
    /// The estimate of a trip whose tracking link failed may never be
    /// recorded by the store.
    may_not_be_recorded: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    facts: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tracking_failure: Option<FailureView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    attribution_lost: Option<LossLine<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    claimable_from_ms: Option<i64>,
    /// The publisher's word on the trip, when it reported one.
    #[serde(skip_serializing_if = "Option::is_none")]
    reported: Option<ReportedLine<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportedLine<'a> {
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
    /// The publisher's amount, shown as the publisher's.
    #[serde(skip_serializing_if = "Option::is_none")]
    value_display: Option<String>,
    /// The order's subtotal as the publisher has it.
    #[serde(skip_serializing_if = "Option::is_none")]
    order_display: Option<String>,
    updated_ms: i64,
}

/// The publisher's account, as its last accepted report gave it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LedgerLine {
    pending_display: String,
    confirmed_display: String,
    paid_display: String,
    payouts: Vec<PayoutMade>,
    reported_ms: i64,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PayoutMade {
    date: String,
    display: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LossLine<'a> {
    network_name: &'a str,
    signal: &'a str,
    at_ms: i64,
}

#[derive(Serialize)]
struct TotalLine {
    program: String,
    currency: String,
    status: &'static str,
    trips: u64,
    value: u64,
    display: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PayoutLine {
    next_date: String,
    balance: u64,
    balance_display: String,
    minimum: u64,
    minimum_display: String,
    reaches_minimum: bool,
    /// When the next payout's points appear at the points partner.
    arrival: Option<[String; 2]>,
}

#[derive(Serialize)]
struct MonthLine {
    month: String,
    confirmed: u64,
    expected: u64,
}
