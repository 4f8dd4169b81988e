//! The numbered migrations of the stored document: each reads one version
//! whole and writes the next, so a shopper's trips from any earlier release
//! load in this one. A migration never drops data it does not understand:
//! it fails instead, and the loader keeps the original as a backup.

use super::SCHEMA_VERSION;
use serde_json::{Map, Value};

/// A migration takes a whole stored document of one version and returns the
/// next.
pub type Migration = fn(Value) -> Result<Value, String>;

/// `MIGRATIONS[n]` turns a version `n + 1` document into version `n + 2`.
pub const MIGRATIONS: &[Migration] = &[v1_to_v2, v2_to_v3, v3_to_v4, v4_to_v5, v5_to_v6];

/// The document's fields, if it is an object with a list of trips.
fn with_trips(document: Value, version: u64) -> Result<Map<String, Value>, String> {
    let Value::Object(fields) = document else {
        return Err(format!("version {version} document is not an object"));
    };
    if !fields.get("trips").is_some_and(Value::is_array) {
        return Err("no list of trips".into());
    }
    Ok(fields)
}

/// Version 2 keeps the stores ShopTrip stands down at beside the trips
/// (`standDowns`), so a stand-down outlives the worker; trips may carry
/// `landedMs`. Version 1 documents had neither: no stand-downs are known.
fn v1_to_v2(document: Value) -> Result<Value, String> {
    let mut fields = with_trips(document, 1)?;
    fields.insert("version".into(), 2.into());
    fields.insert("standDowns".into(), Value::Array(Vec::new()));
    Ok(Value::Object(fields))
}

/// Version 3 keeps the shopper's settings in the document. Version 2 had
/// none stored (every install ran on the defaults: cash back, US,
/// notifications on), so the defaults are written out.
fn v2_to_v3(document: Value) -> Result<Value, String> {
    let Value::Object(mut fields) = document else {
        return Err("version 2 document is not an object".into());
    };
    let defaults =
        serde_json::to_value(crate::settings::Settings::default()).map_err(|e| e.to_string())?;
    fields.insert("version".into(), 3.into());
    fields.insert("settings".into(), defaults);
    Ok(Value::Object(fields))
}

/// Version 4 trips may say that their tracking link failed
/// (`trackingFailure`) and that another affiliate referred the shopper
/// during the trip (`attributionLost`). No version 3 trip knew either, so
/// only the version changes; the new number keeps an older ShopTrip, which
/// would drop those fields on its next save, from reading the document.
fn v3_to_v4(document: Value) -> Result<Value, String> {
    let mut fields = with_trips(document, 3)?;
    fields.insert("version".into(), 4.into());
    Ok(Value::Object(fields))
}

/// Version 5 trips keep as their start URL only a page of their store (or
/// the store's front page). Trips stored before could hold any page the tab
/// showed when Shop Now was clicked in the popup's search: a webmail message,
/// a search with its terms. The catalog that tells a store's pages is not at
/// hand here, so each stored start URL is cut to its origin (no path, no
/// query) and marked `startUrlUnchecked`; the journal checks the marked ones
/// against the catalog once it is loaded (`TripBook::tidy_start_urls`). A
/// start URL that does not parse becomes empty.
fn v4_to_v5(document: Value) -> Result<Value, String> {
    let mut fields = with_trips(document, 4)?;
    if let Some(Value::Array(trips)) = fields.get_mut("trips") {
        for trip in trips.iter_mut().filter_map(Value::as_object_mut) {
            let Some(value) = trip.get_mut("startUrl") else {
                continue;
            };
            let origin = value
                .as_str()
                .and_then(|url| url::Url::parse(url).ok())
                .filter(|url| matches!(url.scheme(), "http" | "https"))
                .map(|url| format!("{}/", url.origin().ascii_serialization()))
                .unwrap_or_default();
            *value = Value::String(origin);
            trip.insert("startUrlUnchecked".into(), Value::Bool(true));
        }
    }
    fields.insert("version".into(), 5.into());
    Ok(Value::Object(fields))
}

/// Version 6 trips keep where Shop Now sent their tab (`sentTo`), which is
/// how the journal tells a trip's own redirect chain from another
/// affiliate's click on the same network host. No version 5 trip kept it,
/// so only the version changes (such a trip owns no arrival; a trip older
/// than its ten-second tracking window owns none anyway); the new number
/// keeps an older ShopTrip, which would drop the field, from reading it.
fn v5_to_v6(document: Value) -> Result<Value, String> {
    let mut fields = with_trips(document, 5)?;
    fields.insert("version".into(), 6.into());
    Ok(Value::Object(fields))
}

/// Brings a stored document to [`SCHEMA_VERSION`].
pub fn migrate(document: Value) -> Result<Value, String> {
    let version = document
        .get("version")
        .and_then(Value::as_u64)
        .ok_or("no version number")?;
    if version == 0 {
        return Err("version 0 does not exist".into());
    }
    if version > SCHEMA_VERSION {
        return Err(format!(
            "written by a newer ShopTrip (version {version}; this one reads up to {SCHEMA_VERSION})"
        ));
    }
    MIGRATIONS[(version - 1) as usize..]
        .iter()
        .try_fold(document, |doc, step| step(doc))
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::document::parse_strict;

    fn run(step: Migration, text: &str) -> Result<String, String> {
        step(parse_strict(text).unwrap()).map(|j| j.to_string())
    }

    fn chain(text: &str) -> Result<Value, String> {
        migrate(parse_strict(text).unwrap())
    }

    fn value(text: &str) -> Value {
        parse_strict(text).unwrap()
    }

    #[test]
    fn there_is_one_migration_per_version_step() {
        assert_eq!(MIGRATIONS.len() as u64, SCHEMA_VERSION - 1);
    }

    #[test]
    fn v1_gains_an_empty_stand_down_list_and_keeps_every_trip_field() {
        let v1 = r#"{"version":1,"trips":[{"id":"a","extra":{"kept":true}}],"note":"x"}"#;
        let v2: Value = serde_json::from_str(&run(v1_to_v2, v1).unwrap()).unwrap();
        assert_eq!(v2["version"], 2);
        assert_eq!(v2["standDowns"], Value::Array(vec![]));
        assert_eq!(v2["trips"][0]["extra"]["kept"], true);
        assert_eq!(v2["note"], "x");
    }

    #[test]
    fn v2_gains_the_default_settings_and_keeps_the_rest() {
        let v2 = r#"{"version":2,"trips":[{"id":"a"}],"standDowns":[{"storeId":"s"}]}"#;
        let v3: Value = serde_json::from_str(&run(v2_to_v3, v2).unwrap()).unwrap();
        assert_eq!(v3["version"], 3);
        assert_eq!(v3["settings"]["account"], "cash_back");
        assert_eq!(v3["settings"]["accountChosen"], false);
        assert_eq!(v3["settings"]["region"], "US");
        assert_eq!(v3["settings"]["notifications"], true);
        assert_eq!(v3["trips"][0]["id"], "a");
        assert_eq!(v3["standDowns"][0]["storeId"], "s");
        assert!(run(v2_to_v3, "[]").is_err());
    }

    #[test]
    fn v3_becomes_v4_with_every_field_kept() {
        let v3 = r#"{"version":3,"trips":[{"id":"a","landedMs":5,"extra":1}],"standDowns":[],"settings":{"region":"JP"}}"#;
        let v4: Value = serde_json::from_str(&run(v3_to_v4, v3).unwrap()).unwrap();
        assert_eq!(v4["version"], 4);
        assert_eq!(v4["trips"][0]["landedMs"], 5);
        assert_eq!(v4["trips"][0]["extra"], 1);
        assert_eq!(v4["settings"]["region"], "JP");
        assert!(v4["trips"][0].get("trackingFailure").is_none());
        assert!(run(v3_to_v4, r#"{"version":3,"trips":{}}"#).is_err());
        assert!(run(v3_to_v4, "[]").is_err());
    }

    #[test]
    fn v4_cuts_every_start_url_to_its_origin_and_marks_it_for_checking() {
        let v4 = r#"{"version":4,"trips":[
            {"id":"a","startUrl":"https://mail.example.com/inbox/message/123?token=secret#x","tabId":3},
            {"id":"b","startUrl":"https://www.macys.com:8443/shop/coats?id=1"},
            {"id":"c","startUrl":"not a url"},
            {"id":"d","startUrl":"javascript:alert(1)"},
            {"id":"e"}],"standDowns":[],"settings":{}}"#;
        let v5: Value = serde_json::from_str(&run(v4_to_v5, v4).unwrap()).unwrap();
        assert_eq!(v5["version"], 5);
        let trips = &v5["trips"];
        assert_eq!(trips[0]["startUrl"], "https://mail.example.com/");
        assert_eq!(trips[0]["tabId"], 3);
        assert_eq!(trips[0]["startUrlUnchecked"], true);
        assert_eq!(trips[1]["startUrl"], "https://www.macys.com:8443/");
        assert_eq!(trips[2]["startUrl"], "");
        assert_eq!(trips[3]["startUrl"], "");
        assert!(trips[4].get("startUrl").is_none(), "nothing invented");
        assert!(!v5.to_string().contains("secret"));
        assert!(run(v4_to_v5, r#"{"version":4}"#).is_err());
    }

    #[test]
    fn v5_becomes_v6_with_every_field_kept() {
        let v5 = r#"{"version":5,"trips":[{"id":"a","startUrl":"https://www.macys.com/","x":[1]}],"standDowns":[],"settings":{}}"#;
        let v6 = value(&run(v5_to_v6, v5).unwrap());
        assert_eq!(v6["version"], 6);
        assert_eq!(v6["trips"][0]["startUrl"], "https://www.macys.com/");
        assert_eq!(v6["trips"][0]["x"][0], 1);
        assert!(v6["trips"][0].get("sentTo").is_none());
        assert!(run(v5_to_v6, r#"{"version":5}"#).is_err());
    }

    #[test]
    fn v1_without_a_trip_list_fails_rather_than_guess() {
        assert!(run(v1_to_v2, r#"{"version":1,"trips":{}}"#).is_err());
        assert!(run(v1_to_v2, r#"{"version":1}"#).is_err());
    }

    #[test]
    fn the_chain_runs_from_any_version_and_refuses_the_future() {
        let from_v1 = chain(r#"{"version":1,"trips":[]}"#).unwrap();
        assert_eq!(from_v1["version"], 6);
        assert_eq!(from_v1["standDowns"], value("[]"));
        assert_eq!(from_v1["settings"]["account"], "cash_back");
        let current = r#"{"version":6,"trips":[],"standDowns":[],"settings":{}}"#;
        assert_eq!(chain(current).unwrap(), value(current));
        let from_v3 = r#"{"version":3,"trips":[],"standDowns":[],"settings":{}}"#;
        assert_eq!(chain(from_v3).unwrap(), value(current));
        assert!(chain(r#"{"version":7,"trips":[]}"#)
            .unwrap_err()
            .contains("newer ShopTrip"));
        assert!(chain(r#"{"version":0}"#).is_err());
        assert!(chain("[1]").unwrap_err().contains("no version"));
        assert!(chain(r#"{"version":"1"}"#).is_err());
    }
}
