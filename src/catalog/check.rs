//! What `shoptrip-catalog check` tells a catalog's publisher, from the same
//! validator the extension runs: every problem, or the catalog's counts.

use super::suffixes::SuffixList;
use super::{Catalog, CatalogError, Problem};

/// What a valid catalog holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counts {
    pub stores: usize,
    pub domains: usize,
    /// Base offers and category offers.
    pub offers: usize,
    /// Boosts running at the time of the check.
    pub boosts_active: usize,
}

/// The check of a feed's text: refused with its problems, or its counts.
/// `region`, when given, must be the catalog's (the extension refuses a
/// feed for another region); `suffixes` refuses public suffixes as domains,
/// as the extension does for feeds.
pub fn check(
    json: &str,
    region: Option<&str>,
    suffixes: Option<&SuffixList>,
    now_ms: i64,
) -> Result<Counts, Vec<Problem>> {
    let catalog =
        Catalog::parse_with(json, suffixes).map_err(|CatalogError { problems }| problems)?;
    if let Some(wanted) = region.filter(|r| !r.eq_ignore_ascii_case(&catalog.region)) {
        return Err(vec![Problem {
            store: String::new(),
            field: "region".into(),
            message: format!("the catalog is for region {}, not {wanted}", catalog.region),
        }]);
    }
    Ok(Counts {
        stores: catalog.stores.len(),
        domains: catalog.stores.iter().map(|s| s.domains.len()).sum(),
        offers: catalog.stores.iter().map(|s| 1 + s.categories.len()).sum(),
        boosts_active: catalog
            .stores
            .iter()
            .flat_map(|s| &s.boosts)
            .filter(|b| b.from_ms <= now_ms && now_ms < b.until_ms)
            .count(),
    })
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn counts_a_good_catalog_and_lists_every_problem_of_a_bad_one() {
        let good = json!({ "schema": 1, "region": "US", "currency": "USD", "stores": [
            { "id": "a", "name": "A", "domains": ["a.example", "a.example/shop"],
              "offer": { "kind": "percent", "rate": "5" },
              "categories": [{ "name": "Shoes", "offer": { "kind": "percent", "rate": "2" } }],
              "boosts": [
                { "offer": { "kind": "percent", "rate": "1" }, "from": "2030-01-01T00:00:00Z", "until": "2030-01-02T00:00:00Z" },
                { "offer": { "kind": "percent", "rate": "1" }, "from": "2031-01-01T00:00:00Z", "until": "2031-01-02T00:00:00Z" }] } ] });
        let at = 1_893_499_200_000; // 2030-01-01T12:00:00Z
        assert_eq!(
            check(&good.to_string(), Some("us"), None, at),
            Ok(Counts {
                stores: 1,
                domains: 2,
                offers: 2,
                boosts_active: 1
            })
        );
        let wrong_region = check(&good.to_string(), Some("JP"), None, at).unwrap_err();
        assert_eq!(
            wrong_region[0].to_string(),
            "region: the catalog is for region US, not JP"
        );
        let bad = json!({ "schema": 1, "region": "US", "currency": "USD", "stores": [
            { "id": "Bad Id", "name": "x", "domains": ["x.example"], "offer": { "kind": "percent", "rate": "6" } },
            { "id": "two", "name": "Two", "domains": ["localhost"], "offer": { "kind": "percent", "rate": "101" } } ] });
        let problems = check(&bad.to_string(), None, None, at).unwrap_err();
        assert!(problems.len() >= 3, "{problems:?}");
    }
}
