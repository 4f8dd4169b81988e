//! The numbered migrations of the stored document: each reads one version
//! whole and writes the next, so a shopper's trips from any earlier release
//! load in this one. A migration never drops data it does not understand:
//! it fails instead, and the loader keeps the original as a backup.

use super::SCHEMA_VERSION;
use serde_json::{Map, Value};

/// A migration reads a whole stored document of one version and writes the
/// next.
pub type Migration = fn(&str) -> Result<String, String>;

/// `MIGRATIONS[n]` turns a version `n + 1` document into version `n + 2`.
pub const MIGRATIONS: &[Migration] = &[v1_to_v2];

/// Version 2 keeps the stores ShopTrip stands down at beside the trips
/// (`standDowns`), so a stand-down outlives the worker; trips may carry
/// `landedMs`. Version 1 documents had neither: no stand-downs are known.
fn v1_to_v2(text: &str) -> Result<String, String> {
    let mut document: Map<String, Value> =
        serde_json::from_str(text).map_err(|e| format!("version 1 document unreadable: {e}"))?;
    if !document.get("trips").is_some_and(Value::is_array) {
        return Err("no list of trips".into());
    }
    document.insert("version".into(), Value::from(2));
    document.insert("standDowns".into(), Value::Array(Vec::new()));
    serde_json::to_string(&document).map_err(|e| e.to_string())
}

/// Brings a stored document to [`SCHEMA_VERSION`].
pub fn migrate(text: &str) -> Result<String, String> {
    let whole: Value = serde_json::from_str(text).map_err(|e| format!("not JSON ({e})"))?;
    let version = whole
        .as_object()
        .and_then(|o| o.get("version"))
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
    let mut document = text.to_owned();
    for step in &MIGRATIONS[(version - 1) as usize..] {
        document = step(&document)?;
    }
    Ok(document)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn there_is_one_migration_per_version_step() {
        assert_eq!(MIGRATIONS.len() as u64, SCHEMA_VERSION - 1);
    }

    #[test]
    fn v1_gains_an_empty_stand_down_list_and_keeps_every_trip_field() {
        let v1 = r#"{"version":1,"trips":[{"id":"a","extra":{"kept":true}}],"note":"x"}"#;
        let v2: Value = serde_json::from_str(&v1_to_v2(v1).unwrap()).unwrap();
        assert_eq!(v2["version"], 2);
        assert_eq!(v2["standDowns"], Value::Array(vec![]));
        assert_eq!(v2["trips"][0]["extra"]["kept"], true);
        assert_eq!(v2["note"], "x");
    }

    #[test]
    fn v1_without_a_trip_list_fails_rather_than_guess() {
        assert!(v1_to_v2(r#"{"version":1,"trips":{}}"#).is_err());
        assert!(v1_to_v2(r#"{"version":1}"#).is_err());
    }

    #[test]
    fn the_chain_runs_from_any_version_and_refuses_the_future() {
        let from_v1 = migrate(r#"{"version":1,"trips":[]}"#).unwrap();
        assert!(from_v1.contains("\"standDowns\":[]"));
        let current = r#"{"version":2,"trips":[],"standDowns":[]}"#;
        assert_eq!(migrate(current).unwrap(), current);
        assert!(migrate(r#"{"version":3,"trips":[]}"#)
            .unwrap_err()
            .contains("newer ShopTrip"));
        assert!(migrate(r#"{"version":0}"#).is_err());
        assert!(migrate("[1]").unwrap_err().contains("no version"));
        assert!(migrate(r#"{"version":"1"}"#).is_err());
    }
}
