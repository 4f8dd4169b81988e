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

/// Whether `url` is a Google or Bing web results page.
pub fn is_results_page(url: &str) -> bool {
    let Some(page) = PageUrl::parse(url) else {
        return false;
    };
    let host = page.host_for_matching();
    let host = host.strip_prefix("www.").unwrap_or(host);
    let google = host.strip_prefix("google.").is_some_and(|tld| {
        !tld.is_empty() && tld.split('.').all(|l| l.len() <= 3 && !l.is_empty())
    });
    (google || host == "bing.com") && page.path == "/search"
}

/// Where a result link leads: Google's `/url?q=…` (or `url=`) wrapper
/// unwrapped, anything else as it is.
pub fn result_target(href: &str) -> String {
    let Ok(url) = url::Url::parse(href) else {
        return href.to_owned();
    };
    let on_google = url
        .host_str()
        .map(|h| h.strip_prefix("www.").unwrap_or(h))
        .is_some_and(|h| h.starts_with("google."));
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
        ] {
            assert!(!is_results_page(url), "{url}");
        }
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
