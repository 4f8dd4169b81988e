//! A public suffix (`co.uk`, `com.au`, `github.io`, `blogspot.com`) is never
//! a store's domain: one such entry in a feed would put badges, the prompt
//! and order-page reads on every site under it.
//!
//! The rules are the Public Suffix List, ICANN and private sections, read by
//! the `publicsuffix` crate from the list's text. The extension ships that
//! text as a file (Debian's `publicsuffix` package, copied by `./build.sh`)
//! and hands it over only when it validates a feed, so none of it is on a
//! worker's cold start. Measured (wasm32, release, `wasm-opt -O3`, gzip -9):
//! the crate's parser adds about 9 KB to the wasm; the `psl` crate, with the
//! list compiled in, would add about 231 KB, more than the rest of the core.

use super::{Problem, Store};
use crate::document::quoted;
use publicsuffix::Psl;

pub use publicsuffix::List as SuffixList;

/// Reads the Public Suffix List from its text (`public_suffix_list.dat`).
pub fn parse_list(text: &str) -> Result<SuffixList, String> {
    let list: SuffixList = text
        .parse()
        .map_err(|e| format!("the Public Suffix List could not be read: {e}"))?;
    if list.is_empty() {
        return Err("the Public Suffix List is empty".into());
    }
    Ok(list)
}

/// Whether `host` (lower-case, punycode) is itself a public suffix.
pub fn is_public_suffix(list: &SuffixList, host: &str) -> bool {
    list.suffix(host.as_bytes())
        .is_some_and(|suffix| suffix.is_known() && suffix.as_bytes() == host.as_bytes())
}

/// A problem for every domain entry that is a public suffix.
pub fn problems(stores: &[Store], list: &SuffixList) -> Vec<Problem> {
    let mut found = Vec::new();
    for store in stores {
        for (i, entry) in store.domains.iter().enumerate() {
            if is_public_suffix(list, &entry.host) {
                found.push(Problem {
                    store: store.id.clone(),
                    field: format!("domains[{i}]"),
                    message: format!(
                        "{} is a public suffix: it would match every site under it",
                        quoted(&entry.host)
                    ),
                });
            }
        }
    }
    found
}

#[cfg(all(test, not(target_arch = "wasm32")))]
pub(crate) mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use serde_json::json;

    /// Debian's copy, which `./build.sh` installs (package `publicsuffix`).
    pub fn debian_list() -> SuffixList {
        let path = "/usr/share/publicsuffix/public_suffix_list.dat";
        let text = std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("{path}: {e} (./build.sh installs Debian's publicsuffix)"));
        parse_list(&text).unwrap()
    }

    fn catalog(domains: &[&str]) -> String {
        json!({ "schema": 1, "region": "US", "currency": "USD", "stores": [
            { "id": "shop", "name": "Shop", "domains": domains,
              "offer": { "kind": "percent", "rate": "5" } } ] })
        .to_string()
    }

    #[test]
    fn public_suffixes_are_refused_as_store_domains_and_shops_under_them_are_not() {
        let list = debian_list();
        let refused = Catalog::parse_with(
            &catalog(&[
                "co.uk",
                "github.io",
                "com.au",
                "blogspot.com",
                "example-shop.co.uk",
            ]),
            Some(&list),
        )
        .unwrap_err()
        .to_string();
        for (i, suffix) in ["co.uk", "github.io", "com.au", "blogspot.com"]
            .iter()
            .enumerate()
        {
            let want = format!("store shop: domains[{i}]: \"{suffix}\" is a public suffix");
            assert!(refused.contains(&want), "{want} in {refused}");
        }
        assert!(!refused.contains("example-shop.co.uk"), "{refused}");
        let accepted = Catalog::parse_with(
            &catalog(&["example-shop.co.uk", "shop.github.io"]),
            Some(&list),
        );
        assert!(accepted.is_ok(), "{accepted:?}");
        // Without a list (the bundled catalogs), nothing is looked up.
        assert!(Catalog::parse(&catalog(&["co.uk"])).is_ok());
    }

    #[test]
    fn wildcard_and_exception_rules_and_unicode_suffixes_count() {
        let list = debian_list();
        // `*.ck` makes every name under ck a suffix; `!www.ck` is the exception.
        assert!(is_public_suffix(&list, "anything.ck"));
        assert!(!is_public_suffix(&list, "www.ck"));
        // Unicode rules are matched in punycode, as the catalog keeps hosts.
        assert!(is_public_suffix(&list, "xn--55qx5d.cn"), "公司.cn");
        assert!(!is_public_suffix(&list, "macys.com"));
        assert!(
            !is_public_suffix(&list, "localhost"),
            "not in the list: not a known suffix"
        );
        assert!(parse_list("").is_err());
    }
}
