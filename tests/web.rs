//! The JS-facing API (API.md) exercised inside real browsers (headless
//! Chromium and Firefox, through wasm-bindgen-test), LocalStorage included.
#![cfg(target_arch = "wasm32")]

use js_sys::Reflect;
use shoptrip::storage::KeyValueStore;
use shoptrip::wasm::storage::LocalStore;
use shoptrip::wasm::trips::TripJournal;
use shoptrip::wasm::JsEngine;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const CATALOG: &str = r#"{
  "schema": 1, "region": "US", "currency": "USD", "updated": "2026-11-01",
  "stores": [
    { "id": "macys", "name": "Macy's", "domains": ["macys.com", "macys.ca"],
      "offer": { "kind": "percent", "rate": "6", "upTo": true },
      "tracking": "https://track.example.net/c?store={store}&trip={trip}&u={url}" },
    { "id": "hotels", "name": "Hotels.com", "domains": ["hotels.com"],
      "offer": { "kind": "flat", "amount": "25.00" }, "membershipRewards": false }
  ]
}"#;

fn engine() -> JsEngine {
    JsEngine::new(CATALOG.into()).expect("catalog loads")
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).expect("property")
}

fn error_message(error: JsValue) -> String {
    assert!(
        error.is_instance_of::<js_sys::Error>(),
        "not an Error: {error:?}"
    );
    get(&error, "message").as_string().unwrap_or_default()
}

#[wasm_bindgen_test]
fn loads_a_catalog_and_counts_its_stores() {
    assert_eq!(engine().store_count(), 2);
}

#[wasm_bindgen_test]
fn a_bad_catalog_throws_an_error_listing_every_problem() {
    let bad = r#"{"schema":1,"region":"US","currency":"USD","stores":[
        {"id":"A!","name":"","domains":["1.2.3.4"],"offer":{"kind":"percent","rate":"0"}}]}"#;
    let message = error_message(JsEngine::new(bad.into()).err().expect("refused"));
    for part in [
        "id: \"A!\"",
        "name: must not be empty",
        "an IP address",
        "must be above 0",
    ] {
        assert!(message.contains(part), "{message}");
    }
    let message = error_message(JsEngine::new(JsValue::from(42)).err().expect("refused"));
    assert!(message.contains("must be a string"), "{message}");
}

#[wasm_bindgen_test]
fn match_url_returns_plain_objects() {
    let e = engine();
    let m = e.match_url("https://WWW.macys.com/shop?x=1".into(), JsValue::UNDEFINED);
    assert_eq!(get(&m, "storeId").as_string().as_deref(), Some("macys"));
    assert_eq!(get(&m, "storeName").as_string().as_deref(), Some("Macy's"));
    assert_eq!(
        get(&m, "host").as_string().as_deref(),
        Some("www.macys.com")
    );
    assert_eq!(get(&m, "badge").as_string().as_deref(), Some("6%"));
    assert!(get(&m, "standDown").is_null());
    let offer = get(&m, "offer");
    assert_eq!(get(&offer, "kind").as_string().as_deref(), Some("percent"));
    assert_eq!(get(&offer, "upTo").as_bool(), Some(true));
    // JSON-compatible: a JSON round trip gives the same shape.
    let json = js_sys::JSON::stringify(&m).unwrap().as_string().unwrap();
    assert!(json.contains("\"storeId\":\"macys\""), "{json}");
}

#[wasm_bindgen_test]
fn match_url_stands_down_and_never_throws() {
    let e = engine();
    let m = e.match_url("https://www.macys.com/?cjevent=1".into(), JsValue::NULL);
    let sd = get(&m, "standDown");
    assert_eq!(get(&sd, "network").as_string().as_deref(), Some("cj"));
    assert!(get(&sd, "reason").as_string().is_some());
    let m = e.match_url(
        "https://www.macys.com/".into(),
        "https://click.linksynergy.com/x".into(),
    );
    assert!(!get(&m, "standDown").is_null());
    for odd in [
        JsValue::UNDEFINED,
        JsValue::NULL,
        JsValue::from(5),
        js_sys::Object::new().into(),
    ] {
        assert!(e.match_url(odd, JsValue::UNDEFINED).is_null());
    }
    for s in [
        "",
        "macys.com",
        "https://macys.com.evil.example/",
        "http://[::1]/",
        "\u{0}",
    ] {
        assert!(e.match_url(s.into(), s.into()).is_null(), "{s}");
    }
}

#[wasm_bindgen_test]
fn estimates_in_every_program() {
    let e = engine();
    let at = JsValue::from(1_795_000_000_000.0);
    let cash = e
        .estimate("macys".into(), 2000.into(), "cash_back".into(), at.clone())
        .unwrap();
    assert_eq!(get(&cash, "amountMinor").as_f64(), Some(120.0));
    assert_eq!(get(&cash, "points").as_f64(), Some(0.0));
    assert_eq!(get(&cash, "display").as_string().as_deref(), Some("$1.20"));
    let mr = e
        .estimate(
            "macys".into(),
            2000.into(),
            "membership_rewards".into(),
            JsValue::UNDEFINED,
        )
        .unwrap();
    assert_eq!(
        get(&mr, "display").as_string().as_deref(),
        Some("120 MR points")
    );
    for (store, subtotal, program, want) in [
        ("nope", JsValue::from(1), "cash_back", "unknown store"),
        ("macys", JsValue::from(1), "cashback", "unknown program"),
        (
            "hotels",
            JsValue::from(1),
            "membership_rewards",
            "does not offer",
        ),
        ("macys", JsValue::from(1), "points", "does not offer points"),
        ("macys", JsValue::from(1.5), "cash_back", "whole number"),
        ("macys", JsValue::from(-1), "cash_back", "whole number"),
        (
            "macys",
            JsValue::from(f64::NAN),
            "cash_back",
            "whole number",
        ),
        (
            "macys",
            JsValue::from("20"),
            "cash_back",
            "must be a number",
        ),
    ] {
        let err = e
            .estimate(store.into(), subtotal, program.into(), JsValue::UNDEFINED)
            .unwrap_err();
        let message = error_message(err);
        assert!(message.contains(want), "{store} {program}: {message}");
    }
}

#[wasm_bindgen_test]
fn local_storage_round_trips_through_gloo() {
    let mut store = LocalStore;
    store.set("shoptrip.test.key", "value").unwrap();
    assert_eq!(
        store.get("shoptrip.test.key").unwrap().as_deref(),
        Some("value")
    );
    assert!(store
        .keys("shoptrip.test.")
        .unwrap()
        .contains(&"shoptrip.test.key".to_string()));
    store.remove("shoptrip.test.key").unwrap();
    assert_eq!(store.get("shoptrip.test.key").unwrap(), None);
}

#[wasm_bindgen_test]
fn trips_persist_in_local_storage_across_journals() {
    LocalStore.remove("shoptrip.trips").unwrap();
    let e = engine();
    let mut journal = TripJournal::new("local".into(), JsValue::UNDEFINED).unwrap();
    let trip = journal
        .start_trip(
            &e,
            "macys".into(),
            "https://www.macys.com/".into(),
            3.into(),
            "cash_back".into(),
            JsValue::UNDEFINED,
        )
        .unwrap();
    let id = get(&trip, "id").as_string().unwrap();
    assert_eq!(id.len(), 32);
    journal
        .record_order(
            &e,
            &id,
            2000.into(),
            Some("A1".into()),
            "manual",
            JsValue::UNDEFINED,
        )
        .unwrap();

    let reopened = TripJournal::new("local".into(), JsValue::UNDEFINED).unwrap();
    let trip = reopened.trip(&id);
    assert_eq!(get(&trip, "status").as_string().as_deref(), Some("ordered"));
    let order = get(&trip, "order");
    assert_eq!(
        get(&get(&order, "estimate"), "display")
            .as_string()
            .as_deref(),
        Some("$1.20")
    );
    let err = TripJournal::new("local".into(), JsValue::UNDEFINED)
        .unwrap()
        .set_status(&id, "confirmed", JsValue::UNDEFINED)
        .unwrap_err();
    assert!(error_message(err).contains("cannot become confirmed"));
    LocalStore.remove("shoptrip.trips").unwrap();
}

#[wasm_bindgen_test]
fn unreadable_stored_trips_are_set_aside_not_lost() {
    let mut store = LocalStore;
    store
        .set(
            "shoptrip.trips",
            "{\"version\":1,\"trips\":[{\"id\":\"x\"}]}",
        )
        .unwrap();
    let journal = TripJournal::new("local".into(), JsValue::UNDEFINED).unwrap();
    let issues = js_sys::Array::from(&journal.load_issues());
    assert_eq!(issues.length(), 1);
    let key = get(&issues.get(0), "backupKey").as_string().unwrap();
    assert_eq!(store.get(&key).unwrap().as_deref(), Some("{\"id\":\"x\"}"));
    store.remove(&key).unwrap();
    store.remove("shoptrip.trips").unwrap();
}

/// URLs the stand-down patterns meet: real-shaped affiliate arrivals, the
/// conformance scenarios, each pattern's own literals in a URL, and those
/// varied in case, position and neighbours; all as the browser serializes
/// them (webRequest hands the worker serialized URLs).
fn pattern_corpus(literals: &[String]) -> Vec<String> {
    let mut raw: Vec<String> = [
        "https://www.macys.com/?cjevent=abc123",
        "https://www.booking.com/hotel/fr/x.html?aid=304142&label=gen173",
        "https://www.booking.com/index.html?aid=397594",
        "https://www.booking.com/index.html?aid=2311236&lang=en",
        "https://www.bestbuy.com/site/tv?ref=198&loc=affiliate",
        "https://www.bestbuy.com/site/tv?ref=212&irclickid=x",
        "https://www.amazon.com/dp/B00X?tag=someone-20&linkCode=ll1",
        "https://www.walmart.com/ip/1?affiliates_ad_id=565706&campaign_id=9383",
        "https://www.nordstrom.com/sale?ranMID=1&ranEAID=pub&ranSiteID=pub-abc",
        "https://www.example.com/?utm_source=cj&utm_medium=affiliate",
        "https://www.example.com/?afsrc=1",
        "https://click.linksynergy.com/deeplink?id=x&mid=1&murl=https%3A%2F%2Fwww.macys.com%2F",
        "https://www.anrdoezrs.net/click-1-2?url=https%3A%2F%2Fwww.bestbuy.com%2F",
        "https://www.ebay.com/itm/1?mkcid=1&mkrid=711-53200-19255-0&campid=5338",
        "https://www.target.com/p/x?clkid=abc&lnm=81938&afid=Skimlinks",
        "https://example.com/",
        "https://www.example.com/path/to/thing?x=1#frag",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    for scenario in include_str!("data/conformance/standdown_scenarios.json")
        .split("\"url\": \"")
        .skip(1)
    {
        raw.push(scenario.split('"').next().unwrap_or_default().to_owned());
    }
    for (i, literal) in literals.iter().enumerate() {
        let lit = literal.as_str();
        raw.push(format!("https://www.example.com/?{lit}=1"));
        raw.push(format!("https://www.example.com/p?x=1&{lit}"));
        raw.push(format!("https://{}.example.net/{lit}", i % 7));
        raw.push(format!("https://www.example.com/{}", lit.to_uppercase()));
        raw.push(format!("https://www.example.com/?q={lit}{i}&{lit}=abc-20"));
    }
    raw.into_iter()
        .filter_map(|u| web_sys::Url::new(&u).ok().map(|url| url.href()))
        .collect()
}

#[wasm_bindgen_test]
fn every_shipped_pattern_agrees_with_the_browsers_regexp() {
    let policies = shoptrip::standdown::Policies::builtin();
    let patterns: Vec<_> = policies.patterns().collect();
    assert!(patterns.len() >= 10, "{} patterns", patterns.len());
    let literals: Vec<String> = patterns.iter().flat_map(|p| p.required.clone()).collect();
    let corpus = pattern_corpus(&literals);
    let mut matched = 0;
    for pattern in &patterns {
        // The SDK's patterns are JavaScript regular expressions, tested with `i`.
        let reference = js_sys::RegExp::new(pattern.source(), "i");
        for url in &corpus {
            let ours = pattern.is_match(url);
            assert_eq!(
                ours,
                reference.test(url),
                "/{}/i on {url}",
                pattern.source()
            );
            matched += usize::from(ours);
        }
    }
    // The corpus reaches the patterns: many pairs match, not only misses.
    assert!(
        matched >= patterns.len(),
        "{matched} matching pairs for {} patterns",
        patterns.len()
    );
}
