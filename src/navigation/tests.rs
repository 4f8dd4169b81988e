use super::*;
use crate::rewards::Program;
use crate::trips::{OsEntropy, TripBook};
use serde_json::json;

const NOW: i64 = 1_795_000_000_000;
const MINUTE: i64 = 60_000;

fn engine() -> Engine {
    let json = json!({ "schema": 1, "region": "US", "currency": "USD", "stores": [
        { "id": "macys", "name": "Macy's", "domains": ["macys.com"],
          "offer": { "kind": "percent", "rate": "6" },
          "orderPage": { "path": "/my-bag/order-confirmation", "subtotal": "#order-subtotal" },
          "tracking": "https://go.shoptrip.example/t?trip={trip}&u={url}" } ] });
    Engine::new(&json.to_string()).unwrap()
}

/// One browser's tabs on the test catalog, and the trips they keep.
struct Browsing {
    engine: Engine,
    book: TripBook,
}

impl Browsing {
    fn new() -> Browsing {
        Browsing {
            engine: engine(),
            book: TripBook::default(),
        }
    }

    /// A committed navigation of `tab` to `url` through `hops`.
    fn go(
        &mut self,
        url: &str,
        hops: &[&str],
        tab: i64,
        at: i64,
    ) -> Option<(TabState, String, Option<Landing>, bool)> {
        let nav = Navigation {
            url,
            referrer: None,
            hops,
            tab_id: Some(tab),
            cookie_names: &[],
        };
        arrive(&self.engine, &mut self.book, &nav, at)
            .map(|(v, changed)| (v.state, v.badge, v.landing, changed))
    }

    /// The tab's state after a plain navigation (no redirect hops).
    fn state(&mut self, url: &str, tab: i64, at: i64) -> TabState {
        self.go(url, &[], tab, at).expect("a store page").0
    }

    /// What the order page asks for, on a plain navigation of tab 1.
    fn order_capture(&mut self, url: &str) -> Option<OrderCapture> {
        let nav = Navigation {
            url,
            referrer: None,
            hops: &[],
            tab_id: Some(1),
            cookie_names: &[],
        };
        let (view, _) = arrive(&self.engine, &mut self.book, &nav, NOW + 5)?;
        view.order_capture
    }

    fn shop_now(&mut self, tab: i64, at: i64) -> String {
        let store = self.engine.store("macys").unwrap();
        start_trip(
            &self.engine,
            &mut self.book,
            store,
            "https://www.macys.com/",
            Some(tab),
            Program::CashBack,
            at,
            &mut OsEntropy,
        )
        .unwrap()
        .id
        .clone()
    }

    /// The URL Shop Now sent trip `id`'s tab to.
    fn sent_to(&self, id: &str) -> String {
        self.book.get(id).unwrap().sent_to.clone().unwrap()
    }
}

#[test]
fn a_store_page_shows_the_offer_and_other_pages_nothing() {
    let mut b = Browsing::new();
    let (state, badge, landing, changed) = b.go("https://www.macys.com/shop", &[], 1, NOW).unwrap();
    assert_eq!(
        (state, badge.as_str(), landing, changed),
        (TabState::Offer, "6%", None, false)
    );
    assert!(b.go("https://example.org/", &[], 1, NOW).is_none());
}

#[test]
fn an_affiliate_arrival_pauses_the_store_for_the_session() {
    let mut b = Browsing::new();
    let (state, badge, _, changed) = b
        .go("https://www.macys.com/?cjevent=abc", &[], 1, NOW)
        .unwrap();
    assert_eq!(
        (state, badge.as_str(), changed),
        (TabState::Paused, "6%", true)
    );
    // Later pages of the store, in any tab, stay paused: past CJ's own 30
    // minutes, since the shopper is still there (the session rules are
    // tested below).
    let state = b.state("https://www.macys.com/bag", 2, NOW + 29 * MINUTE);
    assert_eq!(state, TabState::Paused);
    let state = b.state("https://www.macys.com/bag", 2, NOW + 31 * MINUTE);
    assert_eq!(state, TabState::Paused);
}

#[test]
fn a_network_host_among_the_redirect_hops_pauses_too() {
    let mut b = Browsing::new();
    let hops = [
        "https://click.linksynergy.com/deeplink?id=x",
        "https://www.macys.com/",
    ];
    let (state, _, _, _) = b.go("https://www.macys.com/", &hops, 1, NOW).unwrap();
    assert_eq!(state, TabState::Paused);
    assert_eq!(
        b.book.stand_down_at("macys", NOW).unwrap().network,
        "linkshare"
    );
}

#[test]
fn shop_now_lands_once_with_the_confirmation_then_shows_active() {
    let mut b = Browsing::new();
    let trip = b.shop_now(4, NOW);
    let sent_to = b.sent_to(&trip);
    assert_eq!(
        sent_to,
        format!("https://go.shoptrip.example/t?trip={trip}&u=https%3A%2F%2Fwww.macys.com%2F")
    );
    let hops = [sent_to.as_str(), "https://www.macys.com/"];
    // Another tab shows the trip as active, without a confirmation.
    let (state, badge, landing, _) = b.go("https://www.macys.com/", &[], 9, NOW + 1).unwrap();
    assert_eq!(
        (state, badge.as_str(), landing),
        (TabState::Active, ACTIVE_BADGE, None)
    );
    let (state, _, landing, changed) = b.go("https://www.macys.com/", &hops, 4, NOW + 2).unwrap();
    assert_eq!(state, TabState::Active);
    let landing = landing.expect("the trip's tab lands");
    assert_eq!(
        (landing.trip_id.as_str(), landing.store_name.as_str()),
        (trip.as_str(), "Macy's")
    );
    assert_eq!(landing.offer_text, "6% Cash Back");
    assert!(changed);
    let (_, _, again, _) = b.go("https://www.macys.com/", &[], 4, NOW + 3).unwrap();
    assert_eq!(again, None, "the confirmation shows once");
}

#[test]
fn a_late_landing_is_an_ordinary_visit() {
    let mut b = Browsing::new();
    b.shop_now(4, NOW);
    let (state, _, landing, _) = b
        .go(
            "https://www.macys.com/",
            &[],
            4,
            NOW + LANDING_WINDOW_MS + 1,
        )
        .unwrap();
    assert_eq!((state, landing), (TabState::Active, None));
}

#[test]
fn the_newest_referral_wins() {
    let mut b = Browsing::new();
    b.go("https://www.macys.com/?cjevent=1", &[], 1, NOW)
        .unwrap();
    // The shopper activates on purpose from the popup while paused.
    b.shop_now(1, NOW + MINUTE);
    let (state, badge, _, _) = b
        .go("https://www.macys.com/", &[], 1, NOW + 2 * MINUTE)
        .unwrap();
    assert_eq!((state, badge.as_str()), (TabState::Active, ACTIVE_BADGE));
    // Then another affiliate's link: ShopTrip stands down again.
    let state = b.state("https://www.macys.com/?cjevent=2", 1, NOW + 3 * MINUTE);
    assert_eq!(state, TabState::Paused);
}

#[test]
fn looking_records_nothing() {
    let mut b = Browsing::new();
    let view = look(&b.engine, &b.book, "https://www.macys.com/?cjevent=1", NOW).unwrap();
    assert_eq!(
        view.state,
        TabState::Offer,
        "look() is for known state only"
    );
    assert!(b.book.stand_downs().is_empty());
    b.go("https://www.macys.com/?cjevent=1", &[], 1, NOW)
        .unwrap();
    let view = look(&b.engine, &b.book, "https://m.macys.com/", NOW + 1).unwrap();
    assert_eq!(view.state, TabState::Paused);
    assert_eq!(view.stand_down.unwrap().network, "cj");
}

fn prompted(engine: &Engine, book: &mut TripBook, url: &str, at: i64) -> bool {
    let nav = Navigation {
        url,
        referrer: None,
        hops: &[],
        tab_id: Some(1),
        cookie_names: &[],
    };
    arrive(engine, book, &nav, at).unwrap().0.prompt
}

#[test]
fn the_prompt_shows_once_per_store_per_session() {
    let mut b = Browsing::new();
    assert!(prompted(
        &b.engine,
        &mut b.book,
        "https://www.macys.com/",
        NOW
    ));
    assert!(!prompted(
        &b.engine,
        &mut b.book,
        "https://www.macys.com/bag",
        NOW + 1
    ));
    assert_eq!(b.book.session_prompted, vec!["macys"]);
    b.book.session_prompted.clear(); // a new browser session
    assert!(prompted(
        &b.engine,
        &mut b.book,
        "https://www.macys.com/",
        NOW + 2
    ));
}

#[test]
fn the_prompt_never_shows_muted_paused_active_or_with_notifications_off() {
    let engine = engine();
    let mut muted = TripBook::default();
    muted.settings.mute("macys.com").unwrap();
    assert!(!prompted(&engine, &mut muted, "https://m.macys.com/", NOW));
    let mut quiet = TripBook::default();
    quiet.settings.notifications = false;
    assert!(!prompted(
        &engine,
        &mut quiet,
        "https://www.macys.com/",
        NOW
    ));
    let mut paused = TripBook::default();
    assert!(!prompted(
        &engine,
        &mut paused,
        "https://www.macys.com/?cjevent=1",
        NOW
    ));
    assert!(!prompted(
        &engine,
        &mut paused,
        "https://www.macys.com/",
        NOW + 1
    ));
    let mut active = Browsing::new();
    active.shop_now(1, NOW);
    assert!(!prompted(
        &active.engine,
        &mut active.book,
        "https://www.macys.com/",
        NOW + 1
    ));
}

#[test]
fn the_order_page_of_a_store_with_a_trip_asks_for_its_subtotal() {
    let mut b = Browsing::new();
    assert_eq!(
        b.order_capture("https://www.macys.com/my-bag/order-confirmation"),
        None
    );
    let trip = b.shop_now(1, NOW);
    let found = b
        .order_capture("https://www.macys.com/my-bag/order-confirmation?o=1")
        .unwrap();
    assert_eq!(
        (found.trip_id.as_str(), found.selector.as_str()),
        (trip.as_str(), "#order-subtotal")
    );
    assert_eq!(
        b.order_capture("https://www.macys.com/my-bag/order-confirmationX"),
        None
    );
    assert_eq!(b.order_capture("https://www.macys.com/shop"), None);
}

/// The state `look` gives for Macy's at `at` (it records nothing, so it does
/// not extend a stand-down the way a navigation does).
fn state_at(b: &Browsing, at: i64) -> TabState {
    look(&b.engine, &b.book, "https://www.macys.com/", at)
        .unwrap()
        .state
}

#[test]
fn a_stand_down_lasts_at_least_90_minutes_without_activity() {
    let mut b = Browsing::new();
    // CJ's sessionDuration is 30 minutes; the Code of Conduct's floor is 90.
    b.state("https://www.macys.com/?cjevent=1", 1, NOW);
    assert_eq!(state_at(&b, NOW + 89 * MINUTE), TabState::Paused);
    assert_eq!(state_at(&b, NOW + 90 * MINUTE - 1), TabState::Paused);
    assert_eq!(state_at(&b, NOW + 90 * MINUTE), TabState::Offer);
}

#[test]
fn navigations_on_the_store_keep_it_paused_until_60_minutes_idle() {
    let mut b = Browsing::new();
    b.state("https://www.macys.com/?cjevent=1", 1, NOW);
    // Still shopping there at minute 40 and at minute 80.
    assert_eq!(
        b.state("https://www.macys.com/shoes", 1, NOW + 40 * MINUTE),
        TabState::Paused
    );
    assert_eq!(
        b.state("https://www.macys.com/bags", 1, NOW + 80 * MINUTE),
        TabState::Paused
    );
    let last = NOW + 80 * MINUTE;
    assert_eq!(
        state_at(&b, last + 59 * MINUTE),
        TabState::Paused,
        "59 minutes idle"
    );
    assert_eq!(
        state_at(&b, last + 61 * MINUTE),
        TabState::Offer,
        "61 minutes idle"
    );
    assert_eq!(b.book.stand_downs()[0].until_ms, last + 60 * MINUTE);
}

#[test]
fn a_longer_network_session_is_kept() {
    let mut b = Browsing::new();
    let json = serde_json::json!({ "schema": 1, "region": "US", "currency": "USD", "stores": [
        { "id": "amazon", "name": "Amazon", "domains": ["amazon.com"],
          "offer": { "kind": "percent", "rate": "1" } } ] });
    b.engine = Engine::new(&json.to_string()).unwrap();
    // Amazon Associates' sessionDuration is 24 hours.
    let nav = Navigation {
        url: "https://www.amazon.com/dp/1?tag=someone-20",
        referrer: None,
        hops: &[],
        tab_id: Some(1),
        cookie_names: &[],
    };
    arrive(&b.engine, &mut b.book, &nav, NOW).unwrap();
    assert_eq!(b.book.stand_downs()[0].until_ms, NOW + 24 * 60 * MINUTE);
}

#[test]
fn a_cookie_from_an_earlier_click_pauses_the_store() {
    let mut b = Browsing::new();
    let nav = Navigation {
        url: "https://www.macys.com/",
        referrer: None,
        hops: &[],
        tab_id: Some(1),
        cookie_names: &["_ga", "lsclick_mid38606"],
    };
    let (view, changed) = arrive(&b.engine, &mut b.book, &nav, NOW).unwrap();
    assert_eq!(view.state, TabState::Paused);
    assert!(!view.prompt);
    assert!(changed);
    let record = &b.book.stand_downs()[0];
    assert_eq!(record.network, "linkshare");
    assert!(
        !record.reason.contains("38606"),
        "the cookie's own name is not kept: {}",
        record.reason
    );
    let clean = Navigation {
        cookie_names: &["_ga", "session"],
        ..nav
    };
    let mut fresh = Browsing::new();
    let (view, _) = arrive(&fresh.engine, &mut fresh.book, &clean, NOW).unwrap();
    assert_eq!(view.state, TabState::Offer);
    assert!(view.prompt);
}

#[path = "own_chain_tests.rs"]
mod own_chain_tests;
