use super::*;
use crate::money::Currency;
use serde_json::{json, Value};

const NOW: i64 = 1_795_000_000_000; // 2026-11-18

fn engine() -> Engine {
    let json = json!({ "schema": 1, "region": "US", "currency": "USD", "stores": [
        { "id": "macys", "name": "Macy's", "domains": ["macys.com", "macys.ca"],
          "offer": { "kind": "percent", "rate": "6", "upTo": true },
          "tracking": "https://track.shoptrip.example/c?store={store}&trip={trip}&u={url}" },
        { "id": "macys-beauty", "name": "Macy's Beauty", "domains": ["macys.com/shop/beauty"],
          "offer": { "kind": "percent", "rate": "2" } },
        { "id": "hotels", "name": "Hotels.com", "domains": ["hotels.com"],
          "offer": { "kind": "flat", "amount": "25" } },
        { "id": "buecher", "name": "Bücher", "domains": ["bücher.de"],
          "offer": { "kind": "percent", "rate": "3" } }
    ]});
    Engine::new(&json.to_string()).expect("engine")
}

fn store_of(e: &Engine, url: &str) -> Option<String> {
    e.match_url(url, None, NOW).map(|m| m.store.id.clone())
}

#[test]
fn recognises_every_subdomain_path_and_country_site() {
    let e = engine();
    for url in [
        "https://www.macys.com/",
        "https://m.macys.com/shop/mens",
        "https://shop.macys.com/x?y=1#z",
        "http://macys.com/",
        "https://www.macys.ca/",
        "https://WWW.MACYS.COM/",
        "https://www.macys.com./",
        "https://www.macys.com:443/",
        "https://user@www.macys.com/",
    ] {
        assert_eq!(store_of(&e, url).as_deref(), Some("macys"), "{url}");
    }
    assert_eq!(
        store_of(&e, "https://www.macys.com/shop/beauty/x").as_deref(),
        Some("macys-beauty")
    );
    assert_eq!(
        store_of(&e, "https://www.macys.com/shop/beautyx").as_deref(),
        Some("macys")
    );
    assert_eq!(
        store_of(&e, "https://www.bücher.de/").as_deref(),
        Some("buecher")
    );
    assert_eq!(
        store_of(&e, "https://www.xn--bcher-kva.de/").as_deref(),
        Some("buecher")
    );
}

#[test]
fn never_matches_a_lookalike() {
    let e = engine();
    for url in [
        "https://macys.com.evil.example/",
        "https://evil.example/macys.com",
        "https://macys.com@evil.example/",
        "https://www.macys.com@evil.example/",
        "https://notmacys.com/",
        "https://macys.co/",
        "https://macys.com-evil.example/",
        "https://evil.example/?u=https://www.macys.com/",
        "https://evil.example/#www.macys.com",
        "ftp://www.macys.com/",
        "javascript://www.macys.com/%0aalert(1)",
        "data:text/html,https://www.macys.com/",
        "blob:https://www.macys.com/1234",
        "view-source:https://www.macys.com/",
        "https://mаcys.com/", // Cyrillic а
        "https://www.rnacys.com/",
        "https://127.0.0.1/macys.com",
        "macys.com",
        "",
    ] {
        assert_eq!(store_of(&e, url), None, "{url}");
    }
}

#[test]
fn a_match_carries_host_offer_badge_and_stand_down() {
    let e = engine();
    let m = e.match_url("https://WWW.Macys.com/x", None, NOW).unwrap();
    assert_eq!(m.host, "www.macys.com");
    assert_eq!(m.badge(Currency::USD, Program::CashBack), "6%");
    assert_eq!(
        m.offer,
        Offer::Percent {
            rate_bps: 600,
            up_to: true
        }
    );
    assert_eq!(m.stand_down, None);
    let hotels = e.match_url("https://hotels.com/", None, NOW).unwrap();
    assert_eq!(hotels.badge(Currency::USD, Program::CashBack), "$25");

    let m = e
        .match_url("https://www.macys.com/?cjevent=abc", None, NOW)
        .unwrap();
    let sd = m.stand_down.unwrap();
    assert_eq!(sd.verdict.network_id, "cj");
    // CJ's sessionDuration is 30 minutes; the Code of Conduct's floor, 90.
    assert_eq!(sd.until_ms, NOW + 90 * 60 * 1000);

    let m = e.match_url(
        "https://www.macys.com/",
        Some("https://www.anrdoezrs.net/click-1-2"),
        NOW,
    );
    assert!(m.unwrap().stand_down.is_some());
    let m = e.match_url("https://www.macys.com/", Some("not a url"), NOW);
    assert_eq!(m.unwrap().stand_down, None);
}

#[test]
fn a_catalog_tracking_host_is_no_exemption() {
    // The engine knows no trip: the landing's own signals decide, whatever
    // host referred it (a trip's own chain is the journal's to tell).
    let e = engine();
    let via_own_host = e.match_url(
        "https://www.macys.com/?ranSiteID=abc&afsrc=1",
        Some("https://track.shoptrip.example/c?store=macys&trip=1"),
        NOW,
    );
    assert!(via_own_host.unwrap().stand_down.is_some());
    let plain = e.match_url(
        "https://www.macys.com/",
        Some("https://track.shoptrip.example/c?store=macys&trip=1"),
        NOW,
    );
    assert_eq!(plain.unwrap().stand_down, None);
}

#[test]
fn badges_follow_the_accounts_program() {
    let mut e = engine();
    e.set_program(Program::MembershipRewards);
    let m = e.match_url("https://www.macys.com/", None, NOW).unwrap();
    assert_eq!(m.badge(e.catalog().currency, e.program()), "6x");
}

#[test]
fn tracking_links_are_filled_in_and_encoded() {
    let e = engine();
    let link = e
        .tracking_url("macys", "0123abcd", "https://www.macys.com/a b?x=1&y=2")
        .unwrap();
    assert_eq!(
        link,
        "https://track.shoptrip.example/c?store=macys&trip=0123abcd&u=https%3A%2F%2Fwww.macys.com%2Fa%20b%3Fx%3D1%26y%3D2"
    );
    assert_eq!(e.tracking_url("hotels", "1", "x"), None);
    assert_eq!(e.tracking_url("nope", "1", "x"), None);
}

#[test]
fn shop_now_goes_through_the_tracking_link_back_to_the_page_or_straight_to_the_store() {
    let e = engine();
    let through = e
        .shop_now_url("macys", "t1", "https://www.macys.com/bag")
        .unwrap();
    assert!(through.starts_with("https://track.shoptrip.example/c?store=macys&trip=t1&u="));
    assert!(through.ends_with("u=https%3A%2F%2Fwww.macys.com%2Fbag"));
    // Started elsewhere (the popup's search): back to the store's front page.
    let from_search = e
        .shop_now_url("macys", "t1", "https://example.org/")
        .unwrap();
    assert!(from_search.ends_with("u=https%3A%2F%2Fmacys.com%2F"));
    // No tracking link: straight to the store.
    assert_eq!(
        e.shop_now_url("hotels", "t1", "https://www.hotels.com/h1")
            .as_deref(),
        Some("https://www.hotels.com/h1")
    );
    assert_eq!(
        e.shop_now_url("hotels", "t1", "chrome://newtab/")
            .as_deref(),
        Some("https://hotels.com/")
    );
    assert_eq!(e.shop_now_url("nope", "t1", "x"), None);
}

#[test]
fn estimates_by_store_id() {
    let e = engine();
    assert_eq!(
        e.estimate("macys", 2000, Program::CashBack, NOW)
            .unwrap()
            .display,
        "$1.20"
    );
    let err = e.estimate("nope", 1, Program::CashBack, NOW).unwrap_err();
    assert_eq!(err.to_string(), "unknown store \"nope\"");
    assert_eq!(err.name(), "EstimateError");
}

#[test]
fn a_bad_catalog_keeps_the_old_one() {
    let mut e = engine();
    let err = e
        .replace_catalog("{\"schema\": 1, \"stores\": 5}", None)
        .unwrap_err();
    assert!(
        err.to_string().contains("stores: must be an array"),
        "{err}"
    );
    assert_eq!(err.name(), "CatalogError");
    assert_eq!(e.store_count(), 4);
    assert!(e.match_url("https://www.macys.com/", None, NOW).is_some());
}

#[test]
fn searches_stores_by_name() {
    let e = engine();
    let names: Vec<&str> = e
        .search("MACY", 10)
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(names, vec!["Macy's", "Macy's Beauty"]);
    assert_eq!(e.search("", 2).len(), 2);
}

#[test]
fn survives_hostile_strings() {
    let e = engine();
    let mut inputs: Vec<String> = [
        "https://",
        "https://.",
        "https://..",
        "https://[",
        "https://[::",
        "http://%",
        "http://%zz/",
        "https://a@b@c/",
        "https://xn--/",
        "https://xn--a.com/",
        "http://1.2.3.4.5/",
        "https://\u{0}/",
        "https://www.macys.com/\u{fffd}",
        "https://ｍacys.com/",
        "https://macys.com\u{3002}evil/",
        "https://macys\u{ff0e}com/",
        "https://\u{200b}macys.com/",
        "http://0x/",
        "http://09/",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    inputs.push(format!("https://{}.com/", "a.".repeat(50_000)));
    inputs.push(format!(
        "https://www.macys.com/?{}",
        "cjevent=1&".repeat(10_000)
    ));
    inputs.push(format!("https://{}/", "é".repeat(10_000)));
    for input in &inputs {
        let _ = e.match_url(input, Some(input), NOW);
    }
    assert_eq!(
        store_of(&e, "https://macys\u{ff0e}com/").as_deref(),
        Some("macys")
    );
    // No page on a host longer than a DNS name can load.
    let longest = format!("https://{}macys.com/", "a.".repeat(122));
    assert_eq!(store_of(&e, &longest).as_deref(), Some("macys"));
    assert_eq!(store_of(&e, &format!("https://a{}", &longest[8..])), None);
    assert_eq!(store_of(&e, "https://macys.com\u{3002}evil/"), None);
}

/// The ASCII names a spoof could be read as: confusables mapped, marks and
/// everything else non-ASCII dropped.
fn imitated_names(unicode: &str) -> Vec<String> {
    const CONFUSABLES: &[(char, &str)] = &[
        ('α', "a"),
        ('ο', "o"),
        ('ε', "e"),
        ('о', "o"),
        ('е', "e"),
        ('ս', "u"),
        ('շ', "2"),
        ('օ', "o"),
        ('ѕ', "s"),
        ('с', "c"),
        ('р', "p"),
        ('а', "a"),
        ('к', "k"),
        ('і', "i"),
        ('ӏ', "l"),
        ('х', "x"),
        ('đ', "d"),
        ('ı', "i"),
        ('ᴡ', "w"),
        ('ɡ', "g"),
        ('ɢ', "g"),
        ('ᴏ', "o"),
        ('ʟ', "l"),
        ('ᴇ', "e"),
        ('˗', "-"),
        ('‐', "-"),
        ('–', "-"),
        ('−', "-"),
        ('ǔ', "u"),
        ('ḷ', "l"),
        ('é', "e"),
        ('ó', "o"),
        ('ə', "e"),
        ('ι', "i"),
        ('κ', "k"),
        ('ß', "b"),
        ('ш', "w"),
        ('м', "m"),
        ('н', "h"),
        ('т', "t"),
        ('ь', "b"),
        ('·', "."),
        ('一', "-"),
        ('丶', "."),
        ('ノ', "/"),
        ('კ', "3"),
        ('ˬ', "_"),
    ];
    let mapped: String = unicode
        .chars()
        .filter_map(|c| {
            if c.is_ascii() {
                return Some(c.to_string());
            }
            CONFUSABLES
                .iter()
                .find(|(k, _)| *k == c)
                .map(|(_, v)| v.to_string())
        })
        .collect();
    let ascii_only: String = unicode.chars().filter(char::is_ascii).collect();
    vec![mapped, ascii_only]
}

#[test]
fn no_unsafe_idn_spoof_matches_the_store_it_imitates() {
    let data: Value = serde_json::from_str(include_str!(
        "../../tests/data/conformance/idn_spoof_cases.json"
    ))
    .unwrap();
    let cases: Vec<&Value> = data["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["chrome_display"] == "unsafe")
        .collect();
    assert!(cases.len() > 40);
    let mut stores = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for case in &cases {
        for name in imitated_names(case["unicode"].as_str().unwrap()) {
            if crate::catalog::DomainEntry::parse(&name).is_ok_and(|d| d.path.is_empty())
                && seen.insert(name.clone())
            {
                stores.push(json!({ "id": format!("s{}", stores.len()), "name": name,
                    "domains": [name], "offer": { "kind": "percent", "rate": "1" } }));
            }
        }
    }
    assert!(stores.len() > 40, "only {} imitated names", stores.len());
    let catalog = json!({ "schema": 1, "region": "US", "currency": "USD", "stores": stores });
    let e = Engine::new(&catalog.to_string()).unwrap();
    for case in cases {
        for host in [
            case["unicode"].as_str().unwrap(),
            case["ascii"].as_str().unwrap(),
        ] {
            for url in [
                format!("https://{host}/"),
                format!("https://www.{host}/login"),
            ] {
                if let Some(m) = e.match_url(&url, None, NOW) {
                    panic!("{url} matched {} ({})", m.store.id, m.store.name);
                }
            }
        }
    }
}

#[test]
fn safe_idn_hosts_match_their_own_store() {
    let data: Value = serde_json::from_str(include_str!(
        "../../tests/data/conformance/idn_spoof_cases.json"
    ))
    .unwrap();
    let cases = data["cases"].as_array().unwrap();
    for case in cases.iter().filter(|c| c["chrome_display"] == "safe") {
        let (ascii, unicode) = (
            case["ascii"].as_str().unwrap(),
            case["unicode"].as_str().unwrap(),
        );
        let Ok(entry) = crate::catalog::DomainEntry::parse(unicode) else {
            continue;
        };
        let catalog = json!({ "schema": 1, "region": "US", "currency": "USD", "stores": [
            { "id": "s", "name": "S", "domains": [unicode], "offer": { "kind": "percent", "rate": "1" } }]});
        let e = Engine::new(&catalog.to_string()).unwrap();
        let url = format!("https://{ascii}/");
        assert!(
            e.match_url(&url, None, NOW).is_some(),
            "{ascii} ({unicode}) → entry {entry}"
        );
    }
}

#[test]
fn the_bundled_catalogs_load_and_cover_the_named_shops() {
    let us = Engine::new(include_str!("../../extension/catalogs/us.json")).expect("us catalog");
    assert!(us.store_count() >= 150);
    for id in [
        "amazon",
        "walmart",
        "target",
        "macys",
        "bestbuy",
        "ebay",
        "nike",
        "homedepot",
        "lowes",
        "kohls",
        "nordstrom",
        "sephora",
        "ulta",
        "wayfair",
        "etsy",
        "costco",
        "apple",
        "dell",
        "hp",
        "lenovo",
        "expedia",
        "hotels",
        "booking",
    ] {
        assert!(us.store(id).is_some(), "{id} missing");
    }
    assert!(us.store("amazon").unwrap().domains.len() >= 20);
    let id = |url: &str| us.match_url(url, None, NOW).map(|m| m.store.id.clone());
    assert_eq!(
        id("https://www.amazon.co.uk/dp/B0").as_deref(),
        Some("amazon")
    );
    assert_eq!(
        id("https://athleta.gap.com/browse").as_deref(),
        Some("athleta")
    );
    assert_eq!(id("https://www.gap.com/browse").as_deref(), Some("gap"));
    assert_eq!(
        id("https://www.apple.com/shop/buy-iphone").as_deref(),
        Some("apple")
    );
    assert_eq!(id("https://www.apple.com/iphone/"), None);
    let jp = Engine::new(include_str!("../../extension/catalogs/jp.json")).expect("jp catalog");
    assert_eq!(jp.catalog().currency.code, "JPY");
    let points = jp.estimate("unext", 0, Program::Points, NOW).unwrap();
    assert_eq!(
        (points.points, points.display.as_str()),
        (300, "300 ポイント")
    );
    let m = jp
        .match_url("https://www.uniqlo.com/jp/ja/", None, NOW)
        .unwrap();
    assert_eq!(m.store.id, "uniqlo-jp");
}

#[test]
fn typed_amounts_parse_in_the_catalog_currency() {
    let e = engine();
    assert_eq!(e.parse_amount("12.34").unwrap(), 1234);
    assert_eq!(e.parse_amount(" $1,234.5 ").unwrap(), 123_450);
    assert_eq!(e.parse_amount("20").unwrap(), 2000);
    for bad in ["", "12.345", "-3", "abc", "1e3", "99999999999999999999"] {
        assert!(e.parse_amount(bad).is_err(), "{bad:?}");
    }
    assert_eq!(e.format_money(123_450), "$1,234.50");
}

#[test]
fn a_trip_keeps_only_a_page_of_its_store() {
    let e = engine();
    let store = e.store("macys").unwrap();
    assert_eq!(
        e.page_of_store(store, "https://www.macys.com/shop/coats?id=1"),
        "https://www.macys.com/shop/coats?id=1"
    );
    for elsewhere in [
        "https://mail.example.com/inbox/1?token=secret",
        "https://macys.com.evil.example/",
        "chrome://newtab/",
        "",
    ] {
        assert_eq!(
            e.page_of_store(store, elsewhere),
            e.home_url(store),
            "{elsewhere}"
        );
    }
}
