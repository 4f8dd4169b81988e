use super::*;
use serde_json::Value;

const URLTESTDATA: &str = include_str!("../../tests/data/conformance/urltestdata.json");
const EXPECTED_FAILURES: &str =
    include_str!("../../tests/data/conformance/urltestdata_expected_failures.txt");

/// Undoes the escaping of the expected-failures list (`\t`, `\n`, `\\`, `\u{…}`).
fn unescape(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('0') => out.push('\0'),
            Some('u') => {
                let hex: String = chars
                    .by_ref()
                    .skip_while(|c| *c == '{')
                    .take_while(|c| *c != '}')
                    .collect();
                let code = u32::from_str_radix(&hex, 16).expect("escape");
                out.push(char::from_u32(code).expect("char"));
            }
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

fn known_url_crate_failures() -> Vec<String> {
    EXPECTED_FAILURES
        .lines()
        .filter_map(|l| l.strip_prefix('<')?.strip_suffix('>'))
        .filter(|l| !l.contains("> against <") && !l.contains("> set "))
        .map(unescape)
        .collect()
}

/// The WPT cases whose input is an absolute http(s) URL, less the ones the
/// `url` crate is known to get wrong.
fn absolute_http_cases() -> Vec<Value> {
    let all: Vec<Value> = serde_json::from_str(URLTESTDATA).expect("urltestdata");
    let skip = known_url_crate_failures();
    all.into_iter()
        .filter(|case| case.is_object() && case["base"].is_null())
        .filter(|case| {
            let input = case["input"].as_str().unwrap_or_default();
            let cleaned: String = input
                .trim_matches(|c: char| c <= ' ')
                .chars()
                .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
                .collect::<String>()
                .to_ascii_lowercase();
            (cleaned.starts_with("http:") || cleaned.starts_with("https:"))
                && !skip.iter().any(|s| s == input)
        })
        .collect()
}

#[test]
fn wpt_cases_give_the_browsers_hostname() {
    let cases = absolute_http_cases();
    assert!(cases.len() > 150, "only {} cases", cases.len());
    let mut checked = 0;
    for case in cases {
        let input = case["input"].as_str().expect("input");
        if case.get("failure").is_some() {
            assert_eq!(PageUrl::parse(input), None, "{input:?} must fail");
            assert_eq!(whatwg_hostname(input), None, "{input:?} must fail");
            continue;
        }
        let want = case["hostname"].as_str().expect("hostname");
        assert_eq!(whatwg_hostname(input).as_deref(), Some(want), "{input:?}");
        let is_ip = want.starts_with('[') || want.parse::<std::net::Ipv4Addr>().is_ok();
        match PageUrl::parse(input) {
            Some(page) => {
                assert!(!is_ip, "{input:?}: an IP host must not be a page");
                assert_eq!(page.host, want, "{input:?}");
                assert_eq!(page.path, case["pathname"].as_str().unwrap(), "{input:?}");
                let search = case["search"].as_str().unwrap();
                assert_eq!(page.query, search.strip_prefix('?').unwrap_or(search));
                assert_eq!(page.href, case["href"].as_str().unwrap(), "{input:?}");
            }
            None => assert!(is_ip || want.is_empty(), "{input:?} should be a page"),
        }
        checked += 1;
    }
    assert!(checked > 100);
}

/// Every input the fast path takes must come out exactly as the `url` crate
/// has it.
fn assert_fast_path_agrees(input: &str) {
    if let Some(fast) = fast_parse(input) {
        let slow = slow_parse(input).unwrap_or_else(|| panic!("{input:?}: slow path refused"));
        assert_eq!(fast, slow, "{input:?}");
    }
}

#[test]
fn fast_path_agrees_with_the_url_crate() {
    for case in absolute_http_cases() {
        assert_fast_path_agrees(case["input"].as_str().unwrap());
    }
    let hosts = [
        "www.macys.com",
        "WWW.Macys.COM",
        "macys.com.",
        "a.b",
        "xn--bcher-kva.de",
        "1.2.3.4",
        "example.123",
        "example.0x1",
        "-a-.com",
        "a..b",
        ".a.b",
        "a.b..",
        "localhost",
    ];
    let tails = [
        "/", "/x?y#z", "/./a", "/a/../b", "/%2e/a", "/a%20b", "/a?b=c&d", "/a#frag", "/?q=%22",
        "/a'b", "/{a}", "/a?b'c", "/|^", "?q", "#f", "",
    ];
    for scheme in ["http://", "https://", "HTTP://", "ftp://"] {
        for host in hosts {
            for tail in tails {
                assert_fast_path_agrees(&format!("{scheme}{host}{tail}"));
            }
        }
    }
}

#[test]
fn fast_path_takes_the_common_case() {
    let page = fast_parse("https://www.macys.com/shop/beauty?id=1#top").expect("fast");
    assert!(matches!(page.host, Cow::Borrowed("www.macys.com")));
    assert_eq!(page.path, "/shop/beauty");
    assert_eq!(page.query, "id=1");
}

#[test]
fn refuses_what_is_no_page() {
    for input in [
        "",
        "macys.com",
        "ftp://macys.com/",
        "javascript:alert(1)",
        "data:text/html,hi",
        "file:///etc/passwd",
        "chrome://settings",
        "http://127.0.0.1/",
        "http://[::1]/",
        "http://0x7f.1/",
        "http://3232235777/",
        "https://",
        "http://exa mple.com/",
    ] {
        assert_eq!(PageUrl::parse(input), None, "{input:?}");
    }
    let long = format!("https://macys.com/{}", "a".repeat(MAX_URL_LEN));
    assert_eq!(PageUrl::parse(&long), None);
    let at_limit = format!("https://macys.com/{}", "a".repeat(MAX_URL_LEN - 18));
    assert_eq!(at_limit.len(), MAX_URL_LEN);
    assert!(PageUrl::parse(&at_limit).is_some());
}

#[test]
fn takes_hosts_the_way_browsers_do() {
    let host = |u: &str| PageUrl::parse(u).map(|p| p.host.into_owned());
    assert_eq!(
        host("https://user:pw@macys.com/").as_deref(),
        Some("macys.com")
    );
    assert_eq!(
        host("https://macys.com@evil.example/").as_deref(),
        Some("evil.example")
    );
    assert_eq!(
        host("https://MACYS.com:8443/x").as_deref(),
        Some("macys.com")
    );
    assert_eq!(host("https://macys.com./").as_deref(), Some("macys.com."));
    assert_eq!(
        host("  https://ma\tcys.com/ ").as_deref(),
        Some("macys.com")
    );
    assert_eq!(host("https:\\\\macys.com\\x").as_deref(), Some("macys.com"));
    assert_eq!(
        host("https://bücher.de/").as_deref(),
        Some("xn--bcher-kva.de")
    );
    assert_eq!(
        host("https://ＭＡＣＹＳ.com/").as_deref(),
        Some("macys.com")
    );
    assert_eq!(host("https://macys%2ecom/").as_deref(), Some("macys.com"));
}

#[test]
fn only_http_schemes_reach_the_parser() {
    for yes in [
        "http://a.com/",
        "HTTPS://a.com/",
        " \t h\tttps://a.com/",
        "\u{1}http:a.com",
        "https:",
    ] {
        assert!(names_http_scheme(yes), "{yes:?}");
    }
    for no in [
        "",
        "about:blank",
        "chrome://x",
        "httpx://a.com",
        "ws://a.com",
        "http",
        "data:,http:",
    ] {
        assert!(!names_http_scheme(no), "{no:?}");
    }
}

mod generated {
    use super::*;
    use proptest::prelude::*;

    fn label() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-z0-9]{1,12}",
            "[A-Za-z0-9-]{1,12}",
            "xn--[a-z0-9]{2,8}",
            "[0-9]{1,3}",
            "0x[0-9a-f]{1,2}",
            "[a-zäöüß✓]{1,6}",
            Just(String::new()),
        ]
    }

    fn url() -> impl Strategy<Value = String> {
        let scheme = prop_oneof![
            Just("https://"),
            Just("http://"),
            Just("HTTPS://"),
            Just("https:/"),
            Just("https:\\\\"),
            Just("ftp://"),
            Just(" https://"),
        ];
        let userinfo = prop_oneof![Just(""), Just("user@"), Just("u:p@"), Just("a@b@")];
        let host = prop::collection::vec(label(), 1..5).prop_map(|labels| labels.join("."));
        let dot = prop_oneof![Just(""), Just(".")];
        let port = prop_oneof![
            Just(""),
            Just(":443"),
            Just(":8080"),
            Just(":"),
            Just(":99999")
        ];
        let path = "(/[a-zA-Z0-9%.~_\\\\\t-]{0,6}){0,4}";
        let query = prop_oneof![Just(String::new()), "\\?[a-z=&%0-9]{0,10}"];
        let fragment = prop_oneof![Just(String::new()), "#[a-z]{0,4}"];
        (scheme, userinfo, host, dot, port, path, query, fragment)
            .prop_map(|(s, u, h, d, p, path, q, f)| format!("{s}{u}{h}{d}{p}{path}{q}{f}"))
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4000, ..ProptestConfig::default() })]

        /// Wherever the fast path answers, the `url` crate answers the same.
        #[test]
        fn the_fast_path_and_the_url_crate_agree(input in url()) {
            if let Some(fast) = fast_parse(&input) {
                let slow = slow_parse(&input);
                prop_assert_eq!(Some(fast), slow, "{:?}", input);
            }
        }

        /// A host the fast path reads off an https URL is the `url` crate's.
        #[test]
        fn a_plain_https_host_is_the_url_crates(input in url()) {
            if let Some(host) = plain_https_host(&input) {
                let parsed = url::Url::parse(&input).ok();
                prop_assert_eq!(parsed.as_ref().map(url::Url::scheme), Some("https"), "{:?}", input);
                prop_assert_eq!(parsed.as_ref().and_then(url::Url::host_str), Some(&*host), "{:?}", input);
            }
        }

        /// What the matcher sees (host, path, query) is the `url` crate's,
        /// whichever path parsed the URL.
        #[test]
        fn what_the_matcher_sees_is_the_url_crates(input in url()) {
            let seen = PageUrl::parse(&input)
                .map(|p| (p.host_for_matching().to_owned(), p.path.to_string(), p.query.to_string()));
            let authority = slow_parse(&input)
                .map(|p| (p.host_for_matching().to_owned(), p.path.to_string(), p.query.to_string()));
            prop_assert_eq!(seen, authority, "{:?}", input);
        }
    }
}
