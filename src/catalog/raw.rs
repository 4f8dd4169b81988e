//! The catalog as written (CATALOG.md, schema 1), before validation. Fields
//! are optional here so that a missing one is reported by name, with the rest
//! of the catalog's problems, instead of stopping the parse at the first.
//!
//! serde reads a well-formed document in one pass into these types,
//! borrowing every string that has no escapes: a catalog of 100,000 stores
//! is read without copying its ids, names and domains. A document with a
//! field of the wrong type is read again store by store (`validate.rs`), so
//! that every such field is named.

use crate::document::{object, StrictValue};
use serde::de::Visitor;
use serde::{Deserialize, Deserializer};
use std::borrow::Cow;
use std::fmt;

/// The whole document.
#[derive(Debug, Default, Deserialize)]
pub struct RawDocument<'a> {
    pub schema: Option<SchemaText>,
    pub region: Option<String>,
    pub currency: Option<String>,
    pub updated: Option<String>,
    #[serde(borrow, default, deserialize_with = "object::optional_list")]
    pub stores: Option<Vec<RawStore<'a>>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RawStore<'a> {
    #[serde(borrow)]
    pub id: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub name: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub domains: Option<Vec<Cow<'a, str>>>,
    #[serde(borrow, default, deserialize_with = "object::optional")]
    pub offer: Option<RawOffer<'a>>,
    #[serde(borrow, default, deserialize_with = "object::optional_list")]
    pub categories: Option<Vec<RawCategory<'a>>>,
    #[serde(borrow, default, deserialize_with = "object::optional_list")]
    pub boosts: Option<Vec<RawBoost<'a>>>,
    pub exclusions: Option<Vec<String>>,
    #[serde(default, deserialize_with = "object::optional_list")]
    pub coupons: Option<Vec<RawCoupon>>,
    pub tracking: Option<String>,
    #[serde(default, deserialize_with = "object::optional")]
    pub order_page: Option<RawOrderPage>,
    pub membership_rewards: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
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

#[derive(Debug, Deserialize)]
pub struct RawCategory<'a> {
    pub name: Option<String>,
    #[serde(borrow, default, deserialize_with = "object::optional")]
    pub offer: Option<RawOffer<'a>>,
}

#[derive(Debug, Deserialize)]
pub struct RawBoost<'a> {
    #[serde(borrow, default, deserialize_with = "object::optional")]
    pub offer: Option<RawOffer<'a>>,
    pub from: Option<String>,
    pub until: Option<String>,
    pub label: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct RawCoupon {
    pub code: Option<String>,
    pub description: Option<String>,
    pub expires: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct RawOrderPage {
    pub path: Option<String>,
    pub subtotal: Option<String>,
}

/// A decimal written either as a JSON string (`"6.5"`) or a number (`6.5`),
/// kept as text so that the validator reads it without rounding through a
/// float. A number is kept as serde_json reads it: exactly for integers, as
/// the shortest text that reads back as the same double for fractions
/// (`6.50` is kept as `6.5`), which is the number as written for any rate
/// with fewer than 16 digits.
#[derive(Debug, PartialEq, Eq)]
pub struct DecimalText<'a>(pub Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for DecimalText<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DecimalVisitor;
        impl<'de> Visitor<'de> for DecimalVisitor {
            type Value = DecimalText<'de>;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a decimal number or a string holding one")
            }

            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(DecimalText(Cow::Borrowed(v)))
            }

            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(DecimalText(Cow::Owned(v.to_owned())))
            }

            fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
                Ok(DecimalText(Cow::Owned(v.to_string())))
            }

            fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
                Ok(DecimalText(Cow::Owned(v.to_string())))
            }

            fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
                // serde_json's own formatter (ryu), not the standard
                // library's, which would add 18 KB of wasm for this alone.
                let text =
                    serde_json::Number::from_f64(v).map_or_else(String::new, |n| n.to_string());
                Ok(DecimalText(Cow::Owned(text)))
            }
        }
        deserializer.deserialize_any(DecimalVisitor)
    }
}

/// The schema as written: `1`, or `"1"` in quotes, to say what was found.
#[derive(Debug, PartialEq, Eq)]
pub struct SchemaText(pub String);

impl<'de> Deserialize<'de> for SchemaText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let StrictValue(value) = StrictValue::deserialize(deserializer)?;
        Ok(SchemaText(match value {
            serde_json::Value::Number(n) => n.to_string(),
            other => other.to_string(),
        }))
    }
}

/// Field problems of one store: `(field, message)`.
pub type FieldProblems = Vec<(String, String)>;
