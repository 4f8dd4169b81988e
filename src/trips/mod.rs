//! Shopping trips: what the shopper's "Shop Now" click starts, and what it
//! becomes. A trip records the offer and program *at that moment*, so a later
//! catalog change never rewrites what the shopper was promised.
//!
//! Lifecycle: Activated → Ordered (with an estimate) → Pending → Confirmed,
//! or Ineligible / Expired. Only the transitions in [`TripStatus::can_become`]
//! are allowed; anything else is a typed error and changes nothing.
//!
//! Beside its status a trip keeps two facts that explain missing cash back:
//! that its tracking link failed ([`TrackingFailure`]: the tab never reached
//! the store through it), and that another affiliate referred the shopper to
//! the store while it was on ([`AttributionLoss`]).

pub mod account_link;
mod book;
mod id;
mod migrations;
pub mod publisher_reports;
pub mod report;
mod stored;

pub use book::{
    order, LoadIssue, StandDownRecord, TrackingNotice, TripBook, BACKUP_KEY_PREFIX, SCHEMA_VERSION,
    TRIPS_KEY,
};
#[cfg(not(target_arch = "wasm32"))]
pub use id::OsEntropy;
pub use id::{is_trip_id, new_trip_id, Entropy};
pub use migrations::MIGRATIONS;

use crate::document::quoted;
use crate::rewards::Estimate;
use serde::{Deserialize, Serialize};

/// An Activated trip with no order expires after this long.
pub const ACTIVATION_LIFETIME_MS: i64 = 7 * 86_400_000;
/// After Shop Now, the tab must land on the store through the tracking link
/// within this time, or the hop has failed.
pub const TRACKING_LIMIT_MS: i64 = 10_000;
/// An order with no confirmation after this long can be claimed as missing.
pub const CLAIM_AFTER_MS: i64 = 7 * 86_400_000;
/// A trip that has ended (confirmed, ineligible, expired) is kept this long
/// after its last change; a trip that can still change is kept forever.
pub const RETENTION_MS: i64 = 2 * 366 * 86_400_000;
/// After Shop Now, the tab landing back on the store within this time shows
/// the confirmation; later arrivals are ordinary visits.
pub const LANDING_WINDOW_MS: i64 = 10 * 60_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TripStatus {
    Activated,
    Ordered,
    Pending,
    Confirmed,
    Ineligible,
    Expired,
}

impl TripStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            TripStatus::Activated => "activated",
            TripStatus::Ordered => "ordered",
            TripStatus::Pending => "pending",
            TripStatus::Confirmed => "confirmed",
            TripStatus::Ineligible => "ineligible",
            TripStatus::Expired => "expired",
        }
    }

    pub fn parse(name: &str) -> Option<TripStatus> {
        use TripStatus::*;
        [Activated, Ordered, Pending, Confirmed, Ineligible, Expired]
            .into_iter()
            .find(|s| s.as_str() == name)
    }

    /// The allowed moves. `Ordered → Ordered` corrects an order's subtotal.
    pub fn can_become(self, next: TripStatus) -> bool {
        use TripStatus::*;
        matches!(
            (self, next),
            (Activated, Ordered | Expired | Ineligible)
                | (Ordered, Ordered | Pending | Ineligible)
                | (Pending, Confirmed | Ineligible)
        )
    }

    /// The statuses this one may move to, in lifecycle order.
    pub fn next_steps(self) -> Vec<TripStatus> {
        use TripStatus::*;
        [Activated, Ordered, Pending, Confirmed, Ineligible, Expired]
            .into_iter()
            .filter(|next| self.can_become(*next))
            .collect()
    }

    pub fn is_final(self) -> bool {
        matches!(
            self,
            TripStatus::Confirmed | TripStatus::Ineligible | TripStatus::Expired
        )
    }
}

/// The offer as it stood when the trip started.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OfferSnapshot {
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_bps: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_minor: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<u64>,
    #[serde(default)]
    pub up_to: bool,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EstimateRecord {
    pub amount_minor: u64,
    pub points: u64,
    pub display: String,
}

impl From<Estimate> for EstimateRecord {
    fn from(e: Estimate) -> Self {
        EstimateRecord {
            amount_minor: e.amount_minor,
            points: e.points,
            display: e.display,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Order {
    pub subtotal_minor: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_number: Option<String>,
    pub ordered_ms: i64,
    #[serde(deserialize_with = "crate::document::object::required")]
    pub estimate: EstimateRecord,
    /// `"page"` when read from the order page, `"manual"` when typed in.
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusChange {
    pub status: TripStatus,
    pub at_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Trip {
    pub id: String,
    pub store_id: String,
    pub store_name: String,
    pub started_ms: i64,
    /// `cash_back`, `membership_rewards` or `points`.
    pub program: String,
    pub currency: String,
    #[serde(deserialize_with = "crate::document::object::required")]
    pub offer: OfferSnapshot,
    /// The store's page the trip started from, or its front page (never
    /// another site's page).
    pub start_url: String,
    /// Set by the version 5 migration on trips stored before start URLs
    /// were checked: [`TripBook::tidy_start_urls`] checks them against the
    /// catalog once it is loaded.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub start_url_unchecked: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tab_id: Option<i64>,
    /// Where Shop Now sent the tab: the store's tracking link with this
    /// trip's id, or the store's page when it has none (schema version 6).
    /// The redirect chain that starts here, in the trip's tab and in time,
    /// is ShopTrip's own; nothing else is ([`Trip::owns_arrival`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent_to: Option<String>,
    /// The publisher the trip was started with (its profile's `id`); none in
    /// the demo (schema version 6). Only such trips are asked about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// What the publisher last reported about the trip (schema version 6).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::document::object::optional"
    )]
    pub reported: Option<publisher_reports::Reported>,
    pub status: TripStatus,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::document::object::optional"
    )]
    pub order: Option<Order>,
    #[serde(deserialize_with = "crate::document::object::list")]
    pub history: Vec<StatusChange>,
    /// When the trip's tab landed back on the store and the shopper was
    /// told the trip is active (schema version 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub landed_ms: Option<i64>,
    /// The store page the trip's own chain landed on, with whatever
    /// parameters its network added (schema version 6): seen again in the
    /// trip's tab (a reload, back or forward), they are still the trip's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub landed_url: Option<String>,
    /// Set when the tracking link failed (schema version 4).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::document::object::optional"
    )]
    pub tracking_failure: Option<TrackingFailure>,
    /// Set when another affiliate referred the shopper during the trip
    /// (schema version 4).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::document::object::optional"
    )]
    pub attribution_lost: Option<AttributionLoss>,
}

/// Why the tab never reached the store through the tracking link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrackingFailureReason {
    /// The tracking host's name does not resolve.
    Unresolved,
    /// An ad or content blocker, or another extension, blocked the request.
    Blocked,
    /// The connection failed, was refused or reset.
    Connection,
    /// The TLS handshake or the certificate failed.
    Tls,
    /// The tracking host, or a hop before the store, answered with an error.
    HttpStatus(u16),
    /// No landing on the store within [`TRACKING_LIMIT_MS`].
    Timeout,
}

impl TrackingFailureReason {
    /// The browser's network error for a main-frame request (Chromium's
    /// `net::ERR_*`, Firefox's `NS_ERROR_*` and NSS's codes). `None` when
    /// it is no failure of the link: the navigation was replaced or
    /// cancelled, by the shopper or by ShopTrip itself.
    pub fn from_net_error(error: &str) -> Option<Self> {
        use TrackingFailureReason::*;
        let code = error.trim();
        let code = code.strip_prefix("net::").unwrap_or(code);
        if matches!(
            code,
            "ERR_ABORTED" | "NS_BINDING_ABORTED" | "NS_ERROR_ABORT"
        ) {
            return None;
        }
        Some(match code {
            "ERR_BLOCKED_BY_CLIENT"
            | "ERR_BLOCKED_BY_ADMINISTRATOR"
            | "ERR_BLOCKED_BY_RESPONSE" => Blocked,
            // Firefox names a request an extension cancelled this way.
            "NS_ERROR_BLOCKED_BY_POLICY" | "NS_ERROR_CONTENT_BLOCKED" => Blocked,
            "ERR_NAME_NOT_RESOLVED" | "ERR_NAME_RESOLUTION_FAILED" | "NS_ERROR_UNKNOWN_HOST" => {
                Unresolved
            }
            c if c.starts_with("ERR_CERT_")
                || c.starts_with("ERR_SSL_")
                || c.starts_with("SEC_ERROR_")
                || c.starts_with("SSL_ERROR_")
                || c == "NS_ERROR_NET_INADEQUATE_SECURITY" =>
            {
                Tls
            }
            "ERR_TIMED_OUT" | "ERR_CONNECTION_TIMED_OUT" | "NS_ERROR_NET_TIMEOUT" => Timeout,
            _ => Connection,
        })
    }

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            TrackingFailureReason::Unresolved => "unresolved",
            TrackingFailureReason::Blocked => "blocked",
            TrackingFailureReason::Connection => "connection",
            TrackingFailureReason::Tls => "tls",
            TrackingFailureReason::HttpStatus(_) => "http",
            TrackingFailureReason::Timeout => "timeout",
        }
    }

    /// Reads a stored name (and the status that goes with `"http"`).
    pub fn parse(name: &str, status: Option<u16>) -> Option<Self> {
        use TrackingFailureReason::*;
        Some(match (name, status) {
            ("unresolved", None) => Unresolved,
            ("blocked", None) => Blocked,
            ("connection", None) => Connection,
            ("tls", None) => Tls,
            ("http", Some(code)) if (400..=599).contains(&code) => HttpStatus(code),
            ("timeout", None) => Timeout,
            _ => return None,
        })
    }

    /// The HTTP status, for `HttpStatus`.
    pub fn status(self) -> Option<u16> {
        match self {
            TrackingFailureReason::HttpStatus(code) => Some(code),
            _ => None,
        }
    }

    /// What the claim says, in the plain words a network's support reads.
    pub fn describe(self) -> String {
        match self {
            TrackingFailureReason::Unresolved => "the tracking host could not be found".into(),
            TrackingFailureReason::Blocked => {
                "an ad or content blocker, or another extension, blocked it".into()
            }
            TrackingFailureReason::Connection => "the connection to it failed".into(),
            TrackingFailureReason::Tls => "its secure connection failed".into(),
            TrackingFailureReason::HttpStatus(code) => format!("it answered with HTTP {code}"),
            TrackingFailureReason::Timeout => "it did not reach the store within 10 seconds".into(),
        }
    }
}

/// The trip's tracking link failed: the shopper was sent back and told.
/// Stored as `reason` plus, for `"http"`, `status` (see `stored.rs`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    try_from = "stored::TrackingFailureFields",
    into = "stored::TrackingFailureFields"
)]
pub struct TrackingFailure {
    pub at_ms: i64,
    pub reason: TrackingFailureReason,
    /// The host of the request that failed (the tracking host, or a hop).
    pub host: String,
    /// When the page told the shopper; the notice shows once.
    pub notified_ms: Option<i64>,
}

/// Another affiliate referred the shopper to the store during the trip: the
/// store most likely credits that affiliate. A fact on the trip, never a
/// warning in the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AttributionLoss {
    pub at_ms: i64,
    pub network: String,
    pub network_name: String,
    /// The signal that told (a parameter, the referrer, a redirect hop).
    pub signal: String,
    pub rule: String,
}

/// What went wrong with a trip operation.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TripError {
    #[error("unknown trip {}", quoted(.0))]
    UnknownTrip(String),
    #[error("trip {id} is {} and cannot become {}", .from.as_str(), .to.as_str())]
    NotAllowed {
        id: String,
        from: TripStatus,
        to: TripStatus,
    },
    #[error("no secure random source: {0}")]
    NoEntropy(String),
    #[error("{0}")]
    BadInput(String),
}

impl Trip {
    /// Moves the trip to `next` at `at_ms`, if the lifecycle allows it.
    pub fn transition(&mut self, next: TripStatus, at_ms: i64) -> Result<(), TripError> {
        if !self.status.can_become(next) {
            return Err(TripError::NotAllowed {
                id: self.id.clone(),
                from: self.status,
                to: next,
            });
        }
        self.status = next;
        self.history.push(StatusChange {
            status: next,
            at_ms,
        });
        Ok(())
    }

    /// When the trip last changed.
    pub fn last_change_ms(&self) -> i64 {
        self.history
            .last()
            .map_or(self.started_ms, |change| change.at_ms)
    }

    /// Whether the trip's tracking link failed and was not followed since:
    /// its cash back may not be recorded.
    pub fn tracking_failed(&self) -> bool {
        self.tracking_failure.is_some()
    }

    /// Whether an arrival in tab `tab_id` at `now_ms`, whose first request
    /// was `first_hop`, is this trip's own Shop Now chain: the tab Shop Now
    /// sent, within [`TRACKING_LIMIT_MS`] of it, before the trip landed or
    /// failed, starting at the very URL the core made for this trip (which
    /// carries its id). The same link opened in another tab, a second time,
    /// or late, is not: its hops are judged like anyone else's.
    pub fn owns_arrival(&self, tab_id: Option<i64>, first_hop: &str, now_ms: i64) -> bool {
        let elapsed = now_ms.saturating_sub(self.started_ms);
        self.status == TripStatus::Activated
            && tab_id.is_some()
            && self.tab_id == tab_id
            && self.landed_ms.is_none()
            && self.tracking_failure.is_none()
            && (0..=TRACKING_LIMIT_MS).contains(&elapsed)
            && self
                .sent_to
                .as_deref()
                .is_some_and(|sent| same_url(sent, first_hop))
    }

    /// Whether the shopper may file a missing-cash-back claim for it now:
    /// an order the publisher has not reported on after 7 days.
    pub fn claimable(&self, now_ms: i64) -> bool {
        self.reported.is_none()
            && matches!(self.status, TripStatus::Ordered | TripStatus::Pending)
            && self
                .order
                .as_ref()
                .is_some_and(|o| now_ms - o.ordered_ms >= CLAIM_AFTER_MS)
    }
}

/// Two URLs as the browser would request them: both parsed (WHATWG), so a
/// request the browser reports in its own spelling still matches the URL
/// the core made; text that does not parse must match exactly.
fn same_url(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    match (url::Url::parse(a), url::Url::parse(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
