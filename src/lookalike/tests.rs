use super::*;
use crate::catalog::suffixes::tests::debian_list;
use crate::engine::Engine;

const US: &str = include_str!("../../extension/catalogs/us.json");

fn engine() -> (Engine, SuffixList) {
    (Engine::new(US).unwrap(), debian_list())
}

fn seen(engine: &Engine, list: &SuffixList, url: &str) -> Option<(String, String, Kind)> {
    engine
        .lookalike(url, Some(list))
        .map(|(found, store)| (store.id.clone(), found.domain, found.kind))
}

#[test]
fn each_kind_of_lookalike_names_the_store_and_its_real_domain() {
    let (engine, list) = engine();
    let cases = [
        ("https://rnacys.com/", "macys", "macys.com", Kind::Homoglyph),
        (
            "https://xn--mazon-3ve.com/dp/1",
            "amazon",
            "amazon.com",
            Kind::Homoglyph,
        ), // Cyrillic а
        ("https://macyss.com/", "macys", "macys.com", Kind::Typo),
        (
            "https://www.mcys.com/sale",
            "macys",
            "macys.com",
            Kind::Typo,
        ),
        ("https://amzaon.com/", "amazon", "amazon.com", Kind::Typo),
        (
            "https://macys.com.sale-today.shop/",
            "macys",
            "macys.com",
            Kind::Embedding,
        ),
        (
            "https://macys-com.shop/",
            "macys",
            "macys.com",
            Kind::Embedding,
        ),
        (
            "https://macys-outlet.shop/",
            "macys",
            "macys.com",
            Kind::Brand,
        ),
        (
            "https://bestbuyclearance.store/",
            "bestbuy",
            "bestbuy.com",
            Kind::Brand,
        ),
        ("https://macys.co/", "macys", "macys.com", Kind::Tld),
    ];
    for (url, store, domain, kind) in cases {
        assert_eq!(
            seen(&engine, &list, url),
            Some((store.into(), domain.into(), kind)),
            "{url}"
        );
    }
}

#[test]
fn never_on_the_stores_own_sites_well_known_sites_ips_or_single_labels() {
    let (engine, list) = engine();
    for url in [
        "https://www.macys.com/shop/coats",
        "https://m.macys.com/",
        "https://anything.macys.com/",
        "https://www.amazon.co.jp/",
        "https://www.google.com/search?q=macys",
        "https://www.wikipedia.org/",
        "https://github.com/",
        "https://192.168.1.1/",
        "https://[::1]/",
        "https://localhost/",
        "https://macys/",
        "https://the-big-apple.com/",
        "https://verizon.net/",
        "https://www.example.org/",
        "not a url",
        "",
        "javascript:alert(1)",
        "file:///etc/passwd",
    ] {
        assert_eq!(seen(&engine, &list, url), None, "{url}");
    }
}

#[test]
fn no_store_of_the_catalog_is_a_lookalike_of_another() {
    let (engine, list) = engine();
    let catalog: serde_json::Value = serde_json::from_str(US).unwrap();
    for store in catalog["stores"].as_array().unwrap() {
        for domain in store["domains"].as_array().unwrap() {
            let url = format!("https://{}/", domain.as_str().unwrap());
            assert_eq!(seen(&engine, &list, &url), None, "{url}");
        }
    }
}

#[test]
fn bad_input_gives_null_or_a_warning_quickly() {
    let (engine, list) = engine();
    let long_label = "a".repeat(63);
    let long_host = [long_label.as_str(); 4].join(".");
    let huge = format!("https://macyss.com/{}", "x".repeat(2 << 20));
    for url in [
        format!("https://{long_host}/"),
        "https://xn--zz.com/".into(),
        "https://xn--.com/".into(),
        "https://мacys.com/".into(),
        "https://macуs.com/".into(),
        "https://-macys-.com/".into(),
        huge,
        "https://..com/".into(),
        "https://ma\u{200b}cys.com/".into(),
    ] {
        let _ = engine.lookalike(&url, Some(&list));
    }
}

#[test]
fn one_edit_apart_is_damerau_distance_one() {
    for (a, b, want) in [
        ("macys", "macyss", true),
        ("macys", "mcys", true),
        ("macys", "macxs", true),
        ("macys", "amcys", true),
        ("macys", "macys", false),
        ("macys", "mcasy", false),
        ("abc", "bca", false),
    ] {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        assert_eq!(one_edit_apart(&a, &b), want, "{a:?} {b:?}");
    }
}

#[test]
fn without_the_suffix_list_registrable_domains_are_guessed() {
    let engine = Engine::new(US).unwrap();
    for (url, store, kind) in [
        ("https://rnacys.com/", "macys", Kind::Homoglyph),
        (
            "https://macys.com.sale-today.shop/",
            "macys",
            Kind::Embedding,
        ),
        ("https://macys-outlet.shop/", "macys", Kind::Brand),
        ("https://macys.co/", "macys", Kind::Tld),
        ("https://amazon-deals.co.uk/", "amazon", Kind::Brand),
    ] {
        let found = engine
            .lookalike(url, None)
            .map(|(f, s)| (s.id.clone(), f.kind));
        assert_eq!(found, Some((store.into(), kind)), "{url}");
    }
    for url in [
        "https://www.macys.com/",
        "https://www.amazon.co.uk/",
        "https://en.wikipedia.org/",
        "https://a.b.c/",
    ] {
        assert_eq!(
            engine.lookalike(url, None).map(|(f, _)| f.kind),
            None,
            "{url}"
        );
    }
}

#[test]
fn a_homoglyph_with_a_typo_is_a_homoglyph_and_letters_with_hooks_are_their_letter() {
    let (engine, list) = engine();
    let punycode = |host: &str| idna::domain_to_ascii(host).unwrap();
    for (host, store) in [
        ("rnacy5.com".to_owned(), "macys"),
        (punycode("aməƶon.com"), "amazon"),
        (punycode("ɱacys.com"), "macys"),
        (punycode("jᴄpeŋŋey.com"), "jcpenney"),
        (punycode("norbstroṁrack.com"), "nordstromrack"),
    ] {
        let url = format!("https://{host}/");
        let found = seen(&engine, &list, &url);
        assert_eq!(
            found.map(|(id, _, kind)| (id, kind)),
            Some((store.to_owned(), Kind::Homoglyph)),
            "{host}"
        );
    }
}

#[test]
fn an_engine_from_its_snapshot_warns_alike() {
    let list = debian_list();
    let built = Engine::with_suffixes(US, Some(&list)).unwrap();
    let hash = crate::engine::catalog_hash(US.as_bytes());
    let restored = Engine::from_snapshot(&built.snapshot(hash), hash).unwrap();
    for url in [
        "https://rnacys.com/",
        "https://macyss.com/",
        "https://macys-outlet.shop/",
        "https://macys.com.sale-today.shop/",
        "https://www.macys.com/",
        "https://www.example.org/",
    ] {
        assert_eq!(
            seen(&restored, &list, url),
            seen(&built, &list, url),
            "{url}"
        );
    }
    assert!(seen(&restored, &list, "https://rnacys.com/").is_some());
}

#[test]
fn a_text_is_looked_up_only_where_the_filter_may_hold_it() {
    let list = debian_list();
    let engine = Engine::with_suffixes(US, Some(&list)).unwrap();
    let index = &engine.loaded_lookalikes();
    let hash = |text: &str| text_hash::text_hash(text.chars());
    assert!(index.may_be_near(hash("macys")));
    assert!(index.may_be_near(hash("rnacys")), "its skeleton");
    assert!(index.may_be_near(hash("mcys")), "one left out");
    let misses = (0..10_000)
        .filter(|i| index.may_be_near(hash(&format!("no-such-name-{i}"))))
        .count();
    assert!(misses < 400, "{misses} of 10,000 texts let through");
}
