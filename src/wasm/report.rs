//! The trips page's figures and the CSV export, from the `TripJournal`.

use super::convert::{now_or, to_js};
use super::trips::TripJournal;
use super::JsEngine;
use crate::money::Currency;
use crate::rewards::Program;
use crate::trips::report;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl TripJournal {
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
                        // The estimate of a trip whose tracking link failed
                        // may never be recorded by the store.
                        f.bool("mayNotBeRecorded", trip.tracking_failed());
                        let facts = report::trip_facts(trip);
                        if !facts.is_empty() {
                            f.key("facts").array(&facts, |w, fact| w.string(fact));
                        }
                        if let Some(failure) = &trip.tracking_failure {
                            f.key("trackingFailure").object(|f| {
                                f.str("reason", failure.reason.as_str());
                                f.opt_u64("status", failure.reason.status().map(u64::from));
                                f.str("host", &failure.host);
                                f.i64("atMs", failure.at_ms);
                            });
                        }
                        if let Some(loss) = &trip.attribution_lost {
                            f.key("attributionLost").object(|f| {
                                f.str("networkName", &loss.network_name);
                                f.str("signal", &loss.signal);
                                f.i64("atMs", loss.at_ms);
                            });
                        }
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
}
