//! After Shop Now the tab goes through the store's tracking link. The worker
//! reports what the browser saw of it (a network error, an HTTP status, the
//! time running out); this decides whether that is a failed link, records
//! it on the trip, and later says when the page the shopper was sent back
//! to should tell them.

use crate::engine::Engine;
use crate::trips::{TrackingFailure, TrackingFailureReason, TrackingNotice, TripBook, TripError};

/// What the browser reported about a request of the tab Shop Now sent
/// through the tracking link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrackingEvent<'a> {
    /// The request for `url` failed with this network error.
    NetError(&'a str),
    /// The response for `url` had this HTTP status.
    Status(u16),
    /// [`crate::trips::TRACKING_LIMIT_MS`] passed since Shop Now.
    Timeout,
}

/// Records on trip `trip_id` whether `event` (for a request to `url`) means
/// its tracking link failed, and returns the failure when it does. Only
/// what happens before the store counts: the tracking host and the hops
/// after it; a store's own error page is the store's.
pub fn tracking_event(
    engine: &Engine,
    book: &mut TripBook,
    trip_id: &str,
    url: &str,
    event: TrackingEvent,
    now_ms: i64,
) -> Result<Option<TrackingFailure>, TripError> {
    let Some(trip) = book.get(trip_id) else {
        return Err(TripError::UnknownTrip(trip_id.chars().take(64).collect()));
    };
    let on_store = engine
        .match_url(url, None, now_ms)
        .and_then(|m| engine.store_at(m.store_index))
        .is_some_and(|store| store.id == trip.store_id);
    let reason = match event {
        TrackingEvent::Timeout => {
            return Ok(book
                .record_tracking_timeout(trip_id, now_ms)?
                .then(|| book.get(trip_id)?.tracking_failure.clone())
                .flatten());
        }
        _ if on_store => return Ok(None),
        TrackingEvent::NetError(error) => TrackingFailureReason::from_net_error(error),
        TrackingEvent::Status(code) if code >= 400 => {
            Some(TrackingFailureReason::HttpStatus(code.min(599)))
        }
        TrackingEvent::Status(_) => None,
    };
    let Some(reason) = reason else {
        return Ok(None);
    };
    let host = crate::page_url::PageUrl::parse(url)
        .map(|p| p.host.into_owned())
        .unwrap_or_default();
    Ok(book
        .record_tracking_failure(trip_id, reason, &host, now_ms)?
        .then(|| book.get(trip_id)?.tracking_failure.clone())
        .flatten())
}

/// The notice for a tab that a failed tracking link sent back to `url`:
/// once, and only on the page Shop Now started from or on the trip's store
/// (not on the browser's error page for the tracking link).
pub fn tracking_notice(
    engine: &Engine,
    book: &mut TripBook,
    tab_id: i64,
    url: &str,
    now_ms: i64,
) -> Option<TrackingNotice> {
    // Every navigation asks; the URL is matched only when a notice is waiting.
    let on_trip_store = |store_id: &str| {
        engine
            .match_url(url, None, now_ms)
            .and_then(|m| engine.store_at(m.store_index))
            .is_some_and(|store| store.id == store_id)
    };
    book.take_tracking_notice(
        tab_id,
        |trip| trip.start_url == url || on_trip_store(&trip.store_id),
        now_ms,
    )
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
