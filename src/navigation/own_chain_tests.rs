//! ShopTrip's own link is known by its trip, not by its host: a publisher's
//! tracking links on the networks' real click hosts (Rakuten Advertising's
//! `click.linksynergy.com`, a CJ rotating host, Impact's `pxf.io`, Awin's
//! `awin1.com`), against other publishers' clicks on the same hosts.
use super::*;
use crate::rewards::Program;
use crate::trips::{OsEntropy, TripBook, TRACKING_LIMIT_MS};
use serde_json::json;

const NOW: i64 = 1_795_000_000_000;
const PUB: &str = "SHOPTRIPPUB";

/// A store per network, each with the publisher's link on the network's own
/// host, and a store with no link at all.
fn engine() -> Engine {
    let store = |id: &str, name: &str, domain: &str, tracking: Option<&str>| {
        let mut s = json!({ "id": id, "name": name, "domains": [domain],
            "offer": { "kind": "percent", "rate": "5" } });
        if let Some(t) = tracking {
            s["tracking"] = json!(t);
        }
        s
    };
    let catalog = json!({ "schema": 1, "region": "US", "currency": "USD", "stores": [
        store("macys", "Macy's", "macys.com",
            Some("https://click.linksynergy.com/deeplink?id=SHOPTRIPPUB&mid=3184&u1={trip}&murl={url}")),
        store("kohls", "Kohl's", "kohls.com",
            Some("https://www.anrdoezrs.net/click-8800111-13511711?sid={trip}&url={url}")),
        store("chewy", "Chewy", "chewy.com",
            Some("https://chewy.pxf.io/c/4400111/1234/5678?subId1={trip}&u={url}")),
        store("zappos", "Zappos", "zappos.com",
            Some("https://www.awin1.com/cread.php?awinmid=2041&awinaffid=555111&clickref={trip}&ued={url}")),
        store("target", "Target", "target.com", None),
    ] });
    Engine::new(&catalog.to_string()).unwrap()
}

/// Each network: the store, the page it lands on when ShopTrip's publisher
/// sent the shopper (the network's own landing parameters included), and
/// another publisher's click on the same host with its landing.
struct Network {
    store: &'static str,
    page: &'static str,
    our_landing: &'static str,
    their_click: &'static str,
    their_landing: &'static str,
}

const NETWORKS: [Network; 4] = [
    Network {
        store: "macys",
        page: "https://www.macys.com/shop/coats",
        our_landing: "https://www.macys.com/shop/coats?ranMID=3184&ranEAID=SHOPTRIPPUB&ranSiteID=SHOPTRIPPUB-a1",
        their_click: "https://click.linksynergy.com/deeplink?id=OTHERPUB&mid=3184&murl=https%3A%2F%2Fwww.macys.com%2Fshop%2Fcoats",
        their_landing: "https://www.macys.com/shop/coats?ranMID=3184&ranEAID=OTHERPUB&ranSiteID=OTHERPUB-b2",
    },
    Network {
        store: "kohls",
        page: "https://www.kohls.com/catalog/bedding",
        our_landing: "https://www.kohls.com/catalog/bedding?cjevent=0f1e2d",
        their_click: "https://www.anrdoezrs.net/click-999111-13511711?url=https%3A%2F%2Fwww.kohls.com%2Fcatalog%2Fbedding",
        // A CJ click that adds nothing to the landing URL.
        their_landing: "https://www.kohls.com/catalog/bedding",
    },
    Network {
        store: "chewy",
        page: "https://www.chewy.com/b/dog-food",
        our_landing: "https://www.chewy.com/b/dog-food?irclickid=Q1w2E3&irgwc=1",
        their_click: "https://chewy.pxf.io/c/7700222/1234/5678?u=https%3A%2F%2Fwww.chewy.com%2Fb%2Fdog-food",
        their_landing: "https://www.chewy.com/b/dog-food?irclickid=Z9y8X7&irgwc=1",
    },
    Network {
        store: "zappos",
        page: "https://www.zappos.com/running",
        our_landing: "https://www.zappos.com/running?awc=2041_1700000000_abc",
        their_click: "https://www.awin1.com/cread.php?awinmid=2041&awinaffid=999222&ued=https%3A%2F%2Fwww.zappos.com%2Frunning",
        their_landing: "https://www.zappos.com/running?awc=2041_1700000001_def",
    },
];

struct Tabs {
    engine: Engine,
    book: TripBook,
}

impl Tabs {
    fn new() -> Tabs {
        Tabs {
            engine: engine(),
            book: TripBook::default(),
        }
    }

    /// Shop Now at `store` from `page` in `tab`: the trip's id and the URL
    /// the tab is sent to.
    fn shop_now(&mut self, store: &str, page: &str, tab: i64, at: i64) -> (String, String) {
        let store = self.engine.store(store).unwrap();
        let trip = start_trip(
            &self.engine,
            &mut self.book,
            store,
            page,
            Some(tab),
            Program::CashBack,
            at,
            &mut OsEntropy,
        )
        .unwrap();
        (trip.id.clone(), trip.sent_to.clone().unwrap())
    }

    /// A redirect chain that committed `landing` in `tab`: `hops` in the
    /// order the browser requested them, the landing last.
    fn arrive(
        &mut self,
        landing: &str,
        hops: &[&str],
        tab: i64,
        at: i64,
    ) -> (TabState, bool, bool) {
        let mut chain: Vec<&str> = hops.to_vec();
        chain.push(landing);
        let nav = Navigation {
            url: landing,
            referrer: None,
            hops: &chain,
            tab_id: Some(tab),
            cookie_names: &[],
        };
        let (view, _) = arrive(&self.engine, &mut self.book, &nav, at).expect("a store page");
        (view.state, view.landing.is_some(), view.prompt)
    }

    fn lost(&self, trip: &str) -> Option<String> {
        let trip = self.book.get(trip).unwrap();
        trip.attribution_lost.as_ref().map(|l| l.network.clone())
    }
}

#[test]
fn the_tracking_link_carries_the_trip_on_each_networks_host() {
    let mut tabs = Tabs::new();
    let (trip, sent_to) = tabs.shop_now("macys", NETWORKS[0].page, 1, NOW);
    assert_eq!(
        sent_to,
        format!(
            "https://click.linksynergy.com/deeplink?id={PUB}&mid=3184&u1={trip}&murl=https%3A%2F%2Fwww.macys.com%2Fshop%2Fcoats"
        )
    );
    let (trip, sent_to) = tabs.shop_now("target", "https://www.target.com/c/toys", 2, NOW);
    assert!(!trip.is_empty());
    assert_eq!(
        sent_to, "https://www.target.com/c/toys",
        "no link: straight to the page"
    );
}

#[test]
fn our_own_shop_now_chain_is_active_and_confirmed_on_every_network() {
    for (i, n) in NETWORKS.iter().enumerate() {
        let mut tabs = Tabs::new();
        let tab = 10 + i as i64;
        let (trip, sent_to) = tabs.shop_now(n.store, n.page, tab, NOW);
        let (state, landed, prompt) = tabs.arrive(n.our_landing, &[&sent_to], tab, NOW + 900);
        assert_eq!(
            (state, landed, prompt),
            (TabState::Active, true, false),
            "{}",
            n.store
        );
        assert!(tabs.book.stand_downs().is_empty(), "{}", n.store);
        assert_eq!(tabs.lost(&trip), None, "{}", n.store);
        // The next page on the store, without the network's parameters.
        let (state, landed, _) = tabs.arrive(n.page, &[], tab, NOW + 5_000);
        assert_eq!((state, landed), (TabState::Active, false), "{}", n.store);
    }
}

#[test]
fn another_publishers_click_on_the_same_host_pauses_with_no_prompt() {
    for n in &NETWORKS {
        let mut tabs = Tabs::new();
        let (state, landed, prompt) = tabs.arrive(n.their_landing, &[n.their_click], 3, NOW);
        assert_eq!(
            (state, landed, prompt),
            (TabState::Paused, false, false),
            "{}",
            n.store
        );
        // Through the engine, which knows no trip, too.
        let urls = [n.their_landing, n.their_click];
        assert!(
            tabs.engine.stand_down(&urls, NOW, &[]).is_some(),
            "{}",
            n.store
        );
        assert!(tabs
            .engine
            .match_url(n.their_landing, Some(n.their_click), NOW)
            .unwrap()
            .stand_down
            .is_some());
    }
}

#[test]
fn another_publishers_click_during_a_trip_in_another_tab_is_written_on_the_trip() {
    for n in &NETWORKS {
        let mut tabs = Tabs::new();
        let (trip, sent_to) = tabs.shop_now(n.store, n.page, 1, NOW);
        assert_eq!(
            tabs.arrive(n.our_landing, &[&sent_to], 1, NOW + 500).0,
            TabState::Active
        );
        let (state, landed, prompt) =
            tabs.arrive(n.their_landing, &[n.their_click], 2, NOW + 2_000);
        assert_eq!(
            (state, landed, prompt),
            (TabState::Paused, false, false),
            "{}",
            n.store
        );
        assert!(tabs.lost(&trip).is_some(), "{}: attribution lost", n.store);
        let ours = tabs.book.get(&trip).unwrap();
        assert!(
            ours.landed_ms.is_some(),
            "{}: the trip's own landing stays",
            n.store
        );
    }
}

#[test]
fn a_click_in_a_tab_with_no_trip_while_a_trip_is_on_elsewhere_is_not_ours() {
    // The case: Macy's through another publisher's linksynergy
    // click in tab 2, before the trip in tab 1 has even landed.
    let n = &NETWORKS[0];
    let mut tabs = Tabs::new();
    let (trip, sent_to) = tabs.shop_now(n.store, n.page, 1, NOW);
    let (state, landed, _) = tabs.arrive(n.their_landing, &[n.their_click], 2, NOW + 100);
    assert_eq!((state, landed), (TabState::Paused, false));
    assert!(
        tabs.book.get(&trip).unwrap().landed_ms.is_none(),
        "tab 1's trip did not land in tab 2"
    );
    // Tab 1's own chain still lands, and is shown as what it is: the
    // store will most likely credit the later click.
    let (state, landed, _) = tabs.arrive(n.our_landing, &[&sent_to], 1, NOW + 900);
    assert_eq!((state, landed), (TabState::Paused, false));
    assert!(tabs.lost(&trip).is_some());
}

#[test]
fn our_link_opened_again_in_another_tab_or_late_is_judged_by_the_rules() {
    for n in &NETWORKS {
        // In another tab, while the trip is on its way.
        let mut tabs = Tabs::new();
        let (_, sent_to) = tabs.shop_now(n.store, n.page, 1, NOW);
        let (state, landed, prompt) = tabs.arrive(n.our_landing, &[&sent_to], 2, NOW + 500);
        assert_eq!(
            (state, landed, prompt),
            (TabState::Paused, false, false),
            "{} other tab",
            n.store
        );

        // In its own tab, after the tracking window.
        let mut tabs = Tabs::new();
        let (_, sent_to) = tabs.shop_now(n.store, n.page, 1, NOW);
        let late = NOW + TRACKING_LIMIT_MS + 1;
        let (state, landed, _) = tabs.arrive(n.our_landing, &[&sent_to], 1, late);
        assert_eq!(
            (state, landed),
            (TabState::Paused, false),
            "{} late",
            n.store
        );

        // In its own tab, a second time after it landed.
        let mut tabs = Tabs::new();
        let (_, sent_to) = tabs.shop_now(n.store, n.page, 1, NOW);
        assert_eq!(
            tabs.arrive(n.our_landing, &[&sent_to], 1, NOW + 500).0,
            TabState::Active
        );
        let (state, landed, _) = tabs.arrive(n.our_landing, &[&sent_to], 1, NOW + 3_000);
        assert_eq!(
            (state, landed),
            (TabState::Paused, false),
            "{} again",
            n.store
        );
    }
}

#[test]
fn a_page_linking_to_our_link_with_a_stolen_or_guessed_trip_id_is_not_ours() {
    let n = &NETWORKS[0];
    let mut tabs = Tabs::new();
    let (trip, sent_to) = tabs.shop_now(n.store, n.page, 1, NOW);
    // A page in tab 2 links to tab 1's very link (the id stolen), before tab 1 lands.
    let (state, landed, prompt) = tabs.arrive(
        n.our_landing,
        &["https://blog.example/deals", &sent_to],
        2,
        NOW + 200,
    );
    assert_eq!((state, landed, prompt), (TabState::Paused, false, false));
    assert!(tabs.book.get(&trip).unwrap().landed_ms.is_none());
    // A guessed id, in the very tab and window of a trip: not the URL the
    // core made for it.
    let mut tabs = Tabs::new();
    let (trip, sent_to) = tabs.shop_now(n.store, n.page, 1, NOW);
    let guessed = sent_to.replace(&trip, &"0".repeat(trip.len()));
    assert_ne!(guessed, sent_to);
    let (state, landed, _) = tabs.arrive(n.our_landing, &[&guessed], 1, NOW + 200);
    assert_eq!((state, landed), (TabState::Paused, false));
    // A first hop elsewhere that reaches our link later in the chain is
    // not the chain Shop Now started either.
    let mut tabs = Tabs::new();
    let (_, sent_to) = tabs.shop_now(n.store, n.page, 1, NOW);
    let via = "https://redirect.example/?to=x";
    let (state, landed, _) = tabs.arrive(n.our_landing, &[via, &sent_to], 1, NOW + 200);
    assert_eq!((state, landed), (TabState::Paused, false));
}

#[test]
fn a_store_with_no_link_reached_through_another_publishers_click_stands_down() {
    let mut tabs = Tabs::new();
    let click = "https://click.linksynergy.com/deeplink?id=OTHERPUB&mid=9&murl=https%3A%2F%2Fwww.target.com%2F";
    let (state, _, prompt) = tabs.arrive(
        "https://www.target.com/?ranSiteID=OTHERPUB-x",
        &[click],
        1,
        NOW,
    );
    assert_eq!((state, prompt), (TabState::Paused, false));
    let urls = ["https://www.target.com/", click];
    assert!(tabs.engine.stand_down(&urls, NOW, &[]).is_some());
}

#[test]
fn the_cookie_our_own_click_left_does_not_pause_the_trip() {
    let n = &NETWORKS[0];
    let mut tabs = Tabs::new();
    let (trip, sent_to) = tabs.shop_now(n.store, n.page, 1, NOW);
    assert_eq!(
        tabs.arrive(n.our_landing, &[&sent_to], 1, NOW + 500).0,
        TabState::Active
    );
    // The store set Rakuten's cookie after our click; the next page has it.
    let nav = Navigation {
        url: "https://www.macys.com/shop/shoes",
        referrer: Some(n.page),
        hops: &["https://www.macys.com/shop/shoes"],
        tab_id: Some(1),
        cookie_names: &["lsclick_mid3184"],
    };
    let (view, _) = arrive(&tabs.engine, &mut tabs.book, &nav, NOW + 60_000).unwrap();
    assert_eq!(view.state, TabState::Active);
    assert_eq!(tabs.lost(&trip), None);
    // With no trip on, the same cookie is an earlier click: paused.
    let mut fresh = Tabs::new();
    let (view, _) = arrive(&fresh.engine, &mut fresh.book, &nav, NOW).unwrap();
    assert_eq!(view.state, TabState::Paused);
    // And before our chain lands, the cookie of an earlier click does not
    // outweigh the shopper's click through ShopTrip.
    let mut tabs = Tabs::new();
    let (_, sent_to) = tabs.shop_now(n.store, n.page, 1, NOW);
    let chain = [sent_to.as_str(), n.our_landing];
    let own = Navigation {
        url: n.our_landing,
        hops: &chain,
        ..nav
    };
    let (view, _) = arrive(&tabs.engine, &mut tabs.book, &own, NOW + 500).unwrap();
    assert_eq!(
        (view.state, view.landing.is_some()),
        (TabState::Active, true)
    );
}

#[test]
fn the_chain_is_matched_as_the_browser_spells_the_url() {
    let n = &NETWORKS[0];
    let mut tabs = Tabs::new();
    let (_, sent_to) = tabs.shop_now(n.store, n.page, 1, NOW);
    // The browser reports the host in capitals as lower case; a default
    // port is dropped. Either way it is the same request.
    let spelled = sent_to.replace(
        "https://click.linksynergy.com/",
        "https://CLICK.linksynergy.com:443/",
    );
    assert_ne!(spelled, sent_to);
    let (state, landed, _) = tabs.arrive(n.our_landing, &[&spelled], 1, NOW + 500);
    assert_eq!((state, landed), (TabState::Active, true));
}

#[test]
fn the_landing_page_seen_again_in_the_trips_tab_is_still_ours() {
    for n in &NETWORKS {
        let mut tabs = Tabs::new();
        let (trip, sent_to) = tabs.shop_now(n.store, n.page, 1, NOW);
        assert_eq!(
            tabs.arrive(n.our_landing, &[&sent_to], 1, NOW + 500).0,
            TabState::Active
        );
        // A reload, or back to it: the page alone, no referrer.
        let (state, landed, _) = tabs.arrive(n.our_landing, &[], 1, NOW + 60_000);
        assert_eq!(
            (state, landed),
            (TabState::Active, false),
            "{} reload",
            n.store
        );
        assert_eq!(tabs.lost(&trip), None, "{}", n.store);
        // The same URL in another tab is judged by the rules.
        let (state, _, _) = tabs.arrive(n.our_landing, &[], 2, NOW + 70_000);
        let expected = if n.our_landing == n.page {
            TabState::Active
        } else {
            TabState::Paused
        };
        assert_eq!(state, expected, "{} other tab", n.store);
    }
    // Reached again through a click host, it is a new click: the rules decide.
    let n = &NETWORKS[0];
    let mut tabs = Tabs::new();
    let (trip, sent_to) = tabs.shop_now(n.store, n.page, 1, NOW);
    tabs.arrive(n.our_landing, &[&sent_to], 1, NOW + 500);
    let (state, _, _) = tabs.arrive(n.our_landing, &[n.their_click], 1, NOW + 60_000);
    assert_eq!(state, TabState::Paused);
    assert!(tabs.lost(&trip).is_some());
}
