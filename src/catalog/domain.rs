//! Catalog domain entries (`macys.com`, `bücher.de`, `example.com/shop/beauty`)
//! brought to the form page URLs are compared in: the host as the WHATWG host
//! parser gives it (lower case, punycode, no trailing dot) and a path prefix
//! as the URL parser would serialize it, without a trailing slash.
//!
//! Plain ASCII entries, nearly all of a real catalog, are checked directly;
//! anything else goes through the `url` crate's host parser, so an entry and a
//! page URL can never disagree about what a host is.

use crate::document::quoted;

/// A normalized domain entry.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct DomainEntry {
    pub host: String,
    /// Empty for "any path"; otherwise starts with `/` and has no trailing `/`.
    pub path: String,
}

/// The common entry, `shop.example.com`: lower-case letters, digits and
/// hyphens, two labels or more, none empty, no punycode, a last label that is
/// no number. Such an entry is its own normal form.
fn is_plain_lowercase_host(entry: &str) -> bool {
    let bytes = entry.as_bytes();
    let mut label_start = 0;
    let mut labels = 1;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'a'..=b'z' | b'0'..=b'9' | b'-' => {
                if i == label_start + 3 && &bytes[label_start..=i] == b"xn--" {
                    return false;
                }
            }
            b'.' if i > label_start => {
                label_start = i + 1;
                labels += 1;
            }
            _ => return false,
        }
    }
    let last = &bytes[label_start..];
    labels >= 2 && !last.is_empty() && !last[0].is_ascii_digit()
}

impl DomainEntry {
    pub fn parse(entry: &str) -> Result<DomainEntry, String> {
        if is_plain_lowercase_host(entry) {
            return Ok(DomainEntry {
                host: entry.to_owned(),
                path: String::new(),
            });
        }
        if entry.contains("://") {
            return Err(format!(
                "{}: write the host without a scheme",
                quoted(entry)
            ));
        }
        if entry.contains(['?', '#', '@', ':', ' ']) || entry.trim() != entry {
            return Err(format!(
                "{}: only a host and an optional path prefix are allowed",
                quoted(entry)
            ));
        }
        let (host_text, path_text) = match entry.find('/') {
            Some(i) => entry.split_at(i),
            None => (entry, ""),
        };
        let host = normalize_host(host_text).map_err(|why| format!("{}: {why}", quoted(entry)))?;
        let path = normalize_path(path_text).map_err(|why| format!("{}: {why}", quoted(entry)))?;
        Ok(DomainEntry { host, path })
    }
}

impl std::fmt::Display for DomainEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}", self.host, self.path)
    }
}

fn normalize_host(text: &str) -> Result<String, String> {
    if text.is_empty() {
        return Err("the host is empty".into());
    }
    let plain = text
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
        && !text.to_ascii_lowercase().contains("xn--");
    let host = if plain {
        text.to_ascii_lowercase()
    } else {
        match url::Host::parse(text) {
            Ok(url::Host::Domain(domain)) => domain,
            Ok(_) => return Err("an IP address cannot be a store".into()),
            Err(e) => return Err(format!("not a valid host name ({e})")),
        }
    };
    let host = host.strip_suffix('.').unwrap_or(&host).to_owned();
    let labels: Vec<&str> = host.split('.').collect();
    if labels.iter().any(|l| l.is_empty()) {
        return Err("a label is empty".into());
    }
    if labels.len() < 2 {
        return Err("a store domain needs at least two labels".into());
    }
    // WHATWG reads a host whose last label is a number (decimal or 0x hex)
    // as IPv4: such an entry is an address or invalid, never a store.
    let last = labels[labels.len() - 1];
    let hex = last
        .strip_prefix("0x")
        .or_else(|| last.strip_prefix("0X"))
        .is_some_and(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
    if plain && (hex || last.bytes().all(|b| b.is_ascii_digit())) {
        return Err("an IP address cannot be a store".into());
    }
    Ok(host)
}

fn normalize_path(text: &str) -> Result<String, String> {
    if text.is_empty() {
        return Ok(String::new());
    }
    let simple = text.bytes().all(|b| {
        b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'/' | b'-'
                    | b'_'
                    | b'~'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
            )
    }) && !text.contains("/.");
    let path = if simple {
        text.to_owned()
    } else {
        let parsed = url::Url::parse(&format!("http://h.example{text}"))
            .map_err(|e| format!("not a valid path ({e})"))?;
        parsed.path().to_owned()
    };
    Ok(path.trim_end_matches('/').to_owned())
}

/// Whether `path` (a URL's, starting with `/`) lies under the entry's prefix on
/// a segment boundary: `/shop/beauty` covers `/shop/beauty` and
/// `/shop/beauty/x`, not `/shop/beautyx`.
pub fn path_is_under(path: &str, prefix: &str) -> bool {
    match path.strip_prefix(prefix) {
        Some(rest) => rest.is_empty() || rest.starts_with('/'),
        None => false,
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn entry(text: &str) -> (String, String) {
        let e = DomainEntry::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        (e.host, e.path)
    }

    #[test]
    fn normalizes_hosts_like_a_browser() {
        assert_eq!(entry("macys.com").0, "macys.com");
        assert_eq!(entry("WWW.Macys.COM").0, "www.macys.com");
        assert_eq!(entry("macys.com.").0, "macys.com");
        assert_eq!(entry("bücher.de").0, "xn--bcher-kva.de");
        assert_eq!(entry("xn--bcher-kva.de").0, "xn--bcher-kva.de");
        assert_eq!(entry("XN--BCHER-KVA.DE").0, "xn--bcher-kva.de");
        assert_eq!(entry("ＭＡＣＹＳ.com").0, "macys.com");
        assert_eq!(entry("楽天.jp").0, "xn--rssv39a.jp");
    }

    #[test]
    fn normalizes_path_prefixes() {
        assert_eq!(
            entry("example.com/shop/beauty"),
            ("example.com".into(), "/shop/beauty".into())
        );
        assert_eq!(
            entry("example.com/shop/beauty/"),
            ("example.com".into(), "/shop/beauty".into())
        );
        assert_eq!(entry("example.com/"), ("example.com".into(), String::new()));
        assert_eq!(entry("example.com/a\"b").1, "/a%22b");
        assert_eq!(entry("example.com/a/./b/../c").1, "/a/c");
        assert_eq!(
            entry("example.com/カメラ").1,
            "/%E3%82%AB%E3%83%A1%E3%83%A9"
        );
    }

    #[test]
    fn refuses_what_cannot_be_a_store() {
        for bad in [
            "",
            "com",
            "localhost",
            ".com",
            "a..com",
            "1.2.3.4",
            "[::1]",
            "0x7f.1",
            "example.123",
            "https://macys.com",
            "macys.com:443",
            "user@macys.com",
            "macys.com?x",
            "macys.com#x",
            " macys.com",
            "xn--example-.com",
            "exa mple.com",
            "a<b.com",
        ] {
            assert!(DomainEntry::parse(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn the_plain_fast_path_agrees_with_the_full_normalization() {
        for entry in [
            "macys.com",
            "a.b",
            "x-1.shop.co.uk",
            "xn--bcher-kva.de",
            "a..b",
            "com",
            "1.2.3.4",
            "shop.123",
            "shop.9a",
            "-x.com",
            "Macys.com",
            "a.b.",
            ".a.b",
        ] {
            if is_plain_lowercase_host(entry) {
                let full = normalize_host(entry).expect("plain entries are valid");
                assert_eq!(full, entry, "{entry}");
            }
        }
        assert!(is_plain_lowercase_host("macys.com"));
        assert!(!is_plain_lowercase_host("xn--bcher-kva.de"));
        assert!(!is_plain_lowercase_host("shop.123"));
        assert!(!is_plain_lowercase_host("a..b"));
    }

    #[test]
    fn path_prefixes_hold_on_segment_boundaries() {
        assert!(path_is_under("/shop/beauty", "/shop/beauty"));
        assert!(path_is_under("/shop/beauty/x", "/shop/beauty"));
        assert!(!path_is_under("/shop/beautyx", "/shop/beauty"));
        assert!(!path_is_under("/shop", "/shop/beauty"));
        assert!(path_is_under("/anything", ""));
    }
}
