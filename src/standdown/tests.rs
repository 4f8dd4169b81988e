use super::*;
use serde_json::{json, Value};

const SCENARIOS: &str = include_str!("../../tests/data/conformance/standdown_scenarios.json");

fn decide(policies: &Policies, url: &str, referrer: Option<&str>) -> Option<Verdict> {
    let landing = PageUrl::parse(url).expect("landing URL");
    let referrer = referrer.and_then(PageUrl::parse);
    let mut arrival = vec![&landing];
    if let Some(r) = &referrer {
        arrival.push(r);
    }
    policies.check(&arrival)
}

/// The packs as published, which `builtin.rs` is written from.
const PUBLISHED: [(&str, &str); 2] = [
    (
        "rakuten-publisher-standown",
        include_str!("../../data/standdown/rakuten-publisher-standown.json"),
    ),
    (
        "shoptrip",
        include_str!("../../data/standdown/shoptrip.json"),
    ),
];

/// `builtin.rs` for the published packs.
fn render_builtin(packs: &[(&str, Pack)]) -> String {
    let mut out = String::from(
        "//! The built-in stand-down packs, as lines of fields (see [`Pack::from_lines`]).\n\
         //! Written from `data/standdown/` by the tests: do not edit; after\n\
         //! changing a pack, run `SHOPTRIP_BLESS=1 cargo test builtin_tables`.\n\n",
    );
    out.push_str(&format!("pub static PACKS: [&str; {}] = [\n", packs.len()));
    for (name, pack) in packs {
        let lines = pack.to_lines();
        out.push_str(&format!("    // {name}\n    concat!(\n"));
        for line in lines.lines() {
            out.push_str(&format!("        {:?},\n", format!("{line}\n")));
        }
        out.push_str("    ),\n");
    }
    out.push_str("];\n");
    out
}

#[test]
fn builtin_tables_are_the_published_packs() {
    let parsed: Vec<(&str, Pack)> = PUBLISHED
        .iter()
        .map(|(name, json)| (*name, Pack::parse_builtin(name, json).unwrap()))
        .collect();
    for (name, pack) in &parsed {
        let values =
            (pack
                .networks
                .iter()
                .flat_map(|n| [&n.id, &n.name, &n.origin]))
            .chain(pack.rules.iter().flat_map(|r| {
                (r.domain.iter().chain(&r.paths).chain(&r.params)).chain([&r.reason])
            }))
            .chain(pack.notices.iter().flat_map(|n| [&n.origin, &n.message]));
        // A separator inside a value would split it: the lines cannot hold it.
        for value in values {
            assert!(
                !value.is_empty() && !value.contains([pack::FIELD, pack::ITEM, '\n', '\r']),
                "{name}: {value:?} does not fit the lines of builtin.rs"
            );
        }
    }
    let rendered = render_builtin(&parsed);
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/standdown/builtin.rs");
    if std::env::var_os("SHOPTRIP_BLESS").is_some() {
        std::fs::write(path, &rendered).unwrap();
    }
    let committed = std::fs::read_to_string(path).unwrap();
    assert!(
        committed == rendered,
        "src/standdown/builtin.rs differs from data/standdown/: \
         run SHOPTRIP_BLESS=1 cargo test builtin_tables"
    );
    // And what the core reads back from the lines is what it read from the JSON.
    for ((name, pack), lines) in parsed.iter().zip(builtin::PACKS) {
        let read_back = Pack::from_lines(lines).unwrap_or_else(|| panic!("{name}"));
        assert_eq!(read_back.to_lines(), pack.to_lines(), "{name}");
        let sources = |p: &Pack| -> Vec<String> {
            p.rules
                .iter()
                .map(|r| r.pattern.as_ref().map_or("", |p| p.source()).to_owned())
                .collect()
        };
        assert_eq!(sources(&read_back), sources(pack), "{name}");
    }
}

#[test]
fn runs_of_numbers_in_a_pattern_collapse_and_expand_back_exactly() {
    use pack::{collapse_runs, expand_runs, RUN};
    for (pattern, collapsed) in [
        ("a=(1|2|3|4|9)", format!("a=(1|2{RUN}4|9)")),
        ("(?:7|8|9|10|11)x", format!("(?:7|8{RUN}10|11)x")),
        ("99|100|101", format!("99{RUN}101")),
        ("1|2|x", "1|2|x".to_owned()),
        ("01|02|03|04", "01|02|03|04".to_owned()),
        ("5|4|3|2", "5|4|3|2".to_owned()),
        ("0|1|2", format!("0{RUN}2")),
        ("", String::new()),
        ("a|b", "a|b".to_owned()),
    ] {
        assert_eq!(collapse_runs(pattern), collapsed, "{pattern}");
        assert_eq!(expand_runs(&collapsed).as_deref(), Some(pattern));
    }
    assert_eq!(expand_runs(&format!("3{RUN}1")), None);
    assert_eq!(expand_runs(&format!("x{RUN}9")), None);
}

#[test]
fn builtin_packs_load_whole() {
    for (name, json) in PUBLISHED {
        let pack = Pack::parse(name, json).unwrap_or_else(|e| panic!("{e}"));
        assert!(!pack.rules.is_empty());
        assert_eq!(
            pack.notices,
            vec![],
            "{name}: every policy and rule is used"
        );
    }
    let policies = Policies::builtin();
    assert!(policies.rule_count() > 400);
    // Built-in patterns compile on first use: every one must compile.
    assert!(policies.all_patterns_compile());
    assert!(policies.notices().is_empty());
}

#[test]
fn stands_down_exactly_where_the_conformance_scenarios_say() {
    let policies = Policies::builtin();
    let scenarios: Value = serde_json::from_str(SCENARIOS).unwrap();
    let mut wrong = Vec::new();
    for s in scenarios["scenarios"].as_array().unwrap() {
        let got = decide(
            &policies,
            s["url"].as_str().unwrap(),
            s["referrer"].as_str(),
        )
        .is_some();
        if got != s["expectStandDown"].as_bool().unwrap() {
            wrong.push(s["id"].as_str().unwrap().to_owned());
        }
    }
    assert!(wrong.is_empty(), "scenarios decided wrongly: {wrong:?}");
}

#[test]
fn every_network_signal_of_the_spec_stands_down() {
    let policies = Policies::builtin();
    let shop = "https://www.macys.com/shop/x";
    for param in [
        "afsrc=1",
        "cjevent=abc",
        "ranSiteID=x&ranEAID=y",
        "irclickid=1",
        "irgwc=1",
        "awc=1_2",
        "sscid=a1",
        "clickref=x",
        "cjdata=x",
        "ranEAID=x",
    ] {
        let url = format!("{shop}?{param}");
        assert!(decide(&policies, &url, None).is_some(), "{url}");
    }
    for referrer in [
        "https://click.linksynergy.com/deeplink?id=1",
        "https://www.anrdoezrs.net/click-1",
        "https://www.dpbolvw.net/x",
        "https://www.jdoqocy.com/x",
        "https://www.kqzyfj.com/x",
        "https://www.tkqlhce.com/x",
        "https://www.awin1.com/cread.php",
        "https://macys.pxf.io/c/1",
        "https://macys.sjv.io/c/1",
        "https://prf.hn/click",
        "https://www.shareasale.com/r.cfm",
    ] {
        assert!(
            decide(&policies, shop, Some(referrer)).is_some(),
            "{referrer}"
        );
    }
    for amazon in [
        "https://www.amazon.com/dp/B0?tag=someone-20",
        "https://www.amazon.co.uk/dp/B0?tag=x-21",
        "https://www.amazon.co.jp/dp/B0?tag=x-22",
        "https://smile.amazon.de/dp/B0?tag=x",
    ] {
        let verdict = decide(&policies, amazon, None).unwrap_or_else(|| panic!("{amazon}"));
        assert_eq!(verdict.network_id, "amazon");
    }
}

#[test]
fn ordinary_parameters_do_not_stand_down() {
    let policies = Policies::builtin();
    for url in [
        "https://www.macys.com/shop?utm_source=newsletter&utm_medium=email&utm_campaign=fall",
        "https://www.macys.com/shop?gclid=abc123",
        "https://www.macys.com/shop?fbclid=abc123",
        "https://www.macys.com/search?q=cjevent",
        "https://www.macys.com/shop?xcjevent=1",
        "https://www.macys.com/shop?CJEVENT=1",
        "https://www.macys.com/shop/cjevent/afsrc",
        "https://www.macys.com/shop#cjevent=1",
        "https://www.target.com/p/x?tag=holiday",
        "https://www.macys.com/shop?utm_source=cjx",
        "https://www.macys.com/shop?source=awesome",
        "https://www.ebay.com/itm/1?_trkparms=abc",
        "https://www.booking.com/hotel/x.html",
    ] {
        assert_eq!(decide(&policies, url, None), None, "{url}");
    }
    for referrer in [
        "https://www.google.com/search?q=macys",
        "https://notlinksynergy.com/",
        "https://linksynergy.com.evil.example/",
    ] {
        assert_eq!(
            decide(&policies, "https://www.macys.com/", Some(referrer)),
            None,
            "{referrer}"
        );
    }
}

#[test]
fn a_verdict_says_who_and_why() {
    let policies = Policies::builtin();
    let v = decide(&policies, "https://www.macys.com/?afsrc=1", None).unwrap();
    assert_eq!(v.network_id, "afsrc");
    assert_eq!(v.session_ms, 1_800_000);
    assert!(
        v.rule
            .starts_with("rakuten-publisher-standown/generic-afsrc#rules[0]"),
        "{}",
        v.rule
    );
    assert!(v.reason.contains("standdown"), "{}", v.reason);
    let v = decide(
        &policies,
        "https://www.macys.com/",
        Some("https://click.linksynergy.com/x"),
    )
    .unwrap();
    assert_eq!(v.url, "https://click.linksynergy.com/x");
}

#[test]
fn no_referring_host_exempts_an_arrival() {
    // Not ShopTrip's tracking host, nor a network's: the rules see every URL.
    let policies = Policies::builtin();
    let landing = "https://www.macys.com/?ranSiteID=ours&afsrc=1";
    assert!(decide(&policies, landing, None).is_some());
    for referrer in [
        "https://track.shoptrip.example/c?trip=1",
        "https://click.linksynergy.com/deeplink?id=SHOPTRIPPUB&u1=1",
    ] {
        assert!(decide(&policies, landing, Some(referrer)).is_some());
    }
}

#[test]
fn look_ahead_rules_apply_as_published() {
    let policies = Policies::builtin();
    // Booking.com's rule stands down for an affiliate's aid, not for the
    // aids its pattern excludes (Booking's own and partners' defaults).
    assert!(decide(&policies, "https://www.booking.com/hotel?aid=123456", None).is_some());
    assert!(decide(&policies, "https://www.booking.com/hotel?aid=1", None).is_none());
    assert!(decide(
        &policies,
        "https://www.booking.com/hotel?aid=898409&x=1",
        None
    )
    .is_none());
}

fn pack(policies: Value) -> Result<Pack, String> {
    Pack::parse("test", &json!({ "policies": policies }).to_string())
}

fn policy(rules: Value) -> Value {
    json!({ "id": "p", "schemaVersion": 2, "policyVersion": 1,
            "network": { "id": "n", "name": "N" }, "rules": rules })
}

#[test]
fn rules_need_every_present_field_to_match() {
    let pack = pack(json!([policy(json!([
        { "domain": "shop.example", "paths": ["/go", "/aff"], "params": "ref", "reason": "all" }
    ]))]))
    .unwrap();
    let mut policies = Policies::default();
    policies.add(pack);
    let hit = |u: &str| decide(&policies, u, None).is_some();
    assert!(hit("https://www.shop.example/go/1?ref=x"));
    assert!(hit("https://shop.example/affiliate?ref"));
    assert!(!hit("https://shop.example/go/1"));
    assert!(!hit("https://shop.example/x?ref=1"));
    assert!(!hit("https://other.example/go?ref=1"));
}

#[test]
fn invalid_policies_and_rules_are_reported_not_dropped_silently() {
    let pack = pack(json!([
        policy(json!([
            { "params": "ok", "reason": "fine" },
            { "reason": "nothing to match" },
            { "params": "x" },
            { "pattern": "(a)\\1", "reason": "backreference" },
            { "domain": "1.2.3.4", "reason": "ip" },
            { "params": 5, "reason": "wrong type" }
        ])),
        { "id": "v1", "schemaVersion": 1, "network": { "id": "n", "name": "N" }, "rules": [] },
        { "id": "bad-session", "schemaVersion": 2,
          "network": { "id": "n", "name": "N", "sessionDuration": -5 }, "rules": [{"params": "a", "reason": "r"}] },
        "not a policy"
    ]))
    .unwrap();
    assert_eq!(pack.rules.len(), 1);
    let notices: Vec<String> = pack.notices.iter().map(ToString::to_string).collect();
    let expect = [
        "test/p#rules[1]: rule left out: no domain, paths, params or pattern",
        "test/p#rules[2]: rule left out: no reason given",
        "test/p#rules[3]: rule left out: pattern \"(a)\\\\1\" does not compile",
        "test/p#rules[4]: rule left out: domain \"1.2.3.4\" is not a host name",
        "test/p#rules[5]: rule left out:",
        "test/v1: policy left out: schemaVersion 1, this reader takes 2",
        "test/bad-session: policy left out: sessionDuration -5",
        "test/policies[3]: policy left out:",
    ];
    for want in expect {
        assert!(
            notices.iter().any(|n| n.starts_with(want)),
            "missing {want:?} in {notices:#?}"
        );
    }
}

#[test]
fn a_pack_with_nothing_usable_is_refused() {
    let err = pack(json!([policy(json!([{ "reason": "r" }]))])).unwrap_err();
    assert!(err.contains("no usable rule"), "{err}");
    assert!(err.contains("no domain, paths, params or pattern"), "{err}");
}

#[test]
fn session_duration_defaults_to_thirty_minutes() {
    let p = pack(json!([policy(json!([{ "params": "a", "reason": "r" }]))])).unwrap();
    assert_eq!(p.networks[0].session_ms, 30 * 60 * 1000);
}

#[test]
fn query_names_decode_like_url_search_params() {
    let names: Vec<String> = query_names("a=1&&b&c%65v=2&d+e=3&=x&f=g=h")
        .map(|n| n.into_owned())
        .collect();
    assert_eq!(names, vec!["a", "b", "cev", "d e", "", "f"]);
    for query in ["cjevent=1", "x=1&cj%65vent=2", "q=cjevent", "a=%zz&b"] {
        let ours: Vec<String> = query_names(query).map(|n| n.into_owned()).collect();
        let theirs: Vec<String> = url::form_urlencoded::parse(query.as_bytes())
            .map(|(n, _)| n.into_owned())
            .collect();
        assert_eq!(ours, theirs, "{query}");
    }
}

#[test]
fn knows_which_hosts_domain_rules_can_reach() {
    let policies = Policies::builtin();
    assert!(policies.domain_rules_reach("amazon.com")); // tag rule on amazon.com
    assert!(policies.domain_rules_reach("walmart.com")); // linksynergy.walmart.com
    assert!(policies.domain_rules_reach("booking.com"));
    assert!(!policies.domain_rules_reach("macys.com"));
    assert!(!policies.domain_rules_reach("store1.com"));
}

#[test]
fn oversized_and_malformed_packs_are_refused_with_a_reason() {
    let huge = " ".repeat(pack::MAX_PACK_BYTES + 1);
    for (text, why) in [
        (huge.as_str(), "the limit is"),
        ("{", "not valid JSON"),
        ("not json", "not valid JSON"),
        ("7", "expected an object with policies"),
        ("42", "expected an object"),
        (r#"{"policies":[]}"#, "no usable rule"),
    ] {
        let err = Pack::parse("x", text).unwrap_err();
        assert!(err.contains(why), "{}: {err}", &text[..text.len().min(20)]);
    }
}

#[test]
fn a_landing_parameter_found_in_the_referrer_is_reported_where_it_was() {
    let policies = Policies::builtin();
    let on_landing = decide(&policies, "https://www.macys.com/?irclickid=1", None).unwrap();
    assert!(
        on_landing.reason.ends_with("on the landing URL"),
        "{}",
        on_landing.reason
    );
    let in_referrer = decide(
        &policies,
        "https://www.macys.com/",
        Some("https://deals.example/go?irclickid=1"),
    )
    .unwrap();
    assert!(
        !in_referrer.reason.contains("landing URL"),
        "{}",
        in_referrer.reason
    );
    assert!(
        in_referrer
            .reason
            .ends_with("in the referrer or a redirect"),
        "{}",
        in_referrer.reason
    );
}
