//! The profile document as serde reads it: every field of the type
//! PUBLISHER.md gives, no field it does not name (a misspelt optional field
//! would otherwise be dropped without a word). [`super::Profile`] checks the
//! values.

use crate::document::object;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Profile {
    #[allow(dead_code)]
    pub schema: u64,
    pub id: String,
    pub name: String,
    pub homepage: String,
    pub support: String,
    pub privacy: String,
    #[serde(deserialize_with = "object::required")]
    pub brand: Brand,
    #[serde(default)]
    pub firefox_id: Option<String>,
    #[serde(deserialize_with = "object::list")]
    pub regions: Vec<Region>,
    #[serde(deserialize_with = "object::required")]
    pub programs: Programs,
    #[serde(default, deserialize_with = "object::optional")]
    pub account: Option<Account>,
    #[serde(default)]
    pub trips: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Brand {
    pub color: String,
    pub icon: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Region {
    pub region: String,
    pub currency: String,
    pub catalog: String,
    #[serde(default)]
    pub feed: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Programs {
    #[serde(default, deserialize_with = "object::optional")]
    pub cash_back: Option<Program>,
    #[serde(default, deserialize_with = "object::optional")]
    pub membership_rewards: Option<Program>,
    #[serde(default, deserialize_with = "object::optional")]
    pub points: Option<Program>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Program {
    #[serde(deserialize_with = "object::required")]
    pub payout: Payout,
    #[serde(default)]
    pub arrival_weeks: Option<[u32; 2]>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Payout {
    pub period: String,
    pub months_after: u32,
    pub day: u32,
    #[serde(default)]
    pub minimum_minor: Option<u64>,
    #[serde(default)]
    pub minimum_points: Option<u64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Account {
    pub authorize: String,
    pub token: String,
    pub revoke: String,
    pub client_id: String,
    #[serde(default)]
    pub scope: Option<String>,
}
