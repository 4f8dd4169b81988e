//! The stored form of trips: field names are camelCase, the same as the
//! objects JavaScript receives, and optional fields are left out when empty
//! (the derives on the types in `mod.rs`). What cannot be derived is here: a
//! tracking failure keeps its reason as a name plus, for an HTTP error, the
//! status beside it.

use super::{TrackingFailure, TrackingFailureReason};
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TrackingFailureFields {
    at_ms: i64,
    reason: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    status: Option<u16>,
    host: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    notified_ms: Option<i64>,
}

impl TryFrom<TrackingFailureFields> for TrackingFailure {
    type Error = String;

    fn try_from(f: TrackingFailureFields) -> Result<Self, String> {
        let reason = TrackingFailureReason::parse(&f.reason, f.status).ok_or_else(|| {
            format!(
                "reason: {:?} with status {:?} is not a tracking failure reason",
                f.reason, f.status
            )
        })?;
        Ok(TrackingFailure {
            at_ms: f.at_ms,
            reason,
            host: f.host,
            notified_ms: f.notified_ms,
        })
    }
}

impl From<TrackingFailure> for TrackingFailureFields {
    fn from(f: TrackingFailure) -> Self {
        TrackingFailureFields {
            at_ms: f.at_ms,
            reason: f.reason.as_str().to_owned(),
            status: f.reason.status(),
            host: f.host,
            notified_ms: f.notified_ms,
        }
    }
}
