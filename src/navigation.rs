//! What a committed navigation means for its tab: the one decision behind
//! the toolbar badge and the in-page confirmation. The extension's worker
//! reports each navigation (URL, referrer, redirect hops, tab) and carries
//! out the answer; it decides nothing itself.
//!
//! Precedence, newest event first: a trip the shopper started shows as
//! active unless another affiliate referred them to the store *after* it
//! started (then ShopTrip stands down, as the last referrer is owed the
//! sale); a stand-down in force shows as paused; otherwise the offer.
//!
//! ShopTrip's own link is known by its trip, never by its host: a
//! publisher's tracking links go through the networks' click hosts, which
//! every other affiliate uses too. An arrival is ShopTrip's own only when it
//! is the redirect chain of a Shop Now ([`Trip::owns_arrival`]): in that
//! trip's tab, within its tracking window, starting at the URL the core made
//! for that trip. Any other arrival is judged by the stand-down rules, a
//! click on the same host with the same trip id in another tab included:
//! in doubt, ShopTrip stands down.
//!
//! A referral by another affiliate during an active trip is written on the
//! trip as a fact ([`AttributionLoss`]); nothing is said in the page. A trip
//! whose tracking link failed is not active: the offer shows again, with
//! the failure, and the page the shopper was sent back to says so once
//! ([`tracking`]).

use crate::catalog::{Offer, Store};
use crate::engine::Engine;
use crate::rewards::{self, Program};
use crate::trips::{
    AttributionLoss, Entropy, StandDownRecord, TrackingFailure, Trip, TripBook, TripError,
    LANDING_WINDOW_MS,
};

mod tracking;
pub use tracking::{tracking_event, tracking_notice, TrackingEvent};

/// The badge while a trip is active: anything but an offer's text.
pub const ACTIVE_BADGE: &str = "ON";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TabState {
    /// A partner store: ShopTrip may offer activation.
    Offer,
    /// Another affiliate referred the shopper: ShopTrip stands down.
    Paused,
    /// A trip is active at this store.
    Active,
}

impl TabState {
    pub fn as_str(self) -> &'static str {
        match self {
            TabState::Offer => "offer",
            TabState::Paused => "paused",
            TabState::Active => "active",
        }
    }
}

/// The trip whose start the tab just completed: the shopper is told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Landing {
    pub trip_id: String,
    pub store_name: String,
    /// The offer as it stood when the trip started.
    pub offer_text: String,
}

/// The store's order-confirmation page with a trip to attach the order to:
/// the worker reads the subtotal in the page with `selector`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderCapture {
    pub trip_id: String,
    pub selector: String,
}

#[derive(Debug, Clone)]
pub struct TabView<'a> {
    pub store: &'a Store,
    pub offer: Offer,
    pub state: TabState,
    pub badge: String,
    pub stand_down: Option<StandDownRecord>,
    pub active_trip: Option<String>,
    pub landing: Option<Landing>,
    /// Show the activation prompt now (once per store per browser session;
    /// never muted, paused, active, or with notifications off).
    pub prompt: bool,
    pub order_capture: Option<OrderCapture>,
    /// The newest trip here failed to reach the store through its tracking
    /// link: its id and what happened.
    pub tracking_failure: Option<(String, TrackingFailure)>,
    /// The newest trip here lost its referral to another affiliate.
    pub attribution_lost: Option<AttributionLoss>,
}

/// A navigation the browser committed in a tab.
#[derive(Debug, Clone, Copy)]
pub struct Navigation<'a> {
    pub url: &'a str,
    pub referrer: Option<&'a str>,
    /// URLs the request was redirected through, in any order.
    pub hops: &'a [&'a str],
    pub tab_id: Option<i64>,
    /// Names (never values) of the cookies the page's host has, read only
    /// on partner stores; never stored.
    pub cookie_names: &'a [&'a str],
}

/// The shopper clicked Shop Now at `store` in tab `tab_id`: records the
/// trip, with the page it started from (a page of the store, else its front
/// page) and where Shop Now sends the tab, and returns it. The worker sends
/// the tab to the trip's `sent_to`.
#[allow(clippy::too_many_arguments)]
pub fn start_trip<'b>(
    engine: &Engine,
    book: &'b mut TripBook,
    store: &Store,
    start_url: &str,
    tab_id: Option<i64>,
    program: Program,
    now_ms: i64,
    entropy: &mut dyn Entropy,
) -> Result<&'b Trip, TripError> {
    let start_url = engine.page_of_store(store, start_url);
    // The tracking link back to that page, or the page itself (what
    // `Engine::shop_now_url` gives, without matching the page again).
    let sent_to = |trip_id: &str| {
        let url = engine
            .tracking_url(&store.id, trip_id, &start_url)
            .unwrap_or_else(|| start_url.clone());
        // As the browser will report it (WHATWG), where it parses.
        Some(url::Url::parse(&url).map_or(url, String::from))
    };
    book.start(
        engine.catalog(),
        store,
        program,
        &start_url,
        tab_id,
        now_ms,
        entropy,
        &sent_to,
    )
}

/// Records what the navigation tells (a stand-down, a trip landing) and
/// returns the tab's view, or `None` off the partner stores. The `bool` says
/// whether `book` changed and must be saved.
pub fn arrive<'a>(
    engine: &'a Engine,
    book: &mut TripBook,
    nav: &Navigation,
    now_ms: i64,
) -> Option<(TabView<'a>, bool)> {
    let (store, offer, page_host, page_path) = matched(engine, nav.url, now_ms)?;
    let store_id = store.id.as_str();
    let mut changed = false;
    let mut arrival = Vec::with_capacity(2 + nav.hops.len());
    arrival.push(nav.url);
    arrival.extend(nav.referrer);
    arrival.extend(nav.hops.iter().copied().filter(|hop| *hop != nav.url));
    // The first request of the arrival: where the tab was sent (a page
    // that was not redirected is its own first request).
    let first_hop = nav.hops.first().copied().unwrap_or(nav.url);
    let own_chain = book
        .owner_of_arrival(store_id, nav.tab_id, first_hop, now_ms)
        .is_some();
    // The trip on at the store, looked up once: the book is scanned for it.
    let active = book.active_trip(store_id, now_ms);
    let landed = active.is_some_and(|t| t.landed_ms.is_some());
    let found = if own_chain || active.is_some_and(|t| landing_seen_again(t, nav)) {
        // The shopper's own click through ShopTrip: whatever the network's
        // hops and landing parameters say, they are this trip's.
        None
    } else {
        // A trip that reached the store through its link left the
        // network's cookies there itself: while it is on, a cookie is no
        // sign of a newer referral (another click shows in the URLs).
        let cookies = if landed { &[][..] } else { nav.cookie_names };
        engine.stand_down(&arrival, now_ms, cookies)
    };
    if found.is_none() && book.extend_stand_down(store_id, now_ms) {
        // A navigation on a store ShopTrip stands down at: the shopper's
        // session there goes on (Affiliate Code of Conduct).
        changed = true;
    }
    if let Some(stand_down) = found {
        let interrupted = book.active_trip(store_id, now_ms).map(|t| t.id.clone());
        book.record_stand_down(store_id, &stand_down, now_ms);
        if let Some(trip_id) = interrupted {
            let v = &stand_down.verdict;
            let loss = AttributionLoss {
                at_ms: now_ms,
                network: v.network_id.clone(),
                network_name: v.network_name.clone(),
                signal: v.reason.clone(),
                rule: v.rule.clone(),
            };
            // The trip was found a moment ago: it cannot be unknown.
            let _ = book.record_attribution_loss(&trip_id, loss);
        }
        changed = true;
    }
    let mut view = view(engine, book, store, offer, now_ms);
    let settings = &book.settings;
    if view.state == TabState::Offer
        && view.tracking_failure.is_none()
        && settings.notifications
        && !settings.is_muted(&page_host)
        && !book.session_prompted.iter().any(|id| id == store_id)
    {
        view.prompt = true;
        book.session_prompted.push(store_id.to_owned());
    }
    if let (Some(page), Some(trip)) = (&store.order_page, &view.active_trip) {
        if crate::catalog::path_is_under(&page_path, &page.path) {
            view.order_capture = Some(OrderCapture {
                trip_id: trip.clone(),
                selector: page.subtotal_selector.clone(),
            });
        }
    }
    if view.state == TabState::Active {
        let trip = view
            .active_trip
            .as_deref()
            .and_then(|id| book.get(id))
            .filter(|t| {
                t.tab_id.is_some()
                    && t.tab_id == nav.tab_id
                    && t.landed_ms.is_none()
                    && now_ms - t.started_ms <= LANDING_WINDOW_MS
            })
            .map(|t| Landing {
                trip_id: t.id.clone(),
                store_name: t.store_name.clone(),
                offer_text: t.offer.text.clone(),
            });
        if let Some(landing) = trip {
            if book
                .mark_landed(&landing.trip_id, nav.url, now_ms)
                .unwrap_or(false)
            {
                changed = true;
                view.landing = Some(landing);
            }
        }
    }
    Some((view, changed))
}

/// Whether the navigation shows again, in `trip`'s own tab, the page the
/// trip's chain landed on, with nothing new: no referrer, no hop but the
/// page itself (a reload, back or forward). The network parameters in it
/// came with the trip; they are no new referral.
fn landing_seen_again(trip: &Trip, nav: &Navigation) -> bool {
    nav.referrer.map_or(true, str::is_empty)
        && nav.hops.iter().all(|hop| *hop == nav.url)
        && trip.tab_id.is_some()
        && trip.tab_id == nav.tab_id
        && trip.landed_url.as_deref() == Some(nav.url)
}

/// The tab's view of `url` without recording anything (the popup's).
pub fn look<'a>(
    engine: &'a Engine,
    book: &TripBook,
    url: &str,
    now_ms: i64,
) -> Option<TabView<'a>> {
    let (store, offer, _, _) = matched(engine, url, now_ms)?;
    Some(view(engine, book, store, offer, now_ms))
}

/// The store `url` belongs to (borrowed from the engine, not the URL), its
/// offer now, and the page's host and path.
fn matched<'a>(
    engine: &'a Engine,
    url: &str,
    now_ms: i64,
) -> Option<(&'a Store, Offer, String, String)> {
    let page = engine.match_url(url, None, now_ms)?;
    let offer = page.offer;
    let host = page.host.into_owned();
    let path = crate::page_url::PageUrl::parse(url)
        .map(|p| p.path.into_owned())
        .unwrap_or_default();
    engine
        .store_at(page.store_index)
        .map(|store| (store, offer, host, path))
}

/// The view of `store` given what `book` knows.
pub fn view<'a>(
    engine: &'a Engine,
    book: &TripBook,
    store: &'a Store,
    offer: Offer,
    now_ms: i64,
) -> TabView<'a> {
    let trip = book.active_trip(&store.id, now_ms);
    let stand_down = book.stand_down_at(&store.id, now_ms).cloned();
    let referred_after_trip = match (&stand_down, trip) {
        (Some(sd), Some(t)) => sd.since_ms >= t.started_ms,
        (Some(_), None) => true,
        (None, _) => false,
    };
    let state = match (trip, referred_after_trip) {
        (_, true) => TabState::Paused,
        (Some(_), false) => TabState::Active,
        (None, false) => TabState::Offer,
    };
    let badge = match state {
        TabState::Active => ACTIVE_BADGE.to_owned(),
        _ => rewards::badge(offer, engine.catalog().currency, engine.program()),
    };
    let tracking_failure = book.failed_trip(&store.id, now_ms).and_then(|t| {
        let failure = t.tracking_failure.clone()?;
        Some((t.id.clone(), failure))
    });
    let attribution_lost = trip.and_then(|t| t.attribution_lost.clone());
    // (The program is the engine's: the worker sets it from the settings.)
    TabView {
        store,
        offer,
        state,
        badge,
        stand_down,
        active_trip: trip
            .filter(|_| state == TabState::Active)
            .map(|t| t.id.clone()),
        landing: None,
        prompt: false,
        order_capture: None,
        tracking_failure,
        attribution_lost,
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
