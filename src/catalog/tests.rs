use super::*;
use serde_json::{json, Value};

fn macys() -> Value {
    json!({
        "id": "macys",
        "name": "Macy's",
        "domains": ["macys.com", "macys.ca"],
        "offer": { "kind": "percent", "rate": "6", "upTo": true },
        "categories": [ { "name": "Beauty", "offer": { "kind": "percent", "rate": "2" } } ],
        "boosts": [ { "offer": { "kind": "percent", "rate": "4" },
            "from": "2026-11-27T00:00:00Z", "until": "2026-12-01T08:00:00Z",
            "label": "Black Friday" } ],
        "exclusions": ["Gift cards"],
        "coupons": [ { "code": "FALL10", "description": "10% off $50+", "expires": "2026-12-31" } ],
        "tracking": "https://track.example.net/c?store={store}&trip={trip}&u={url}",
        "orderPage": { "path": "/checkout/confirmation", "subtotal": "#order-subtotal" },
        "membershipRewards": true
    })
}

fn catalog_with(stores: Vec<Value>) -> String {
    json!({ "schema": 1, "region": "US", "currency": "USD", "updated": "2026-11-01",
            "stores": stores })
    .to_string()
}

fn refused(json: &str) -> Vec<String> {
    match Catalog::parse(json) {
        Ok(_) => panic!("accepted: {json}"),
        Err(e) => e.problems.iter().map(ToString::to_string).collect(),
    }
}

fn assert_refused_with(json: &str, expected: &[&str]) {
    let problems = refused(json);
    for want in expected {
        assert!(
            problems.iter().any(|p| p.contains(want)),
            "no problem mentions {want:?}: {problems:#?}"
        );
    }
}

#[test]
fn loads_the_documented_example() {
    let catalog = Catalog::parse(&catalog_with(vec![macys()])).expect("valid");
    assert_eq!(catalog.region, "US");
    assert_eq!(catalog.currency, Currency::USD);
    let store = &catalog.stores[0];
    assert_eq!(store.name, "Macy's");
    assert_eq!(
        store.offer,
        Offer::Percent {
            rate_bps: 600,
            up_to: true
        }
    );
    assert_eq!(store.domains.len(), 2);
    assert_eq!(
        store.categories[0].offer,
        Offer::Percent {
            rate_bps: 200,
            up_to: false
        }
    );
    assert_eq!(store.boosts[0].rate_bps, 400);
    assert_eq!(store.boosts[0].label, "Black Friday");
    assert_eq!(store.coupons[0].expires, Date::new(2026, 12, 31));
    assert_eq!(
        store.order_page.as_ref().unwrap().subtotal_selector,
        "#order-subtotal"
    );
    assert!(store.membership_rewards);
}

#[test]
fn rates_may_be_numbers_or_strings() {
    let mut store = macys();
    store["offer"] = json!({ "kind": "percent", "rate": 6.5 });
    let catalog = Catalog::parse(&catalog_with(vec![store])).unwrap();
    assert_eq!(
        catalog.stores[0].offer,
        Offer::Percent {
            rate_bps: 650,
            up_to: false
        }
    );
}

#[test]
fn flat_amounts_use_the_catalog_currency() {
    let mut store = macys();
    store["offer"] = json!({ "kind": "flat", "amount": "25.00" });
    store["boosts"] = json!([]);
    let catalog = Catalog::parse(&catalog_with(vec![store.clone()])).unwrap();
    assert_eq!(catalog.stores[0].offer, Offer::Flat { amount_minor: 2500 });

    let yen = json!({ "schema": 1, "region": "JP", "currency": "JPY", "stores": [
        { "id": "rakuten-books", "name": "楽天ブックス", "domains": ["books.rakuten.co.jp"],
          "offer": { "kind": "points", "points": 300 } },
        { "id": "yodobashi", "name": "ヨドバシ", "domains": ["yodobashi.com"],
          "offer": { "kind": "flat", "amount": "500" } } ] });
    let catalog = Catalog::parse(&yen.to_string()).unwrap();
    assert_eq!(catalog.stores[0].offer, Offer::Points { points: 300 });
    assert_eq!(catalog.stores[1].offer, Offer::Flat { amount_minor: 500 });
}

#[test]
fn refuses_other_schema_versions_by_name() {
    let json = json!({ "schema": 2, "region": "US", "currency": "USD", "stores": [] });
    assert_refused_with(
        &json.to_string(),
        &["schema 2 is not supported", "schema 1"],
    );
    let json = json!({ "region": "US", "currency": "USD", "stores": [] });
    assert_refused_with(&json.to_string(), &["schema: missing"]);
}

#[test]
fn refuses_what_is_not_json() {
    assert_refused_with("", &["not valid JSON"]);
    assert_refused_with("{\"schema\": 1,", &["not valid JSON"]);
    assert_refused_with("[1, 2]", &["must be a JSON object"]);
    assert_refused_with("null", &["must be a JSON object"]);
}

#[test]
fn a_repeated_key_that_shoptrip_reads_refuses_the_catalog() {
    // Which of two values wins differs between parsers, so a key read twice
    // is refused at any depth. Keys ShopTrip does not read are skipped
    // unread, repeated or not, like any field from a newer schema.
    let store = r#"{"id":"a","name":"A","domains":["a.com"],"offer":{"kind":"percent","rate":"2"}"#;
    let doc = |store: &str| {
        format!(r#"{{"schema":1,"region":"US","currency":"USD","stores":[{store}]}}"#)
    };
    assert!(Catalog::parse(&doc(&format!("{store}}}"))).is_ok());
    for twice in [
        format!(r#"{store},"id":"b"}}"#),
        store.replace(r#""kind":"percent""#, r#""kind":"percent","kind":"flat""#) + "}",
    ] {
        assert_refused_with(&doc(&twice), &["repeats the key"]);
    }
    let header = r#"{"schema":1,"schema":1,"region":"US","currency":"USD","stores":[]}"#;
    assert_refused_with(header, &["repeats the key \"schema\""]);
    assert!(Catalog::parse(&doc(&format!(r#"{store},"future":{{"x":1,"x":2}}}}"#))).is_ok());
}

#[test]
fn a_struct_is_read_from_an_object_never_from_an_array_by_position() {
    let mut store = macys();
    store["offer"] = json!(["percent", "5"]);
    store["orderPage"] = json!(["/done", ".total"]);
    store["categories"] = json!([["Beauty", { "kind": "percent", "rate": "2" }]]);
    let problems = refused(&catalog_with(vec![store, json!(["x", "X", ["x.com"]])]));
    for want in [
        "store macys: offer: must be an object, not an array",
        "store macys: orderPage: must be an object, not an array",
        "store macys: categories[0]: must be an object, not an array",
        "store stores[1]: a store must be an object, not an array",
    ] {
        assert!(
            problems.iter().any(|p| p == want),
            "missing {want:?} in {problems:#?}"
        );
    }
}

#[test]
fn a_rate_may_be_a_number_and_a_bad_one_is_quoted_as_written() {
    let mut store = macys();
    store["offer"] = json!({ "kind": "percent", "rate": 6.5 });
    let catalog = Catalog::parse(&catalog_with(vec![store.clone()])).unwrap();
    assert_eq!(
        catalog.stores[0].offer,
        Offer::Percent {
            rate_bps: 650,
            up_to: false
        }
    );
    store["offer"] = json!({ "kind": "percent", "rate": 150 });
    assert_refused_with(
        &catalog_with(vec![store.clone()]),
        &["rate 150 must be above 0"],
    );
    store["offer"] = json!({ "kind": "percent", "rate": 6.125 });
    assert_refused_with(
        &catalog_with(vec![store]),
        &["\"6.125\" has more than 2 digits"],
    );
}

#[test]
fn refuses_bad_headers() {
    let json = json!({ "schema": 1, "region": "usa", "currency": "XYZ",
        "updated": "1 Nov 2026", "stores": [macys()] });
    assert_refused_with(
        &json.to_string(),
        &[
            "region: \"usa\" is not an ISO 3166-1",
            "currency: \"XYZ\" is not an ISO 4217",
            "updated: \"1 Nov 2026\"",
        ],
    );
    let json = json!({ "schema": 1, "stores": [] });
    assert_refused_with(
        &json.to_string(),
        &["region: missing", "currency: missing", "at least one store"],
    );
}

#[test]
fn lists_every_problem_with_store_and_field() {
    let mut a = macys();
    a["id"] = json!("Macys!");
    a["domains"] = json!(["macys.com", "1.2.3.4", "localhost"]);
    let mut b = macys();
    b["id"] = json!("bloomies");
    b["domains"] = json!(["bloomingdales.com"]);
    b["offer"] = json!({ "kind": "percent", "rate": "150" });
    b["tracking"] = json!("http://track.example.net/?t={trip}");
    b["orderPage"] = json!({ "path": "checkout", "subtotal": "" });
    let mut c = macys();
    c["id"] = json!("kohls");
    c["domains"] = json!(["kohls.com"]);
    c["offer"] = json!({ "kind": "cashback", "rate": "5" });
    c["coupons"] = json!([{ "code": "", "expires": "soon" }]);
    c["boosts"] = json!([{ "offer": { "kind": "percent", "rate": "2" },
        "from": "2026-12-02T00:00:00Z", "until": "2026-12-01T00:00:00Z" }]);
    let problems = refused(&catalog_with(vec![a, b, c]));
    let expect = [
        "store stores[0]: id: \"Macys!\" must match [a-z0-9-]{1,64}",
        "store stores[0]: domains[1]: \"1.2.3.4\": an IP address cannot be a store",
        "store stores[0]: domains[2]: \"localhost\": a store domain needs at least two labels",
        "store bloomies: offer: rate 150 must be above 0 and at most 100",
        "store bloomies: tracking: \"http://track.example.net/?t={trip}\": must be an https URL",
        "store bloomies: orderPage.path: \"checkout\" must start with /",
        "store bloomies: orderPage.subtotal: must not be empty",
        "store kohls: offer: kind \"cashback\" is not one of",
        "store kohls: coupons[0].code: must not be empty",
        "store kohls: coupons[0].expires: \"soon\" is not a YYYY-MM-DD date",
        "store kohls: boosts[0]: until must be later than from",
    ];
    for want in expect {
        assert!(
            problems.iter().any(|p| p.starts_with(want)),
            "missing {want:?} in {problems:#?}"
        );
    }
    assert_eq!(problems.len(), expect.len(), "{problems:#?}");
}

#[test]
fn wrong_types_are_reported_per_store_and_field() {
    let mut bad = macys();
    bad["id"] = json!("bad-types");
    bad["domains"] = json!("macys.com");
    bad["membershipRewards"] = json!("yes");
    let mut also_bad = macys();
    also_bad["id"] = json!("ok-types");
    also_bad["domains"] = json!(["ok.example"]);
    also_bad["offer"] = json!({ "kind": "percent", "rate": "6.555" });
    let problems = refused(&catalog_with(vec![bad, also_bad, json!(42)]));
    let expect = [
        "store bad-types: domains: must be an array, not the string \"macys.com\"",
        "store bad-types: membershipRewards: must be true or false, not the string \"yes\"",
        "store ok-types: offer: rate: \"6.555\" has more than 2 digits",
        "store stores[2]: a store must be an object, not a number",
    ];
    for want in expect {
        assert!(
            problems.iter().any(|p| p.starts_with(want)),
            "missing {want:?} in {problems:#?}"
        );
    }
    // Nested fields are named by their path.
    let mut nested = macys();
    nested["categories"] = json!([{ "name": "Beauty", "offer": { "kind": 5, "rate": [] } }, "x"]);
    nested["coupons"] = json!([{ "code": 7 }]);
    nested["orderPage"] = json!({ "path": "/done", "subtotal": false });
    let problems = refused(&catalog_with(vec![nested]));
    for want in [
        "store macys: categories[0].offer.kind: must be a string, not the number 5",
        "store macys: categories[0].offer.rate: must be a decimal number or a string holding one, not an array",
        "store macys: categories[1]: must be an object, not the string \"x\"",
        "store macys: coupons[0].code: must be a string, not the number 7",
        "store macys: orderPage.subtotal: must be a string, not false",
    ] {
        assert!(problems.iter().any(|p| p == want), "missing {want:?} in {problems:#?}");
    }
}

#[test]
fn two_stores_may_not_claim_one_entry() {
    let mut other = macys();
    other["id"] = json!("macys-outlet");
    other["domains"] = json!(["MACYS.com", "macys.com/outlet"]);
    assert_refused_with(
        &catalog_with(vec![macys(), other]),
        &["store macys-outlet: domains: macys.com is claimed by both \"macys\" and \"macys-outlet\""],
    );
    let mut twice = macys();
    twice["domains"] = json!(["macys.com", "macys.com."]);
    assert_refused_with(&catalog_with(vec![twice]), &["macys.com is listed twice"]);
    let mut dup = macys();
    dup["domains"] = json!(["other.example"]);
    assert_refused_with(
        &catalog_with(vec![macys(), dup]),
        &["store macys: id: the same id as stores[0]"],
    );
}

#[test]
fn refuses_offers_out_of_range() {
    let cases = [
        (json!({ "kind": "percent", "rate": "0" }), "must be above 0"),
        (
            json!({ "kind": "percent", "rate": "100.01" }),
            "at most 100",
        ),
        (
            json!({ "kind": "percent", "rate": "-1" }),
            "not a plain decimal",
        ),
        (
            json!({ "kind": "percent" }),
            "rate: \"\" is not a plain decimal",
        ),
        (
            json!({ "kind": "flat", "amount": "0" }),
            "amount must be above 0",
        ),
        (
            json!({ "kind": "flat", "amount": "2.505" }),
            "more than 2 digits",
        ),
        (
            json!({ "kind": "points", "points": 300 }),
            "points offers are for JPY catalogs",
        ),
        (json!({}), "kind \"\" is not one of"),
    ];
    for (offer, want) in cases {
        let mut store = macys();
        store["offer"] = offer;
        store["boosts"] = json!([]);
        assert_refused_with(&catalog_with(vec![store]), &[want]);
    }
    let mut store = macys();
    store["offer"] = json!({ "kind": "flat", "amount": "10" });
    assert_refused_with(
        &catalog_with(vec![store]),
        &["only a percentage offer can be boosted"],
    );
}

#[test]
fn refuses_text_that_is_not_plain() {
    let mut store = macys();
    store["name"] = json!("Macy's\u{0007}");
    store["exclusions"] = json!(["x".repeat(600)]);
    assert_refused_with(
        &catalog_with(vec![store]),
        &[
            "name: contains control characters",
            "exclusions[0]: longer than 500",
        ],
    );
}

#[test]
fn refuses_tracking_templates_with_unknown_placeholders() {
    let mut store = macys();
    store["tracking"] = json!("https://t.example/{user}");
    assert_refused_with(
        &catalog_with(vec![store]),
        &["only {store}, {trip} and {url}"],
    );
}

#[test]
fn refuses_oversized_catalogs_before_parsing() {
    let huge = " ".repeat(MAX_CATALOG_BYTES + 1);
    assert_refused_with(&huge, &["the limit is"]);
}

#[test]
fn membership_rewards_defaults_to_offered() {
    let mut store = macys();
    store.as_object_mut().unwrap().remove("membershipRewards");
    let catalog = Catalog::parse(&catalog_with(vec![store])).unwrap();
    assert!(catalog.stores[0].membership_rewards);
}
