//! Cookie-name signals: the conformance scenarios derived from
//! dupe-com/standdown's grader, the pack field's validation, and what a
//! cookie verdict keeps.
use super::*;
use crate::engine::Engine;
use serde_json::{json, Value};

const COOKIE_SCENARIOS: &str =
    include_str!("../../tests/data/conformance/standdown_cookie_scenarios.json");
const NOW: i64 = 1_795_000_000_000;

fn merchant() -> Engine {
    let catalog = json!({ "schema": 1, "region": "US", "currency": "USD", "stores": [
        { "id": "merchant", "name": "Merchant", "domains": ["example-merchant.com"],
          "offer": { "kind": "percent", "rate": "5" },
          "tracking": "https://track.shoptrip.example/t?trip={trip}&u={url}" } ] });
    Engine::new(&catalog.to_string()).unwrap()
}

#[test]
fn every_cookie_scenario_stands_down_exactly_where_it_should() {
    let engine = merchant();
    let doc: Value = serde_json::from_str(COOKIE_SCENARIOS).unwrap();
    let scenarios = doc["scenarios"].as_array().unwrap();
    assert!(scenarios.len() >= 9);
    for s in scenarios {
        let id = s["id"].as_str().unwrap();
        let mut urls = vec![s["url"].as_str().unwrap()];
        urls.extend(s["referrer"].as_str());
        let names: Vec<&str> = s["cookieNames"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_str().unwrap())
            .collect();
        let found = engine.stand_down(&urls, NOW, &names);
        assert_eq!(
            found.is_some(),
            s["expectStandDown"].as_bool().unwrap(),
            "{id}"
        );
        if let (Some(found), Some(network)) = (found, s["network"].as_str()) {
            assert_eq!(found.verdict.network_name, network, "{id}");
            for name in &names {
                assert!(
                    !found.verdict.reason.contains(name),
                    "{id}: the shopper's cookie name is not kept"
                );
            }
            assert!(found.verdict.rule.contains("#network.cookieNames["), "{id}");
        }
    }
}

#[test]
fn the_engine_knows_no_trip_so_a_tracking_host_exempts_nothing() {
    // Only the journal can tell a trip's own chain (navigation tests); a
    // catalog's tracking host is no exemption for a cookie or anything else.
    let engine = merchant();
    let landing = "https://www.example-merchant.com/p";
    let own_host = "https://track.shoptrip.example/t?trip=x";
    assert!(engine
        .stand_down(&[landing, own_host], NOW, &["cje_1"])
        .is_some());
    assert!(engine.stand_down(&[landing], NOW, &["cje_1"]).is_some());
    assert!(engine.stand_down(&[landing, own_host], NOW, &[]).is_none());
    // URL signals come first: their reason is the one given.
    let both = engine
        .stand_down(
            &["https://www.example-merchant.com/?irclickid=1"],
            NOW,
            &["cje_1"],
        )
        .unwrap();
    assert_eq!(both.verdict.network_id, "impact");
}

#[test]
fn the_pack_field_is_checked_and_bad_parts_are_reported() {
    let pack = json!({ "policies": [
        { "schemaVersion": 2, "id": "cookies-only",
          "network": { "id": "n1", "name": "N1", "cookieNames": ["good_part", "", "has space", "a;b", "x".repeat(65)] },
          "rules": [] },
        { "schemaVersion": 2, "id": "not-an-array",
          "network": { "id": "n2", "name": "N2", "cookieNames": "cje" },
          "rules": [{ "domain": "click.n2.example", "reason": "N2 click host" }] },
        { "schemaVersion": 2, "id": "no-signal",
          "network": { "id": "n3", "name": "N3", "cookieNames": [] }, "rules": [] } ] });
    let read = Pack::parse("test", &pack.to_string()).unwrap();
    assert_eq!(read.networks.len(), 1);
    assert_eq!(read.networks[0].cookie_names, ["good_part"]);
    let notices: Vec<String> = read.notices.iter().map(ToString::to_string).collect();
    for want in [
        "test/cookies-only#network.cookieNames[1]: cookie name left out: \"\"",
        "test/cookies-only#network.cookieNames[2]: cookie name left out: \"has space\"",
        "test/cookies-only#network.cookieNames[3]: cookie name left out: \"a;b\"",
        "test/cookies-only#network.cookieNames[4]",
        "test/not-an-array: policy left out: network.cookieNames: must be an array, not the string \"cje\"",
        "test/no-signal: policy left out: no rules",
    ] {
        assert!(notices.iter().any(|n| n.starts_with(want)), "{want} in {notices:#?}");
    }
    // Its lines read back the same, cookie names included.
    let again = Pack::from_lines(&read.to_lines()).unwrap();
    assert_eq!(again.networks[0].cookie_names, ["good_part"]);
    // A pack whose only signal is a cookie name is usable; one with none is refused.
    let mut policies = Policies::default();
    policies.add(read);
    assert_eq!(
        policies
            .check_cookies(&["x_good_part_9"], "https://shop.example/")
            .map(|v| v.network_id),
        Some("n1".to_owned())
    );
    let empty = json!({ "policies": [{ "schemaVersion": 2, "id": "p",
        "network": { "id": "n", "name": "N", "cookieNames": ["bad part"] }, "rules": [] }] });
    assert!(Pack::parse("empty", &empty.to_string()).is_err());
}
