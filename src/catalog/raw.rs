//! The catalog as written (CATALOG.md, schema 1), before validation. Fields
//! are optional here so that a missing one is reported by name, with the rest
//! of the catalog's problems, instead of stopping the parse at the first.

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;
use std::borrow::Cow;

// Strings are borrowed from the document where they have no escapes: a
// catalog of 100,000 stores is read without copying its ids, names, domains.
#[derive(Deserialize)]
pub struct RawCatalog<'a> {
    pub schema: Option<Box<RawValue>>,
    pub region: Option<String>,
    pub currency: Option<String>,
    pub updated: Option<String>,
    /// Read by [`super::fast::stores`], which falls back to serde per store.
    #[serde(borrow)]
    pub stores: Option<&'a RawValue>,
}

/// The top level read loosely, for the slow path that explains a catalog the
/// typed parse refused. Raw JSON text keeps every part parsed by the same
/// `serde_json` code as the fast path (a second, `Value`-based deserializer
/// would double the catalog's code in the wasm).
#[derive(Deserialize)]
pub struct LooseCatalog {
    pub schema: Option<Box<RawValue>>,
    pub region: Option<Box<RawValue>>,
    pub currency: Option<Box<RawValue>>,
    pub updated: Option<Box<RawValue>>,
    pub stores: Option<Box<RawValue>>,
}

/// A store read loosely, to report each field of the wrong type.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LooseStore {
    pub id: Option<Box<RawValue>>,
    name: Option<Box<RawValue>>,
    domains: Option<Box<RawValue>>,
    offer: Option<Box<RawValue>>,
    categories: Option<Box<RawValue>>,
    boosts: Option<Box<RawValue>>,
    exclusions: Option<Box<RawValue>>,
    coupons: Option<Box<RawValue>>,
    tracking: Option<Box<RawValue>>,
    order_page: Option<Box<RawValue>>,
    membership_rewards: Option<Box<RawValue>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RawStore<'a> {
    #[serde(borrow)]
    pub id: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub name: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub domains: Option<Vec<Cow<'a, str>>>,
    #[serde(borrow)]
    pub offer: Option<RawOffer<'a>>,
    #[serde(borrow)]
    pub categories: Option<Vec<RawCategory<'a>>>,
    #[serde(borrow)]
    pub boosts: Option<Vec<RawBoost<'a>>>,
    pub exclusions: Option<Vec<String>>,
    pub coupons: Option<Vec<RawCoupon>>,
    pub tracking: Option<String>,
    pub order_page: Option<RawOrderPage>,
    pub membership_rewards: Option<bool>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RawOffer<'a> {
    #[serde(borrow)]
    pub kind: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub rate: Option<DecimalText<'a>>,
    pub up_to: Option<bool>,
    #[serde(borrow)]
    pub amount: Option<DecimalText<'a>>,
    #[serde(borrow)]
    pub points: Option<DecimalText<'a>>,
}

#[derive(Deserialize)]
pub struct RawCategory<'a> {
    pub name: Option<String>,
    #[serde(borrow)]
    pub offer: Option<RawOffer<'a>>,
}

#[derive(Deserialize)]
pub struct RawBoost<'a> {
    #[serde(borrow)]
    pub offer: Option<RawOffer<'a>>,
    pub from: Option<String>,
    pub until: Option<String>,
    pub label: Option<String>,
}

#[derive(Deserialize)]
pub struct RawCoupon {
    pub code: Option<String>,
    pub description: Option<String>,
    pub expires: Option<String>,
}

#[derive(Deserialize)]
pub struct RawOrderPage {
    pub path: Option<String>,
    pub subtotal: Option<String>,
}

/// A decimal written either as a JSON string (`"6.5"`) or a number (`6.5`),
/// kept as its text so it is never rounded through a float.
pub struct DecimalText<'a>(pub Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for DecimalText<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DecimalVisitor;
        impl<'de> Visitor<'de> for DecimalVisitor {
            type Value = DecimalText<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a decimal number or a string holding one")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<DecimalText<'de>, E> {
                Ok(DecimalText(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<DecimalText<'de>, E> {
                Ok(DecimalText(Cow::Owned(v.to_owned())))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<DecimalText<'de>, E> {
                Ok(DecimalText(Cow::Owned(v.to_string())))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<DecimalText<'de>, E> {
                Ok(DecimalText(Cow::Owned(v.to_string())))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<DecimalText<'de>, E> {
                // The shortest text that reads back as `v`: 6.5 → "6.5" (through
                // serde_json's own formatter, which the wasm has anyway).
                serde_json::to_string(&v)
                    .map(|t| DecimalText(Cow::Owned(t)))
                    .map_err(E::custom)
            }
        }
        deserializer.deserialize_any(DecimalVisitor)
    }
}

/// For a store the typed parse refused: which of its fields has the wrong
/// type, and why, one message per field.
pub fn field_type_problems(store: &str) -> Vec<(String, String)> {
    let Ok(loose) = serde_json::from_str::<LooseStore>(store) else {
        return vec![(String::new(), "a store must be a JSON object".into())];
    };
    let mut problems = Vec::new();
    let mut check = |field: &str, result: Result<(), serde_json::Error>| {
        if let Err(e) = result {
            problems.push((field.to_owned(), e.to_string()));
        }
    };
    fn typed<'a, T: Deserialize<'a>>(
        v: &'a Option<Box<RawValue>>,
    ) -> Result<(), serde_json::Error> {
        match v {
            Some(v) => serde_json::from_str::<T>(v.get()).map(drop),
            None => Ok(()),
        }
    }
    check("id", typed::<String>(&loose.id));
    check("name", typed::<String>(&loose.name));
    check("domains", typed::<Vec<String>>(&loose.domains));
    check("offer", typed::<RawOffer>(&loose.offer));
    check("categories", typed::<Vec<RawCategory>>(&loose.categories));
    check("boosts", typed::<Vec<RawBoost>>(&loose.boosts));
    check("exclusions", typed::<Vec<String>>(&loose.exclusions));
    check("coupons", typed::<Vec<RawCoupon>>(&loose.coupons));
    check("tracking", typed::<String>(&loose.tracking));
    check("orderPage", typed::<RawOrderPage>(&loose.order_page));
    check(
        "membershipRewards",
        typed::<bool>(&loose.membership_rewards),
    );
    problems
}
