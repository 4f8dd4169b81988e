//! Search-result annotations: on a Google or Bing results page, a small
//! label with the offer beside each result that leads to a partner store.
//! Everything is decided here, on the device: which pages are results pages,
//! where a result's link really goes (Google wraps some in `/url?q=`), and
//! which results get a label. Nothing about the search leaves the browser.

use crate::engine::Engine;
use crate::page_url::PageUrl;
use crate::rewards;
use crate::settings::Settings;

/// Result links looked at per page.
pub const MAX_RESULTS: usize = 100;

/// What follows `google.` in Google's own search domains, as Google lists
/// them (www.google.com/supported_domains, 187 of them), sorted. Any other
/// `google.<tld>`-looking host (`google.us.com`, `google.ru.net`) is anyone's
/// to register: its pages get no labels and no link collector.
const GOOGLE_SEARCH_TLDS: &[&str] = &[
    "ad", "ae", "al", "am", "as", "at", "az", "ba", "be", "bf", "bg", "bi", "bj", "bs", "bt", "by",
    "ca", "cat", "cd", "cf", "cg", "ch", "ci", "cl", "cm", "cn", "co.ao", "co.bw", "co.ck",
    "co.cr", "co.id", "co.il", "co.in", "co.jp", "co.ke", "co.kr", "co.ls", "co.ma", "co.mz",
    "co.nz", "co.th", "co.tz", "co.ug", "co.uk", "co.uz", "co.ve", "co.vi", "co.za", "co.zm",
    "co.zw", "com", "com.af", "com.ag", "com.ar", "com.au", "com.bd", "com.bh", "com.bn", "com.bo",
    "com.br", "com.bz", "com.co", "com.cu", "com.cy", "com.do", "com.ec", "com.eg", "com.et",
    "com.fj", "com.gh", "com.gi", "com.gt", "com.hk", "com.jm", "com.kh", "com.kw", "com.lb",
    "com.ly", "com.mm", "com.mt", "com.mx", "com.my", "com.na", "com.ng", "com.ni", "com.np",
    "com.om", "com.pa", "com.pe", "com.pg", "com.ph", "com.pk", "com.pr", "com.py", "com.qa",
    "com.sa", "com.sb", "com.sg", "com.sl", "com.sv", "com.tj", "com.tr", "com.tw", "com.ua",
    "com.uy", "com.vc", "com.vn", "cv", "cz", "de", "dj", "dk", "dm", "dz", "ee", "es", "fi", "fm",
    "fr", "ga", "ge", "gg", "gl", "gm", "gr", "gy", "hn", "hr", "ht", "hu", "ie", "im", "iq", "is",
    "it", "je", "jo", "kg", "ki", "kz", "la", "li", "lk", "lt", "lu", "lv", "md", "me", "mg", "mk",
    "ml", "mn", "mu", "mv", "mw", "ne", "nl", "no", "nr", "nu", "pl", "pn", "ps", "pt", "ro", "rs",
    "ru", "rw", "sc", "se", "sh", "si", "sk", "sm", "sn", "so", "sr", "st", "td", "tg", "tl", "tm",
    "tn", "to", "tt", "vu", "ws",
];

/// Whether `host` (with or without `www.`) is one of Google's search domains.
pub fn is_google_host(host: &str) -> bool {
    let host = host.strip_prefix("www.").unwrap_or(host);
    host.strip_prefix("google.")
        .is_some_and(|tld| GOOGLE_SEARCH_TLDS.binary_search(&tld).is_ok())
}

/// Whether `url` is a Google or Bing web results page.
pub fn is_results_page(url: &str) -> bool {
    let Some(page) = PageUrl::parse(url) else {
        return false;
    };
    let host = page.host_for_matching();
    let bing = host.strip_prefix("www.").unwrap_or(host) == "bing.com";
    (is_google_host(host) || bing) && page.path == "/search"
}

/// Where a result link leads: Google's `/url?q=…` (or `url=`) wrapper
/// unwrapped, anything else as it is.
pub fn result_target(href: &str) -> String {
    let Ok(url) = url::Url::parse(href) else {
        return href.to_owned();
    };
    let on_google = url.host_str().is_some_and(is_google_host);
    if on_google && url.path() == "/url" {
        if let Some((_, target)) = url.query_pairs().find(|(k, _)| k == "q" || k == "url") {
            return target.into_owned();
        }
    }
    href.to_owned()
}

/// Per result link, the label to show beside it (the store's offer), or
/// `None`. No labels with notifications off; none for a muted site.
pub fn labels(
    engine: &Engine,
    settings: &Settings,
    hrefs: &[&str],
    now_ms: i64,
) -> Vec<Option<String>> {
    hrefs
        .iter()
        .take(MAX_RESULTS)
        .map(|href| {
            if !settings.notifications {
                return None;
            }
            let target = result_target(href);
            let page = engine.match_url(&target, None, now_ms)?;
            if settings.is_muted(&page.host) {
                return None;
            }
            let currency = engine.catalog().currency;
            Some(rewards::offer_text(page.offer, currency, engine.program()))
        })
        .collect()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn knows_google_and_bing_results_pages() {
        for url in [
            "https://www.google.com/search?q=coats",
            "https://www.google.co.jp/search?q=x",
            "https://google.de/search?q=x",
            "https://www.bing.com/search?q=coats",
        ] {
            assert!(is_results_page(url), "{url}");
        }
        for url in [
            "https://www.google.com/maps?q=x",
            "https://www.google.com.evil.example/search?q=x",
            "https://www.google.evil-example.com/search?q=x",
            "https://notgoogle.com/search?q=x",
            "https://www.bing.com/images/search?q=x",
            "https://www.macys.com/search?q=x",
            // google.<≤3>.<≤3> names anyone can register.
            "https://www.google.us.com/search?q=x",
            "https://google.ru.net/search?q=x",
            "https://www.google.uk.com/search?q=x",
            "https://www.google.co/search?q=x",
        ] {
            assert!(!is_results_page(url), "{url}");
        }
        for host in [
            "google.co.uk",
            "www.google.com.au",
            "google.cat",
            "google.co.za",
            "www.google.ws",
        ] {
            assert!(is_google_host(host), "{host}");
        }
    }

    #[test]
    fn the_google_list_is_sorted_for_its_search() {
        assert!(GOOGLE_SEARCH_TLDS.windows(2).all(|w| w[0] < w[1]));
        assert!(GOOGLE_SEARCH_TLDS.len() > 180);
    }

    #[test]
    fn unwraps_googles_redirects_only() {
        assert_eq!(
            result_target(
                "https://www.google.com/url?sa=t&q=https%3A%2F%2Fwww.macys.com%2Fshop&ved=1"
            ),
            "https://www.macys.com/shop"
        );
        assert_eq!(
            result_target("https://www.macys.com/url?q=https://evil.example/"),
            "https://www.macys.com/url?q=https://evil.example/"
        );
        assert_eq!(result_target("not a url"), "not a url");
        let lookalike = "https://www.google.us.com/url?q=https://www.macys.com/";
        assert_eq!(result_target(lookalike), lookalike);
    }

    #[test]
    fn labels_partner_results_unless_muted_or_quiet() {
        let json = serde_json::json!({ "schema": 1, "region": "US", "currency": "USD", "stores": [
            { "id": "macys", "name": "Macy's", "domains": ["macys.com"],
              "offer": { "kind": "percent", "rate": "6", "upTo": true } },
            { "id": "nike", "name": "Nike", "domains": ["nike.com"],
              "offer": { "kind": "percent", "rate": "5" } } ] });
        let engine = Engine::new(&json.to_string()).unwrap();
        let mut settings = Settings::default();
        let hrefs = [
            "https://www.macys.com/coats",
            "https://example.org/",
            "https://www.google.com/url?q=https://www.nike.com/",
            "https://macys.com.evil.example/",
        ];
        assert_eq!(
            labels(&engine, &settings, &hrefs, 0),
            vec![
                Some("Up to 6% Cash Back".to_owned()),
                None,
                Some("5% Cash Back".to_owned()),
                None
            ]
        );
        settings.mute("nike.com").unwrap();
        assert_eq!(labels(&engine, &settings, &hrefs, 0)[2], None);
        settings.notifications = false;
        assert!(labels(&engine, &settings, &hrefs, 0)
            .iter()
            .all(Option::is_none));
    }
}
