use super::*;
use crate::navigation::{arrive, look, Navigation, TabState};
use crate::rewards::Program;
use crate::storage::{KeyValueStore, MemoryStore};
use crate::trips::{OsEntropy, TRACKING_LIMIT_MS};
use serde_json::json;

const NOW: i64 = 1_795_000_000_000;
const TRACKING: &str = "https://go.shoptrip.example/t?trip=x&u=https%3A%2F%2Fwww.macys.com%2F";
const START: &str = "https://www.macys.com/shop/coats";

fn engine() -> Engine {
    let json = json!({ "schema": 1, "region": "US", "currency": "USD", "stores": [
        { "id": "macys", "name": "Macy's", "domains": ["macys.com"],
          "offer": { "kind": "percent", "rate": "6" },
          "tracking": "https://go.shoptrip.example/t?trip={trip}&u={url}" } ] });
    Engine::new(&json.to_string()).unwrap()
}

fn shop_now(engine: &Engine, book: &mut TripBook, tab: i64, at: i64) -> String {
    let store = engine.store("macys").unwrap();
    let trip = book
        .start(
            engine.catalog(),
            store,
            Program::CashBack,
            START,
            Some(tab),
            at,
            &mut OsEntropy,
            &|_| None,
        )
        .unwrap();
    trip.id.clone()
}

fn visit<'e>(
    engine: &'e Engine,
    book: &mut TripBook,
    url: &str,
    tab: i64,
    at: i64,
) -> crate::navigation::TabView<'e> {
    let nav = Navigation {
        url,
        referrer: None,
        hops: &[],
        tab_id: Some(tab),
        cookie_names: &[],
    };
    arrive(engine, book, &nav, at).expect("a store page").0
}

#[test]
fn network_errors_name_their_cause_and_a_cancelled_navigation_is_none() {
    use TrackingFailureReason::*;
    for (error, reason) in [
        ("net::ERR_NAME_NOT_RESOLVED", Some(Unresolved)),
        ("NS_ERROR_UNKNOWN_HOST", Some(Unresolved)),
        ("net::ERR_BLOCKED_BY_CLIENT", Some(Blocked)),
        ("net::ERR_CONNECTION_REFUSED", Some(Connection)),
        ("net::ERR_CONNECTION_RESET", Some(Connection)),
        ("NS_ERROR_CONNECTION_REFUSED", Some(Connection)),
        ("net::ERR_CERT_AUTHORITY_INVALID", Some(Tls)),
        ("net::ERR_SSL_PROTOCOL_ERROR", Some(Tls)),
        ("SEC_ERROR_UNKNOWN_ISSUER", Some(Tls)),
        ("net::ERR_TIMED_OUT", Some(Timeout)),
        ("net::ERR_ABORTED", None),
        ("NS_BINDING_ABORTED", None),
        ("something new", Some(Connection)),
    ] {
        assert_eq!(
            TrackingFailureReason::from_net_error(error),
            reason,
            "{error}"
        );
    }
    for reason in [
        Unresolved,
        Blocked,
        Connection,
        Tls,
        HttpStatus(503),
        Timeout,
    ] {
        assert_eq!(
            TrackingFailureReason::parse(reason.as_str(), reason.status()),
            Some(reason)
        );
    }
    assert_eq!(TrackingFailureReason::parse("http", None), None);
    assert_eq!(TrackingFailureReason::parse("http", Some(200)), None);
    assert_eq!(TrackingFailureReason::parse("blocked", Some(500)), None);
}

#[test]
fn a_failed_tracking_host_is_recorded_once_and_the_offer_shows_again() {
    let engine = engine();
    let mut book = TripBook::default();
    let trip = shop_now(&engine, &mut book, 4, NOW);
    assert_eq!(
        visit(&engine, &mut book, START, 9, NOW + 1).state,
        TabState::Active
    );

    let event = TrackingEvent::NetError("net::ERR_BLOCKED_BY_CLIENT");
    let failure = tracking_event(&engine, &mut book, &trip, TRACKING, event, NOW + 200)
        .unwrap()
        .expect("a failure");
    assert_eq!(
        (failure.reason, failure.host.as_str(), failure.at_ms),
        (
            TrackingFailureReason::Blocked,
            "go.shoptrip.example",
            NOW + 200
        )
    );
    // A second report of the same hop changes nothing.
    let again = TrackingEvent::NetError("net::ERR_NAME_NOT_RESOLVED");
    assert_eq!(
        tracking_event(&engine, &mut book, &trip, TRACKING, again, NOW + 300).unwrap(),
        None
    );
    assert_eq!(
        book.get(&trip)
            .unwrap()
            .tracking_failure
            .as_ref()
            .unwrap()
            .reason,
        TrackingFailureReason::Blocked
    );

    // Nothing tracks the shopper there now: the offer, the failure, no prompt.
    let view = visit(
        &engine,
        &mut book,
        "https://www.macys.com/other",
        4,
        NOW + 400,
    );
    assert_eq!((view.state, view.badge.as_str()), (TabState::Offer, "6%"));
    assert_eq!(
        view.tracking_failure.as_ref().map(|(id, _)| id.as_str()),
        Some(trip.as_str())
    );
    assert!(!view.prompt, "the page's notice offers Try again instead");
    assert_eq!(
        view.landing, None,
        "no confirmation for a trip that never reached the store"
    );
    assert_eq!(book.active_trip("macys", NOW + 400), None);

    // Try again starts a new trip, which lands: active, and the failure is behind it.
    let retry = shop_now(&engine, &mut book, 4, NOW + 1000);
    let view = visit(&engine, &mut book, START, 4, NOW + 1100);
    assert_eq!(view.state, TabState::Active);
    assert_eq!(view.landing.map(|l| l.trip_id), Some(retry));
    assert!(view.tracking_failure.is_none());
}

#[test]
fn error_statuses_count_before_the_store_and_not_on_it() {
    let engine = engine();
    let mut book = TripBook::default();
    let trip = shop_now(&engine, &mut book, 4, NOW);
    let store_404 = TrackingEvent::Status(404);
    assert_eq!(
        tracking_event(
            &engine,
            &mut book,
            &trip,
            "https://www.macys.com/gone",
            store_404,
            NOW + 1
        )
        .unwrap(),
        None
    );
    let redirect = TrackingEvent::Status(302);
    assert_eq!(
        tracking_event(&engine, &mut book, &trip, TRACKING, redirect, NOW + 2).unwrap(),
        None
    );
    let aborted = TrackingEvent::NetError("net::ERR_ABORTED");
    assert_eq!(
        tracking_event(&engine, &mut book, &trip, TRACKING, aborted, NOW + 3).unwrap(),
        None
    );
    let hop = "https://click.network.example/c?x=1";
    let failure = tracking_event(
        &engine,
        &mut book,
        &trip,
        hop,
        TrackingEvent::Status(503),
        NOW + 4,
    )
    .unwrap()
    .unwrap();
    assert_eq!(failure.reason, TrackingFailureReason::HttpStatus(503));
    assert_eq!(failure.host, "click.network.example");
    assert!(tracking_event(&engine, &mut book, "nope", TRACKING, store_404, NOW).is_err());
}

#[test]
fn the_time_limit_fails_a_trip_that_has_not_landed_and_only_then() {
    let engine = engine();
    let mut book = TripBook::default();
    let trip = shop_now(&engine, &mut book, 4, NOW);
    let early = tracking_event(
        &engine,
        &mut book,
        &trip,
        "",
        TrackingEvent::Timeout,
        NOW + TRACKING_LIMIT_MS - 1,
    );
    assert_eq!(early.unwrap(), None);
    let late = tracking_event(
        &engine,
        &mut book,
        &trip,
        "",
        TrackingEvent::Timeout,
        NOW + TRACKING_LIMIT_MS,
    );
    assert_eq!(
        late.unwrap().unwrap().reason,
        TrackingFailureReason::Timeout
    );

    // A trip that landed in time never times out.
    let landed = shop_now(&engine, &mut book, 5, NOW + 20_000);
    let view = visit(&engine, &mut book, START, 5, NOW + 21_000);
    assert!(view.landing.is_some());
    let after = tracking_event(
        &engine,
        &mut book,
        &landed,
        "",
        TrackingEvent::Timeout,
        NOW + 60_000,
    );
    assert_eq!(after.unwrap(), None);
}

#[test]
fn the_notice_shows_once_on_the_page_the_shopper_returns_to() {
    let engine = engine();
    let mut book = TripBook::default();
    let trip = shop_now(&engine, &mut book, 4, NOW);
    let event = TrackingEvent::NetError("net::ERR_NAME_NOT_RESOLVED");
    tracking_event(&engine, &mut book, &trip, TRACKING, event, NOW + 10).unwrap();
    // The browser's error page for the tracking link, and another tab: no.
    assert_eq!(
        tracking_notice(&engine, &mut book, 4, TRACKING, NOW + 20),
        None
    );
    assert_eq!(
        tracking_notice(&engine, &mut book, 7, START, NOW + 20),
        None
    );
    let notice = tracking_notice(&engine, &mut book, 4, START, NOW + 30).expect("the notice");
    assert_eq!(
        (
            notice.trip_id.as_str(),
            notice.store_name.as_str(),
            notice.reason,
            notice.host.as_str()
        ),
        (
            trip.as_str(),
            "Macy's",
            TrackingFailureReason::Unresolved,
            "go.shoptrip.example"
        )
    );
    assert_eq!(
        tracking_notice(&engine, &mut book, 4, START, NOW + 40),
        None,
        "once"
    );

    // A failure long past is not announced on a later visit.
    let old = shop_now(&engine, &mut book, 6, NOW + 100);
    tracking_event(&engine, &mut book, &old, TRACKING, event, NOW + 110).unwrap();
    let much_later = NOW + crate::trips::LANDING_WINDOW_MS + 1000;
    assert_eq!(
        tracking_notice(&engine, &mut book, 6, START, much_later),
        None
    );
}

#[test]
fn another_affiliate_during_a_trip_is_written_on_it_without_a_word_in_the_page() {
    let engine = engine();
    let mut book = TripBook::default();
    let trip = shop_now(&engine, &mut book, 4, NOW);
    visit(&engine, &mut book, START, 4, NOW + 1000);
    let view = visit(
        &engine,
        &mut book,
        "https://www.macys.com/?cjevent=abc",
        4,
        NOW + 60_000,
    );
    assert_eq!(view.state, TabState::Paused);
    assert!(!view.prompt);
    let loss = view.attribution_lost.clone().expect("on the view");
    assert_eq!((loss.network.as_str(), loss.at_ms), ("cj", NOW + 60_000));
    assert!(
        loss.signal.contains("cjevent") || loss.signal.to_lowercase().contains("cj"),
        "{}",
        loss.signal
    );
    // The first referral is the one written; a later one does not replace it.
    visit(
        &engine,
        &mut book,
        "https://www.macys.com/?irclickid=zz",
        4,
        NOW + 120_000,
    );
    assert_eq!(
        book.get(&trip)
            .unwrap()
            .attribution_lost
            .as_ref()
            .unwrap()
            .network,
        "cj"
    );
    // Kept through storage.
    let mut store = MemoryStore::default();
    book.save(&mut store).unwrap();
    let (loaded, issues) = TripBook::load(&mut store, NOW + 130_000);
    assert!(issues.is_empty(), "{issues:?}");
    assert_eq!(loaded.get(&trip), book.get(&trip));
    assert!(store
        .get(crate::trips::TRIPS_KEY)
        .unwrap()
        .unwrap()
        .contains("\"attributionLost\""));
    // A referral with no trip on is only a stand-down.
    let mut quiet = TripBook::default();
    visit(
        &engine,
        &mut quiet,
        "https://www.macys.com/?cjevent=abc",
        4,
        NOW,
    );
    assert!(quiet.trips().is_empty());
    let seen = look(&engine, &quiet, START, NOW + 1).unwrap();
    assert!(seen.attribution_lost.is_none());
}

#[test]
fn a_failed_trip_round_trips_through_storage() {
    let engine = engine();
    let mut book = TripBook::default();
    let trip = shop_now(&engine, &mut book, 4, NOW);
    let hop = "https://go.shoptrip.example/t";
    tracking_event(
        &engine,
        &mut book,
        &trip,
        hop,
        TrackingEvent::Status(503),
        NOW + 5,
    )
    .unwrap();
    tracking_notice(&engine, &mut book, 4, START, NOW + 9).unwrap();
    let mut store = MemoryStore::default();
    book.save(&mut store).unwrap();
    let text = store.get(crate::trips::TRIPS_KEY).unwrap().unwrap();
    assert!(text.contains(r#""trackingFailure":{"atMs":"#), "{text}");
    assert!(text.contains(r#""reason":"http","status":503"#), "{text}");
    let (loaded, issues) = TripBook::load(&mut store, NOW + 10);
    assert!(issues.is_empty(), "{issues:?}");
    assert_eq!(loaded.get(&trip), book.get(&trip));
    let claim_facts = crate::trips::report::trip_facts(loaded.get(&trip).unwrap());
    assert_eq!(claim_facts.len(), 1);
    assert!(
        claim_facts[0].contains("HTTP 503") && claim_facts[0].contains("may not be recorded"),
        "{claim_facts:?}"
    );

    // A stored failure with a reason this version does not know is set aside, not guessed.
    let bad = text.replace(r#""reason":"http""#, r#""reason":"gremlins""#);
    store.set(crate::trips::TRIPS_KEY, &bad).unwrap();
    let (loaded, issues) = TripBook::load(&mut store, NOW + 10);
    assert!(loaded.trips().is_empty());
    assert!(issues[0].message.contains("trackingFailure"), "{issues:?}");
}
