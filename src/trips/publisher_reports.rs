//! Trip reports (PUBLISHER.md, "Trip reports"): what the publisher tells a
//! linked member about the trips ShopTrip started with it. The core decides
//! everything about the exchange, and the worker only fetches and stores:
//! - what is asked ([`request`]): trip ids, stores and start times, and
//!   nothing else, for trips started with this publisher, newest first;
//! - whether an answer is read at all ([`read_report`]): valid JSON with no
//!   repeated key, schema 1, every field of its type, at most 1 MiB; else
//!   it is refused whole and nothing changes;
//! - which moves each trip may make ([`apply`]): the publisher is the
//!   authority on its trips within the contract's moves; an entry for a trip
//!   not asked about is ignored, one that would make another move is
//!   skipped, and both are counted and listed;
//! - the balance and the payouts it reports, kept as the publisher's word;
//! - when to ask again ([`ReportSchedule`]): every 6 hours, later when the
//!   publisher says so (`Retry-After`), doubling from 15 minutes to a day
//!   after a failure, kept in storage so a restarted worker keeps waiting.

use super::{Trip, TripBook, TripStatus};
use crate::document::{self, quoted};
use crate::time::{parse_rfc3339, Date};
use serde::{Deserialize, Serialize};

/// The largest answer read.
pub const MAX_REPORT_BYTES: usize = 1 << 20;
/// The most trips one request names.
pub const MAX_TRIPS_PER_REQUEST: usize = 500;
/// A request for a report, and a token request, give up after this long.
pub const REPORT_TIMEOUT_MS: i64 = 15_000;
/// How often reports are asked for in the background.
pub const REPORT_INTERVAL_MS: i64 = 6 * 3_600_000;
/// The first wait after a failure; it doubles with each one after...
pub const BACKOFF_MIN_MS: i64 = 15 * 60_000;
/// ...up to a day.
pub const BACKOFF_MAX_MS: i64 = 24 * 3_600_000;

/// What the publisher reported about one trip, kept on the trip.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Reported {
    pub status: TripStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ordered_ms: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_minor: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reward_minor: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<u64>,
    /// When the publisher last changed its record of the trip.
    pub updated_ms: i64,
}

/// The member's balance with the publisher, in minor units.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Balance {
    pub pending_minor: u64,
    pub confirmed_minor: u64,
    pub paid_minor: u64,
}

/// One payout the publisher made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaidOut {
    pub date: Date,
    pub amount_minor: u64,
}

/// The publisher's account as its last accepted report gave it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Ledger {
    pub balance: Balance,
    #[serde(default)]
    pub payouts: Vec<PaidOut>,
    /// When that report was accepted.
    pub reported_ms: i64,
}

/// The answer as the contract writes it. Fields the contract does not
/// name are passed over: a publisher may say more.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawReport {
    schema: u64,
    #[serde(deserialize_with = "document::object::list")]
    trips: Vec<RawEntry>,
    #[serde(default, deserialize_with = "document::object::optional")]
    balance: Option<RawBalance>,
    #[serde(default, deserialize_with = "document::object::optional_list")]
    payouts: Option<Vec<RawPayout>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawEntry {
    id: String,
    status: String,
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    ordered_at: Option<String>,
    #[serde(default)]
    order_minor: Option<u64>,
    #[serde(default)]
    reward_minor: Option<u64>,
    #[serde(default)]
    points: Option<u64>,
    updated: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawBalance {
    pending_minor: u64,
    confirmed_minor: u64,
    paid_minor: u64,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawPayout {
    date: String,
    amount_minor: u64,
}

/// A report refused whole: nothing changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the trip report was refused: {0}")]
pub struct ReportRefused(pub String);

/// What applying a report did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Outcome {
    /// Entries whose trip took the publisher's word.
    pub applied: u32,
    /// Entries for trips that were not asked about.
    pub ignored: u32,
    /// Entries that would have made a move the contract does not allow, or
    /// that could not be read.
    pub skipped: u32,
    /// One line for each ignored or skipped entry: where and why.
    pub problems: Vec<String>,
}

/// The request body for `publisher_id`'s trips, and the ids it names.
pub fn request(book: &TripBook, publisher_id: &str) -> (String, Vec<String>) {
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Asked<'a> {
        id: &'a str,
        store: &'a str,
        started_at: String,
    }
    #[derive(Serialize)]
    struct Body<'a> {
        schema: u32,
        trips: Vec<Asked<'a>>,
    }
    let mut asked: Vec<&Trip> = asked_trips(book, publisher_id).collect();
    asked.sort_by(|a, b| b.started_ms.cmp(&a.started_ms).then(b.id.cmp(&a.id)));
    asked.truncate(MAX_TRIPS_PER_REQUEST);
    let body = Body {
        schema: 1,
        trips: asked
            .iter()
            .map(|t| Asked {
                id: &t.id,
                store: &t.store_id,
                started_at: super::report::utc(t.started_ms),
            })
            .collect(),
    };
    let ids = asked.iter().map(|t| t.id.clone()).collect();
    (
        serde_json::to_string(&body).expect("the request has only string keys"),
        ids,
    )
}

/// The trips a report may be about: started with this publisher, and not
/// left behind as expired (an expired trip had no order).
fn asked_trips<'b>(book: &'b TripBook, publisher_id: &'b str) -> impl Iterator<Item = &'b Trip> {
    book.trips().iter().filter(move |t| {
        t.publisher.as_deref() == Some(publisher_id) && t.status != TripStatus::Expired
    })
}

/// Reads an answer strictly; `Err` says why it is refused whole.
fn read_report(text: &str) -> Result<RawReport, ReportRefused> {
    if text.len() > MAX_REPORT_BYTES {
        return Err(ReportRefused(format!(
            "it is larger than {} bytes",
            MAX_REPORT_BYTES
        )));
    }
    let tree = document::parse_strict(text)
        .map_err(|e| ReportRefused(format!("it is not valid JSON ({e})")))?;
    match tree.get("schema") {
        Some(serde_json::Value::Number(n)) if n.as_u64() == Some(1) => {}
        Some(other) => return Err(ReportRefused(format!("schema {other} is not schema 1"))),
        None => return Err(ReportRefused("it has no schema".into())),
    }
    document::read::<RawReport>(text).map_err(|r| ReportRefused(r.to_string()))
}

/// Whether the publisher may move a trip from `from` to `to` (PUBLISHER.md):
/// a trip not yet final becomes pending, confirmed or ineligible; confirmed
/// may become ineligible (a reversal); ineligible may become confirmed (a
/// claim granted). Staying put updates the figures.
pub fn publisher_may_move(from: TripStatus, to: TripStatus) -> bool {
    use TripStatus::*;
    matches!(
        (from, to),
        (
            Activated | Ordered | Pending,
            Pending | Confirmed | Ineligible
        ) | (Confirmed, Confirmed | Ineligible)
            | (Ineligible, Ineligible | Confirmed)
    )
}

/// Applies the answer `text` to the trips of `publisher_id` at `now_ms`.
/// A refused document changes nothing; in a read one, each bad entry is
/// skipped alone.
pub fn apply(
    book: &mut TripBook,
    publisher_id: &str,
    text: &str,
    now_ms: i64,
) -> Result<Outcome, ReportRefused> {
    let report = read_report(text)?;
    let _ = report.schema;
    let balance = report.balance.map(|b| Balance {
        pending_minor: b.pending_minor,
        confirmed_minor: b.confirmed_minor,
        paid_minor: b.paid_minor,
    });
    let mut payouts = Vec::new();
    for (i, p) in report.payouts.unwrap_or_default().into_iter().enumerate() {
        let date = Date::parse(&p.date).ok_or_else(|| {
            ReportRefused(format!(
                "payouts[{i}].date: {} is not a YYYY-MM-DD date",
                quoted(&p.date)
            ))
        })?;
        payouts.push(PaidOut {
            date,
            amount_minor: p.amount_minor,
        });
    }
    let asked: rustc_hash::FxHashSet<String> = asked_trips(book, publisher_id)
        .map(|t| t.id.clone())
        .collect();
    let mut outcome = Outcome::default();
    let mut seen = rustc_hash::FxHashSet::default();
    for (i, entry) in report.trips.into_iter().enumerate() {
        let at = format!("trips[{i}]");
        if !asked.contains(&entry.id) {
            outcome.ignored += 1;
            outcome.problems.push(format!(
                "{at}: ignored: trip {} was not asked about",
                quoted(&entry.id.chars().take(64).collect::<String>())
            ));
            continue;
        }
        if !seen.insert(entry.id.clone()) {
            outcome.skipped += 1;
            outcome.problems.push(format!(
                "{at}: skipped: trip {} is reported twice",
                entry.id
            ));
            continue;
        }
        match read_entry(&entry) {
            Err(why) => {
                outcome.skipped += 1;
                outcome.problems.push(format!("{at}: skipped: {why}"));
            }
            Ok(reported) => match book.take_publishers_word(&entry.id, reported) {
                Ok(()) => outcome.applied += 1,
                Err(why) => {
                    outcome.skipped += 1;
                    outcome.problems.push(format!("{at}: skipped: {why}"));
                }
            },
        }
    }
    book.set_ledger(Ledger {
        balance: balance.unwrap_or_default(),
        payouts,
        reported_ms: now_ms,
    });
    Ok(outcome)
}

/// One entry's values, checked.
fn read_entry(entry: &RawEntry) -> Result<Reported, String> {
    let status = match entry.status.as_str() {
        "pending" => TripStatus::Pending,
        "confirmed" => TripStatus::Confirmed,
        "ineligible" => TripStatus::Ineligible,
        other => {
            return Err(format!(
                "status {} is not pending, confirmed or ineligible",
                quoted(other)
            ))
        }
    };
    let updated_ms = parse_rfc3339(&entry.updated).ok_or_else(|| {
        format!(
            "updated: {} is not an RFC 3339 time",
            quoted(&entry.updated)
        )
    })?;
    let ordered_ms = match &entry.ordered_at {
        None => None,
        Some(text) => Some(
            parse_rfc3339(text)
                .ok_or_else(|| format!("orderedAt: {} is not an RFC 3339 time", quoted(text)))?,
        ),
    };
    let reason = entry.reason.as_deref().map(|r| {
        r.chars()
            .filter(|c| !c.is_control())
            .take(200)
            .collect::<String>()
    });
    Ok(Reported {
        status,
        reason,
        ordered_ms,
        order_minor: entry.order_minor,
        reward_minor: entry.reward_minor,
        points: entry.points,
        updated_ms,
    })
}

/// Why the last request for a report did not get one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// `429` or `503`: the publisher asked to wait (`Retry-After`, in ms).
    Busy { retry_after_ms: Option<i64> },
    /// Any other failure: no answer, another status, a refused document.
    Other,
}

/// When to ask for a report next; stored with the trips.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportSchedule {
    /// Not before this time.
    pub next_ms: i64,
    /// Failures in a row since the last report.
    pub failures: u32,
}

impl ReportSchedule {
    /// Whether a report may be asked for now. `asked_by_member`: the trips
    /// page opened, or Refresh pressed; those need not wait the 6 hours,
    /// but a publisher's `Retry-After` and the backoff hold for them too.
    pub fn due(&self, now_ms: i64, asked_by_member: bool) -> bool {
        (asked_by_member && self.failures == 0) || now_ms >= self.next_ms
    }

    pub fn succeeded(&mut self, now_ms: i64) {
        self.failures = 0;
        self.next_ms = now_ms.saturating_add(REPORT_INTERVAL_MS);
    }

    pub fn failed(&mut self, failure: Failure, now_ms: i64) {
        self.failures = self.failures.saturating_add(1);
        let doubling = BACKOFF_MIN_MS
            .saturating_mul(1i64 << self.failures.saturating_sub(1).min(16))
            .min(BACKOFF_MAX_MS);
        let wait = match failure {
            Failure::Busy {
                retry_after_ms: Some(ms),
            } => ms.clamp(0, BACKOFF_MAX_MS).max(doubling),
            _ => doubling,
        };
        self.next_ms = now_ms.saturating_add(wait);
    }
}

impl Trip {
    /// The trip's reward as the publisher reported it, in the program's
    /// unit, once it has reported a figure.
    pub fn reported_value(&self) -> Option<u64> {
        let reported = self.reported.as_ref()?;
        match self.program.as_str() {
            "cash_back" => reported.reward_minor,
            _ => reported.points.or(reported.reward_minor),
        }
    }
}

impl TripBook {
    /// The publisher's word on trip `id`: its status (within the moves the
    /// contract allows) and its figures.
    pub fn take_publishers_word(&mut self, id: &str, reported: Reported) -> Result<(), String> {
        let trip = self
            .trip_mut(id)
            .ok_or_else(|| format!("unknown trip {}", quoted(id)))?;
        if !publisher_may_move(trip.status, reported.status) {
            return Err(format!(
                "{} → {} is not a move the publisher may make",
                trip.status.as_str(),
                reported.status.as_str()
            ));
        }
        if trip.status != reported.status {
            trip.status = reported.status;
            trip.history.push(super::StatusChange {
                status: reported.status,
                at_ms: reported.updated_ms,
            });
        }
        trip.reported = Some(reported);
        Ok(())
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
