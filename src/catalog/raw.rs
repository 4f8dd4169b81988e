//! The catalog as written (CATALOG.md, schema 1), before validation. Fields
//! are optional here so that a missing one is reported by name, with the rest
//! of the catalog's problems, instead of stopping the parse at the first.
//!
//! Two readers fill these types: the one-pass reader in `fast.rs` for the
//! common store shape, and [`RawStore::from_json`] over a parsed document
//! for everything else, which names each field of the wrong type.

use crate::json::{FieldReader, Json};
use std::borrow::Cow;

// Strings are borrowed from the document where they have no escapes: a
// catalog of 100,000 stores is read without copying its ids, names, domains.
#[derive(Debug, Default)]
pub struct RawStore<'a> {
    pub id: Option<Cow<'a, str>>,
    pub name: Option<Cow<'a, str>>,
    pub domains: Option<Vec<Cow<'a, str>>>,
    pub offer: Option<RawOffer<'a>>,
    pub categories: Option<Vec<RawCategory<'a>>>,
    pub boosts: Option<Vec<RawBoost<'a>>>,
    pub exclusions: Option<Vec<String>>,
    pub coupons: Option<Vec<RawCoupon>>,
    pub tracking: Option<String>,
    pub order_page: Option<RawOrderPage>,
    pub membership_rewards: Option<bool>,
}

#[derive(Debug, Default)]
pub struct RawOffer<'a> {
    pub kind: Option<Cow<'a, str>>,
    pub rate: Option<DecimalText<'a>>,
    pub up_to: Option<bool>,
    pub amount: Option<DecimalText<'a>>,
    pub points: Option<DecimalText<'a>>,
}

#[derive(Debug)]
pub struct RawCategory<'a> {
    pub name: Option<String>,
    pub offer: Option<RawOffer<'a>>,
}

#[derive(Debug)]
pub struct RawBoost<'a> {
    pub offer: Option<RawOffer<'a>>,
    pub from: Option<String>,
    pub until: Option<String>,
    pub label: Option<String>,
}

#[derive(Debug)]
pub struct RawCoupon {
    pub code: Option<String>,
    pub description: Option<String>,
    pub expires: Option<String>,
}

#[derive(Debug)]
pub struct RawOrderPage {
    pub path: Option<String>,
    pub subtotal: Option<String>,
}

/// A decimal written either as a JSON string (`"6.5"`) or a number (`6.5`),
/// kept as its text so it is never rounded through a float.
#[derive(Debug, PartialEq, Eq)]
pub struct DecimalText<'a>(pub Cow<'a, str>);

/// Field problems of one store: `(field, message)`.
pub type FieldProblems = Vec<(String, String)>;

impl<'a> RawStore<'a> {
    /// Reads a store from its JSON value. Every field of the wrong type is
    /// reported, with its path (`categories[1].offer.rate`); the store is
    /// refused if there is any.
    pub fn from_json(value: &Json<'a>) -> Result<RawStore<'a>, FieldProblems> {
        let Some(mut r) = FieldReader::new(value) else {
            return Err(vec![(
                String::new(),
                format!("a store must be an object, not {}", value.kind()),
            )]);
        };
        let mut nested = Vec::new();
        let store = RawStore {
            id: r.cow("id"),
            name: r.cow("name"),
            domains: r.strings("domains"),
            offer: r
                .field("offer", "an object", Some)
                .and_then(|v| offer(v, "offer", &mut nested)),
            categories: r.array("categories").map(|items| {
                list(items, "categories", &mut nested, |item, path, out| {
                    let mut c = FieldReader::new(item)?;
                    let category = RawCategory {
                        name: c.string("name"),
                        offer: c
                            .raw("offer")
                            .and_then(|o| offer(o, &format!("{path}.offer"), out)),
                    };
                    out.extend(prefixed(path, c.problems));
                    Some(category)
                })
            }),
            boosts: r.array("boosts").map(|items| {
                list(items, "boosts", &mut nested, |item, path, out| {
                    let mut b = FieldReader::new(item)?;
                    let boost = RawBoost {
                        offer: b
                            .raw("offer")
                            .and_then(|o| offer(o, &format!("{path}.offer"), out)),
                        from: b.string("from"),
                        until: b.string("until"),
                        label: b.string("label"),
                    };
                    out.extend(prefixed(path, b.problems));
                    Some(boost)
                })
            }),
            exclusions: r
                .strings("exclusions")
                .map(|v| v.into_iter().map(Cow::into_owned).collect()),
            coupons: r.array("coupons").map(|items| {
                list(items, "coupons", &mut nested, |item, path, out| {
                    let mut c = FieldReader::new(item)?;
                    let coupon = RawCoupon {
                        code: c.string("code"),
                        description: c.string("description"),
                        expires: c.string("expires"),
                    };
                    out.extend(prefixed(path, c.problems));
                    Some(coupon)
                })
            }),
            tracking: r.string("tracking"),
            order_page: r.field("orderPage", "an object", |v| {
                let mut o = FieldReader::new(v)?;
                let page = RawOrderPage {
                    path: o.string("path"),
                    subtotal: o.string("subtotal"),
                };
                nested.extend(prefixed("orderPage", o.problems));
                Some(page)
            }),
            membership_rewards: r.bool("membershipRewards"),
        };
        let mut problems = r.problems;
        problems.extend(nested);
        if problems.is_empty() {
            Ok(store)
        } else {
            Err(problems)
        }
    }
}

fn prefixed(path: &str, problems: FieldProblems) -> impl Iterator<Item = (String, String)> + '_ {
    problems
        .into_iter()
        .map(move |(field, message)| (format!("{path}.{field}"), message))
}

/// Each element of a list read by `read`; an element that is not an object
/// is reported at its index.
fn list<'j, 'a, T>(
    items: &'j [Json<'a>],
    field: &str,
    out: &mut FieldProblems,
    mut read: impl FnMut(&'j Json<'a>, &str, &mut FieldProblems) -> Option<T>,
) -> Vec<T> {
    let mut values = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let path = format!("{field}[{i}]");
        match read(item, &path, out) {
            Some(value) => values.push(value),
            None => out.push((path, format!("must be an object, not {}", item.kind()))),
        }
    }
    values
}

fn offer<'a>(value: &Json<'a>, path: &str, out: &mut FieldProblems) -> Option<RawOffer<'a>> {
    let Some(mut r) = FieldReader::new(value) else {
        out.push((
            path.to_owned(),
            format!("must be an object, not {}", value.kind()),
        ));
        return None;
    };
    let offer = RawOffer {
        kind: r.cow("kind"),
        rate: decimal(&mut r, "rate"),
        up_to: r.bool("upTo"),
        amount: decimal(&mut r, "amount"),
        points: decimal(&mut r, "points"),
    };
    out.extend(prefixed(path, r.problems));
    Some(offer)
}

fn decimal<'a>(r: &mut FieldReader<'_, 'a>, key: &str) -> Option<DecimalText<'a>> {
    r.field(
        key,
        "a decimal number or a string holding one",
        |v| match v {
            Json::String(s) => Some(DecimalText(s.clone())),
            Json::Number(n) => Some(DecimalText(Cow::Borrowed(*n))),
            _ => None,
        },
    )
}
