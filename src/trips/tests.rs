use super::*;
use crate::catalog::Catalog;
use crate::rewards::{self, Program};
use crate::storage::{KeyValueStore, MemoryStore};
use serde_json::json;

const NOW: i64 = 1_795_000_000_000;

fn catalog() -> Catalog {
    let json = json!({ "schema": 1, "region": "US", "currency": "USD", "stores": [
        { "id": "macys", "name": "Macy's", "domains": ["macys.com"],
          "offer": { "kind": "percent", "rate": "6", "upTo": true } },
        { "id": "no-mr", "name": "No MR", "domains": ["nomr.example"],
          "offer": { "kind": "percent", "rate": "3" }, "membershipRewards": false } ] });
    Catalog::parse(&json.to_string()).unwrap()
}

fn started(book: &mut TripBook, at: i64) -> String {
    let c = catalog();
    let store = c.store("macys").unwrap();
    book.start(
        &c.info(),
        store,
        Program::CashBack,
        "https://www.macys.com/x",
        Some(7),
        at,
        &mut OsEntropy,
        &|_| None,
    )
    .unwrap()
    .id
    .clone()
}

fn an_order(subtotal: u64, at: i64) -> Order {
    let c = catalog();
    let e = rewards::estimate(
        &c.info(),
        c.store("macys").unwrap(),
        subtotal,
        Program::CashBack,
        at,
    )
    .unwrap();
    order(subtotal, Some("A-1".into()), "page", at, e)
}

#[test]
fn a_trip_records_the_offer_and_program_of_its_moment() {
    let mut book = TripBook::default();
    let id = started(&mut book, NOW);
    let trip = book.get(&id).unwrap();
    assert!(is_trip_id(&trip.id));
    assert_eq!(trip.store_name, "Macy's");
    assert_eq!(trip.status, TripStatus::Activated);
    assert_eq!(trip.offer.rate_bps, Some(600));
    assert_eq!(trip.offer.text, "Up to 6% Cash Back");
    assert_eq!(trip.program, "cash_back");
    assert_eq!(trip.tab_id, Some(7));
    assert_eq!(
        book.active_trip("macys", NOW + 1).map(|t| t.id.as_str()),
        Some(id.as_str())
    );
}

#[test]
fn a_store_without_the_program_cannot_start_a_trip() {
    let c = catalog();
    let mut book = TripBook::default();
    let err = book
        .start(
            &c.info(),
            c.store("no-mr").unwrap(),
            Program::MembershipRewards,
            "https://nomr.example/",
            None,
            NOW,
            &mut OsEntropy,
            &|_| None,
        )
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("does not offer membership_rewards"),
        "{err}"
    );
    assert!(book.trips().is_empty());
}

#[test]
fn the_lifecycle_allows_only_its_transitions() {
    use TripStatus::*;
    let all = [Activated, Ordered, Pending, Confirmed, Ineligible, Expired];
    let allowed = [
        (Activated, Ordered),
        (Activated, Expired),
        (Activated, Ineligible),
        (Ordered, Ordered),
        (Ordered, Pending),
        (Ordered, Ineligible),
        (Pending, Confirmed),
        (Pending, Ineligible),
    ];
    for from in all {
        for to in all {
            assert_eq!(
                from.can_become(to),
                allowed.contains(&(from, to)),
                "{from:?} → {to:?}"
            );
        }
    }
    assert_eq!(Activated.next_steps(), vec![Ordered, Ineligible, Expired]);
    assert_eq!(Pending.next_steps(), vec![Confirmed, Ineligible]);
    assert!(Confirmed.next_steps().is_empty());
    let mut book = TripBook::default();
    let id = started(&mut book, NOW);
    let err = book.set_status(&id, Confirmed, NOW).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("trip {id} is activated and cannot become confirmed")
    );
    book.record_order(&id, an_order(2000, NOW + 5), NOW + 5)
        .unwrap();
    book.set_status(&id, Pending, NOW + 6).unwrap();
    book.set_status(&id, Confirmed, NOW + 7).unwrap();
    let trip = book.get(&id).unwrap();
    assert_eq!(trip.order.as_ref().unwrap().estimate.display, "$1.20");
    let statuses: Vec<_> = trip.history.iter().map(|h| h.status).collect();
    assert_eq!(statuses, vec![Activated, Ordered, Pending, Confirmed]);
    assert!(book.set_status(&id, Ineligible, NOW).is_err());
    assert!(matches!(
        book.set_status("nope", Pending, NOW),
        Err(TripError::UnknownTrip(_))
    ));
}

#[test]
fn stale_activations_expire_and_old_orders_become_claimable() {
    let mut book = TripBook::default();
    let old = started(&mut book, NOW - ACTIVATION_LIFETIME_MS);
    let fresh = started(&mut book, NOW - 1000);
    assert_eq!(book.expire_stale(NOW), 1);
    assert_eq!(book.get(&old).unwrap().status, TripStatus::Expired);
    assert_eq!(book.get(&fresh).unwrap().status, TripStatus::Activated);
    book.record_order(&fresh, an_order(5000, NOW), NOW).unwrap();
    let trip = book.get(&fresh).unwrap();
    assert!(!trip.claimable(NOW + CLAIM_AFTER_MS - 1));
    assert!(trip.claimable(NOW + CLAIM_AFTER_MS));
}

#[test]
fn order_numbers_are_short_plain_text() {
    let mut book = TripBook::default();
    let id = started(&mut book, NOW);
    let mut o = an_order(100, NOW);
    o.order_number = Some("x".repeat(65));
    assert!(book.record_order(&id, o, NOW).is_err());
    assert_eq!(book.get(&id).unwrap().status, TripStatus::Activated);
}

#[test]
fn the_book_round_trips_through_storage() {
    let mut store = MemoryStore::default();
    let mut book = TripBook::default();
    let a = started(&mut book, NOW);
    book.record_order(&a, an_order(2000, NOW), NOW).unwrap();
    started(&mut book, NOW + 1);
    book.save(&mut store).unwrap();
    let stored: serde_json::Value =
        serde_json::from_str(&store.get(TRIPS_KEY).unwrap().unwrap()).unwrap();
    assert_eq!(stored["version"], SCHEMA_VERSION);
    assert_eq!(stored["trips"][0]["order"]["estimate"]["amountMinor"], 120);
    let (loaded, issues) = TripBook::load(&mut store, NOW);
    assert!(issues.is_empty(), "{issues:?}");
    assert_eq!(loaded.trips(), book.trips());
}

#[test]
fn unreadable_trips_are_set_aside_and_the_rest_load() {
    let mut store = MemoryStore::default();
    let mut book = TripBook::default();
    let good = started(&mut book, NOW);
    let mut doc: serde_json::Value = serde_json::from_str(&book.to_json()).unwrap();
    doc["trips"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "id": "broken", "status": "flying" }));
    let first = doc["trips"][0].clone();
    doc["trips"].as_array_mut().unwrap().push(first);
    store.set(TRIPS_KEY, &doc.to_string()).unwrap();
    let (loaded, issues) = TripBook::load(&mut store, NOW);
    assert_eq!(loaded.trips().len(), 1);
    assert_eq!(loaded.trips()[0].id, good);
    assert_eq!(issues.len(), 2, "{issues:?}");
    assert!(issues[1].message.contains("a second trip with id"));
    let backup = store
        .get(issues[0].backup_key.as_ref().unwrap())
        .unwrap()
        .unwrap();
    assert!(backup.contains("flying"));
    assert_eq!(store.keys(BACKUP_KEY_PREFIX).unwrap().len(), 2);
}

#[test]
fn a_trip_or_part_of_one_stored_as_an_array_is_set_aside_not_read_by_position() {
    let mut store = MemoryStore::default();
    let mut book = TripBook::default();
    started(&mut book, NOW);
    let mut doc: serde_json::Value = serde_json::from_str(&book.to_json()).unwrap();
    let trip = doc["trips"][0].clone();
    let as_array: Vec<serde_json::Value> = trip.as_object().unwrap().values().cloned().collect();
    let mut offer_as_array = trip.clone();
    offer_as_array["id"] = json!("0".repeat(32));
    offer_as_array["offer"] = json!(["percent", 600, null, null, true, "6%"]);
    let trips = doc["trips"].as_array_mut().unwrap();
    trips.push(json!(as_array));
    trips.push(offer_as_array);
    store.set(TRIPS_KEY, &doc.to_string()).unwrap();
    let (loaded, issues) = TripBook::load(&mut store, NOW);
    assert_eq!(loaded.trips().len(), 1);
    let messages: Vec<&str> = issues.iter().map(|i| i.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "trip 1 was set aside: must be an object, not an array",
            "trip 2 was set aside: offer: must be an object, not an array",
        ]
    );
}

#[test]
fn whole_documents_that_cannot_be_read_are_kept_whole() {
    for (content, why) in [
        ("{\"version\":1,\"trips\":[", "not JSON"),
        ("[1,2,3]", "no version number"),
        (
            "{\"version\":7,\"trips\":[]}",
            "written by a newer ShopTrip (version 7",
        ),
        ("{\"version\":1,\"trips\":{}}", "no list of trips"),
        ("{\"version\":2,\"trips\":{}}", "no list of trips"),
        (
            "{\"version\":2,\"trips\":[],\"standDowns\":7}",
            "no list of trips",
        ),
        ("\"hello\"", "no version number"),
    ] {
        let mut store = MemoryStore::default();
        store.set(TRIPS_KEY, content).unwrap();
        let (book, issues) = TripBook::load(&mut store, NOW);
        assert!(book.trips().is_empty());
        assert!(issues[0].message.contains(why), "{content}: {issues:?}");
        let key = issues[0].backup_key.clone().unwrap();
        assert_eq!(store.get(&key).unwrap().as_deref(), Some(content));
        // Saving afterwards is safe: the original is in the backup.
        book.save(&mut store).unwrap();
    }
}

#[test]
fn when_no_backup_fits_the_original_is_never_overwritten() {
    let original = "{\"version\":9}";
    let mut store = MemoryStore::with_quota(TRIPS_KEY.len() + original.len() + 4);
    store.set(TRIPS_KEY, original).unwrap();
    let (book, issues) = TripBook::load(&mut store, NOW);
    assert!(
        issues
            .iter()
            .any(|i| i.message.contains("could not be backed up")),
        "{issues:?}"
    );
    assert!(book.save(&mut store).is_err());
    assert_eq!(store.get(TRIPS_KEY).unwrap().as_deref(), Some(original));
}

fn a_stand_down(until_ms: i64) -> crate::engine::StandDown {
    crate::engine::StandDown {
        verdict: crate::standdown::Verdict {
            network_id: "cj".into(),
            network_name: "CJ Affiliate".into(),
            reason: "cjevent parameter".into(),
            rule: "shoptrip/cj#rules[0]".into(),
            url: "https://www.macys.com/?cjevent=1".into(),
            session_ms: 1_800_000,
        },
        until_ms,
    }
}

#[test]
fn a_version_1_document_loads_through_the_migration() {
    let mut book = TripBook::default();
    let id = started(&mut book, NOW);
    let mut v1: serde_json::Value = serde_json::from_str(&book.to_json()).unwrap();
    v1["version"] = json!(1);
    v1.as_object_mut().unwrap().remove("standDowns");
    v1["trips"][0].as_object_mut().unwrap().remove("landedMs");
    let mut store = MemoryStore::default();
    store.set(TRIPS_KEY, &v1.to_string()).unwrap();
    let (loaded, issues) = TripBook::load(&mut store, NOW);
    assert!(issues.is_empty(), "{issues:?}");
    assert_eq!(loaded.trips()[0].id, id);
    assert!(loaded.stand_downs().is_empty());
}

#[test]
fn stand_downs_are_kept_per_store_until_they_run_out() {
    let mut store = MemoryStore::default();
    let mut book = TripBook::default();
    book.record_stand_down("macys", &a_stand_down(NOW + 1_800_000), NOW);
    book.record_stand_down("macys", &a_stand_down(NOW + 1_900_000), NOW + 100_000);
    assert_eq!(book.stand_downs().len(), 1, "one record per store");
    book.save(&mut store).unwrap();
    let (loaded, issues) = TripBook::load(&mut store, NOW);
    assert!(issues.is_empty(), "{issues:?}");
    let record = loaded.stand_down_at("macys", NOW + 1_850_000).unwrap();
    assert_eq!(record.network, "cj");
    assert_eq!(record.since_ms, NOW + 100_000);
    assert!(
        !store.get(TRIPS_KEY).unwrap().unwrap().contains("cjevent=1"),
        "the landing URL is not kept"
    );
    assert!(loaded.stand_down_at("macys", NOW + 1_900_000).is_none());
    assert!(loaded.stand_down_at("other", NOW + 1).is_none());
}

#[test]
fn unreadable_stand_downs_are_set_aside_too() {
    let mut store = MemoryStore::default();
    let doc = json!({ "version": 2, "trips": [], "standDowns": [{ "storeId": 5 }] });
    store.set(TRIPS_KEY, &doc.to_string()).unwrap();
    let (book, issues) = TripBook::load(&mut store, NOW);
    assert!(book.stand_downs().is_empty());
    assert!(issues[0].message.starts_with("stand-down 0 was set aside"));
    assert!(issues[0].backup_key.is_some());
}

#[test]
fn a_trip_lands_once() {
    let mut book = TripBook::default();
    let id = started(&mut book, NOW);
    assert!(book
        .mark_landed(&id, "https://www.macys.com/?a=1", NOW + 5)
        .unwrap());
    assert!(!book
        .mark_landed(&id, "https://www.macys.com/?b=2", NOW + 6)
        .unwrap());
    assert_eq!(book.get(&id).unwrap().landed_ms, Some(NOW + 5));
    assert_eq!(
        book.get(&id).unwrap().landed_url.as_deref(),
        Some("https://www.macys.com/?a=1")
    );
    assert!(book.mark_landed("nope", "x", NOW).is_err());
}

#[test]
fn retention_never_removes_a_trip_that_can_still_change() {
    let mut book = TripBook::default();
    let old = NOW - RETENTION_MS - 86_400_000;
    let expired = started(&mut book, old);
    book.set_status(&expired, TripStatus::Expired, old).unwrap();
    let pending = started(&mut book, old);
    book.record_order(&pending, an_order(1000, old), old)
        .unwrap();
    book.set_status(&pending, TripStatus::Pending, old).unwrap();
    let recent = started(&mut book, NOW - 1000);
    book.set_status(&recent, TripStatus::Ineligible, NOW - 1000)
        .unwrap();
    book.record_stand_down("macys", &a_stand_down(NOW - 1), NOW - 10);
    assert_eq!(book.apply_retention(NOW), 1);
    let left: Vec<&str> = book.trips().iter().map(|t| t.id.as_str()).collect();
    assert_eq!(left, [pending.as_str(), recent.as_str()]);
    assert!(book.stand_downs().is_empty());
}

#[test]
fn unreadable_settings_are_set_aside_and_the_defaults_apply() {
    let mut store = MemoryStore::default();
    let mut book = TripBook::default();
    let id = started(&mut book, NOW);
    let mut doc: serde_json::Value = serde_json::from_str(&book.to_json()).unwrap();
    doc["settings"] = json!({ "region": "XX", "notifications": false });
    store.set(TRIPS_KEY, &doc.to_string()).unwrap();
    let (loaded, issues) = TripBook::load(&mut store, NOW);
    assert_eq!(loaded.trips()[0].id, id);
    assert_eq!(loaded.settings, crate::settings::Settings::default());
    assert!(issues[0]
        .message
        .contains("the settings object was set aside: region: must be \"US\" or \"JP\""));
    let backup = store
        .get(issues[0].backup_key.as_ref().unwrap())
        .unwrap()
        .unwrap();
    assert!(backup.contains("\"notifications\":false"));
}

#[test]
fn start_urls_left_unchecked_by_the_migration_are_checked_once() {
    let mut store = MemoryStore::default();
    let v4 = json!({ "version": 4, "standDowns": [], "settings": {}, "trips": [{
        "id": "a".repeat(32), "storeId": "macys", "storeName": "Macy's", "startedMs": NOW,
        "program": "cash_back", "currency": "USD",
        "offer": { "kind": "percent", "rateBps": 600, "upTo": true, "text": "Up to 6% Cash Back" },
        "startUrl": "https://mail.example.com/inbox/1?token=secret", "status": "activated",
        "history": [{ "status": "activated", "atMs": NOW }] }] });
    store.set(TRIPS_KEY, &v4.to_string()).unwrap();
    let (mut book, issues) = TripBook::load(&mut store, NOW);
    assert!(issues.is_empty(), "{issues:?}");
    let trip = &book.trips()[0];
    assert_eq!(
        (trip.start_url.as_str(), trip.start_url_unchecked),
        ("https://mail.example.com/", true)
    );
    let asked = std::cell::Cell::new(0);
    let page_of_store = |store_id: &str, url: &str| {
        asked.set(asked.get() + 1);
        assert_eq!((store_id, url), ("macys", "https://mail.example.com/"));
        Some("https://macys.com/".to_owned())
    };
    assert_eq!(book.tidy_start_urls(page_of_store), 1);
    assert_eq!(book.trips()[0].start_url, "https://macys.com/");
    assert!(!book.trips()[0].start_url_unchecked);
    assert_eq!(
        book.tidy_start_urls(page_of_store),
        0,
        "nothing left to check"
    );
    assert_eq!(asked.get(), 1);
    book.save(&mut store).unwrap();
    assert!(!store
        .get(TRIPS_KEY)
        .unwrap()
        .unwrap()
        .contains("startUrlUnchecked"));
}

#[test]
fn the_lookalike_warning_shows_in_the_page_once_per_site_per_session() {
    let mut book = TripBook::default();
    assert!(book.first_lookalike_warning("https://www.rnacys.com/coats"));
    assert!(!book.first_lookalike_warning("https://www.rnacys.com/shoes"));
    assert!(
        !book.first_lookalike_warning("https://www.rnacys.com./"),
        "the same host"
    );
    assert!(
        book.first_lookalike_warning("https://rnacys.com/"),
        "another host"
    );
    assert!(!book.first_lookalike_warning("not a url"));
    // A new browser session: session storage comes back empty.
    book.set_session_warned(Vec::new());
    assert!(book.first_lookalike_warning("https://www.rnacys.com/coats"));
    // At most 500 kept, the oldest let go first.
    book.set_session_warned((0..600).map(|i| format!("s{i}.example")).collect());
    assert_eq!(book.session_warned.len(), 500);
    assert!(book.first_lookalike_warning("https://new.example/"));
    assert_eq!(book.session_warned.len(), 500);
    assert!(
        book.first_lookalike_warning("https://s0.example/"),
        "the oldest was let go"
    );
}
