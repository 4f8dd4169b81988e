//! Raw catalog → validated [`Catalog`], collecting every problem on the way.

use super::raw::{self, RawBoost, RawDocument, RawOffer, RawStore};
use super::suffixes::SuffixList;
use super::{
    Boost, Catalog, CatalogError, Category, Coupon, DomainEntry, Offer, OrderPage, Problem, Store,
};
use crate::document::quoted;
use crate::document::{self, parse_strict};
use crate::money::{parse_scaled_decimal, Currency};
use crate::time::{parse_rfc3339, Date};
use rustc_hash::FxHashMap;
use serde::Deserialize;
use serde_json::Value;
use std::borrow::Cow;
use std::collections::hash_map::Entry;

pub const MAX_STORES: usize = 250_000;
const MAX_TEXT: usize = 500;
const MAX_LIST: usize = 1_000;

/// Problems found in one place, tagged with the store they concern.
struct Problems<'a> {
    store: &'a str,
    found: &'a mut Vec<Problem>,
    /// The last tracking template found valid: stores of one feed nearly
    /// all share one, and checking it means parsing a URL.
    good_template: &'a mut Option<String>,
}

impl Problems<'_> {
    fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.found.push(Problem {
            store: self.store.to_owned(),
            field: field.into(),
            message: message.into(),
        });
    }
}

/// A document serde read whole: every field of the type it should be.
pub fn document(doc: RawDocument, suffixes: Option<&SuffixList>) -> Result<Catalog, CatalogError> {
    check_schema_text(doc.schema.as_ref().map(|s| s.0.as_str()))?;
    let mut found = Vec::new();
    let header = header(doc.region, doc.currency, doc.updated, &mut found);
    let stores = doc.stores.unwrap_or_default().into_iter().map(Ok).collect();
    finish(header, stores, found, suffixes)
}

/// A document serde could not read whole: parsed into a tree, then read
/// store by store, naming every field of the wrong type along with
/// everything else.
pub fn general(json: &str, suffixes: Option<&SuffixList>) -> Result<Catalog, CatalogError> {
    let doc = parse_strict(json).map_err(|e| CatalogError::single("", not_json(e)))?;
    let Value::Object(top) = &doc else {
        return Err(CatalogError::single(
            "",
            format!(
                "the catalog must be a JSON object, not {}",
                document::kind(&doc)
            ),
        ));
    };
    let schema = top.get("schema").map(|v| match v {
        Value::Number(n) => n.to_string(),
        other => other.to_string(),
    });
    check_schema_text(schema.as_deref())?;
    let mut found = Vec::new();
    let mut text = |key: &str| match top.get(key) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(other) => {
            let message = format!("must be a string, not {}", document::kind(other));
            push(&mut found, "", key, &message);
            None
        }
    };
    let (region, currency, updated) = (text("region"), text("currency"), text("updated"));
    let items = match top.get("stores") {
        None | Some(Value::Null) => &[][..],
        Some(Value::Array(items)) => items.as_slice(),
        Some(other) => {
            let message = format!("must be an array of stores, not {}", document::kind(other));
            push(&mut found, "", "stores", &message);
            &[][..]
        }
    };
    let header = header(region, currency, updated, &mut found);
    // Each store is read from its own text, by the same reader as a
    // well-formed document's stores (one copy of its code in the wasm).
    let texts: Vec<String> = items.iter().map(Value::to_string).collect();
    let stores = texts
        .iter()
        .zip(items)
        .enumerate()
        .map(|(index, (text, item))| {
            serde_json::from_str::<RawStore>(text).map_err(|_| {
                let label = item
                    .get("id")
                    .and_then(Value::as_str)
                    .filter(|id| is_valid_id(id))
                    .map_or_else(|| format!("stores[{index}]"), str::to_owned);
                (label, store_problems(item))
            })
        })
        .collect();
    finish(header, stores, found, suffixes)
}

fn not_json(why: String) -> String {
    if why.starts_with("not valid JSON") || why.contains("repeats the key") {
        why
    } else {
        format!("not valid JSON: {why}")
    }
}

/// Every field of the wrong type in a store that serde refused. serde stops
/// at the first, so each one found is set to `null` (or, where an object
/// must be, to `{}`) and the store is read again.
fn store_problems(store: &Value) -> raw::FieldProblems {
    if !store.is_object() {
        return vec![(
            String::new(),
            format!("a store must be an object, not {}", document::kind(store)),
        )];
    }
    let mut store = store.clone();
    let mut problems: raw::FieldProblems = Vec::new();
    // Each round takes out one wrong value, and a store has finitely many;
    // the bound is for safety only.
    for _ in 0..1024 {
        let refusal = match document::read::<StoreCheck>(&store.to_string()) {
            Ok(_) => break,
            Err(refusal) => refusal,
        };
        let Some(slot) = document::node_at(&mut store, &refusal.at) else {
            problems.push((refusal.path, refusal.message));
            break;
        };
        match slot {
            Value::Null => *slot = Value::Object(Default::default()),
            // Neither null nor an empty object would do: nothing more can
            // be learnt from this store.
            Value::Object(fields) if fields.is_empty() => break,
            _ => {
                *slot = Value::Null;
                problems.push((refusal.path, refusal.message));
            }
        }
    }
    problems
}

/// Reads a [`RawStore`] and drops it: whether a tree that changes between
/// reads is a readable store.
struct StoreCheck;

impl<'de> Deserialize<'de> for StoreCheck {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        RawStore::deserialize(deserializer).map(|_| StoreCheck)
    }
}

fn push(found: &mut Vec<Problem>, store: &str, field: &str, message: &str) {
    found.push(Problem {
        store: store.into(),
        field: field.into(),
        message: message.into(),
    });
}

fn check_schema_text(schema: Option<&str>) -> Result<(), CatalogError> {
    match schema {
        Some("1") => Ok(()),
        Some(v) => Err(CatalogError::single(
            "schema",
            format!("schema {v} is not supported: this version of ShopTrip reads schema 1"),
        )),
        None => Err(CatalogError::single(
            "schema",
            "missing: this version of ShopTrip reads schema 1",
        )),
    }
}

struct Header {
    region: String,
    currency: Option<Currency>,
    updated: Option<Date>,
}

fn header(
    region: Option<String>,
    currency: Option<String>,
    updated: Option<String>,
    found: &mut Vec<Problem>,
) -> Header {
    let region = match region {
        Some(r) if r.len() == 2 && r.bytes().all(|b| b.is_ascii_uppercase()) => r,
        Some(r) => {
            push(
                found,
                "",
                "region",
                &format!("{} is not an ISO 3166-1 alpha-2 code", quoted(&r)),
            );
            String::new()
        }
        None => {
            push(found, "", "region", "missing");
            String::new()
        }
    };
    let currency = match currency {
        Some(c) => {
            let parsed = Currency::from_code(&c);
            if parsed.is_none() {
                push(
                    found,
                    "",
                    "currency",
                    &format!("{} is not an ISO 4217 currency code", quoted(&c)),
                );
            }
            parsed
        }
        None => {
            push(found, "", "currency", "missing");
            None
        }
    };
    let updated = updated.and_then(|u| {
        let date = Date::parse(&u);
        if date.is_none() {
            push(
                found,
                "",
                "updated",
                &format!("{} is not a YYYY-MM-DD date", quoted(&u)),
            );
        }
        date
    });
    Header {
        region,
        currency,
        updated,
    }
}

/// A store that could not be read, with its label and each field's problem.
type Unreadable = (String, raw::FieldProblems);

fn finish(
    header: Header,
    raw_stores: Vec<Result<RawStore<'_>, Unreadable>>,
    mut found: Vec<Problem>,
    suffixes: Option<&SuffixList>,
) -> Result<Catalog, CatalogError> {
    if raw_stores.is_empty() {
        push(
            &mut found,
            "",
            "stores",
            "a catalog needs at least one store",
        );
    }
    if raw_stores.len() > MAX_STORES {
        let message = format!("{} stores; the limit is {MAX_STORES}", raw_stores.len());
        push(&mut found, "", "stores", &message);
        return Err(CatalogError { problems: found });
    }
    let currency = header.currency.unwrap_or(Currency::USD);
    let mut stores = Vec::with_capacity(raw_stores.len());
    let mut good_template = None;
    // Where each accepted store stood in the document, for messages.
    let mut positions = Vec::with_capacity(raw_stores.len());
    for (index, raw) in raw_stores.into_iter().enumerate() {
        let raw = match raw {
            Ok(raw) => raw,
            Err((label, problems)) => {
                for (field, message) in problems {
                    push(&mut found, &label, &field, &message);
                }
                continue;
            }
        };
        let label: Cow<str> = match &raw.id {
            Some(id) if is_valid_id(id) => id.clone(),
            _ => Cow::Owned(format!("stores[{index}]")),
        };
        let mut problems = Problems {
            store: &label,
            found: &mut found,
            good_template: &mut good_template,
        };
        if let Some(store) = store(raw, currency, &mut problems) {
            stores.push(store);
            positions.push(index);
        }
    }
    found.extend(duplicates(&stores, &positions));
    if let Some(list) = suffixes {
        found.extend(super::suffixes::problems(&stores, list));
    }
    if !found.is_empty() {
        return Err(CatalogError { problems: found });
    }
    Ok(Catalog {
        region: header.region,
        currency,
        updated: header.updated,
        stores,
    })
}

/// Ids used twice, and entries claimed twice, across the valid stores.
fn duplicates(stores: &[Store], positions: &[usize]) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut ids: FxHashMap<&str, usize> =
        FxHashMap::with_capacity_and_hasher(stores.len(), Default::default());
    let mut claims: FxHashMap<(&str, &str), usize> =
        FxHashMap::with_capacity_and_hasher(stores.len(), Default::default());
    let problem = |store: &Store, field: &str, message: String| Problem {
        store: store.id.clone(),
        field: field.into(),
        message,
    };
    for (i, store) in stores.iter().enumerate() {
        if let Some(first) = ids.insert(&store.id, positions[i]) {
            problems.push(problem(
                store,
                "id",
                format!("the same id as stores[{first}]"),
            ));
        }
        for entry in &store.domains {
            match claims.entry((&entry.host, &entry.path)) {
                Entry::Vacant(slot) => {
                    slot.insert(i);
                }
                Entry::Occupied(slot) if *slot.get() == i => {
                    problems.push(problem(
                        store,
                        "domains",
                        format!("{entry} is listed twice"),
                    ));
                }
                Entry::Occupied(slot) => {
                    let other = &stores[*slot.get()].id;
                    let message = format!(
                        "{entry} is claimed by both {} and {}",
                        quoted(other),
                        quoted(&store.id)
                    );
                    problems.push(problem(store, "domains", message));
                }
            }
        }
    }
    problems
}

fn is_valid_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn text<S: AsRef<str> + Into<String>>(
    field: &str,
    value: Option<S>,
    required: bool,
    p: &mut Problems,
) -> String {
    let value: Option<String> = value.map(Into::into);
    let Some(v) = value else {
        if required {
            p.add(field, "missing");
        }
        return String::new();
    };
    // Most text is ASCII: byte checks then, the char walk only otherwise.
    let (too_long, control) = if v.is_ascii() {
        (v.len() > MAX_TEXT, v.bytes().any(|b| b < 0x20 || b == 0x7f))
    } else {
        (
            v.chars().count() > MAX_TEXT,
            v.chars().any(char::is_control),
        )
    };
    if required && v.trim().is_empty() {
        p.add(field, "must not be empty");
    } else if too_long {
        p.add(field, format!("longer than {MAX_TEXT} characters"));
    } else if control {
        p.add(field, "contains control characters");
    }
    v
}

fn store(raw: RawStore, currency: Currency, p: &mut Problems) -> Option<Store> {
    let before = p.found.len();
    let id = raw.id.map(Cow::into_owned).unwrap_or_default();
    if !is_valid_id(&id) {
        p.add(
            "id",
            format!("{} must match [a-z0-9-]{{1,64}}", quoted(&id)),
        );
    }
    let name = text("name", raw.name, true, p);
    let domains = domains(raw.domains, p);
    let offer = match raw.offer {
        Some(o) => parse_offer("offer", o, currency, p),
        None => {
            p.add("offer", "missing");
            None
        }
    };
    let categories = list("categories", raw.categories, p)
        .into_iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let field = format!("categories[{i}]");
            let name = text(&format!("{field}.name"), c.name, true, p);
            let offer = match c.offer {
                Some(o) => parse_offer(&format!("{field}.offer"), o, currency, p)?,
                None => {
                    p.add(format!("{field}.offer"), "missing");
                    return None;
                }
            };
            Some(Category { name, offer })
        })
        .collect();
    let boosts = list("boosts", raw.boosts, p)
        .into_iter()
        .enumerate()
        .filter_map(|(i, b)| boost(i, b, offer, currency, p))
        .collect();
    let exclusions = list("exclusions", raw.exclusions, p)
        .into_iter()
        .enumerate()
        .map(|(i, e)| text(&format!("exclusions[{i}]"), Some(e), true, p))
        .collect();
    let coupons = list("coupons", raw.coupons, p)
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            let field = format!("coupons[{i}]");
            let code = text(&format!("{field}.code"), c.code, true, p);
            let description = text(&format!("{field}.description"), c.description, false, p);
            let expires = c.expires.and_then(|e| {
                let date = Date::parse(&e);
                if date.is_none() {
                    p.add(
                        format!("{field}.expires"),
                        format!("{} is not a YYYY-MM-DD date", quoted(&e)),
                    );
                }
                date
            });
            Coupon {
                code,
                description,
                expires,
            }
        })
        .collect();
    let tracking = raw.tracking.filter(|t| tracking_template_ok(t, p));
    let order_page = raw.order_page.map(|o| {
        let path = o.path.unwrap_or_default();
        if !path.starts_with('/') {
            p.add(
                "orderPage.path",
                format!("{} must start with /", quoted(&path)),
            );
        }
        let subtotal_selector = text("orderPage.subtotal", o.subtotal, true, p);
        OrderPage {
            path,
            subtotal_selector,
        }
    });
    if p.found.len() != before {
        return None;
    }
    Some(Store {
        id,
        name,
        domains,
        offer: offer?,
        categories,
        boosts,
        exclusions,
        coupons,
        tracking,
        order_page,
        membership_rewards: raw.membership_rewards.unwrap_or(true),
    })
}

fn list<T>(field: &str, items: Option<Vec<T>>, p: &mut Problems) -> Vec<T> {
    let items = items.unwrap_or_default();
    if items.len() > MAX_LIST {
        p.add(field, format!("more than {MAX_LIST} entries"));
        return Vec::new();
    }
    items
}

fn domains<S: AsRef<str>>(raw: Option<Vec<S>>, p: &mut Problems) -> Vec<DomainEntry> {
    let raw = raw.unwrap_or_default();
    if raw.is_empty() {
        p.add("domains", "a store needs at least one domain");
    }
    list("domains", Some(raw), p)
        .iter()
        .enumerate()
        .filter_map(|(i, d)| match DomainEntry::parse(d.as_ref()) {
            Ok(entry) => Some(entry),
            Err(why) => {
                p.add(format!("domains[{i}]"), why);
                None
            }
        })
        .collect()
}

fn parse_offer(field: &str, raw: RawOffer, currency: Currency, p: &mut Problems) -> Option<Offer> {
    let kind = raw.kind.as_deref().unwrap_or("");
    let parsed = match kind {
        "percent" => {
            let rate = raw.rate.as_ref().map_or("", |r| &r.0);
            match parse_scaled_decimal(rate, 2) {
                Ok(bps) if (1..=10_000).contains(&bps) => Ok(Offer::Percent {
                    rate_bps: bps as u32,
                    up_to: raw.up_to.unwrap_or(false),
                }),
                Ok(_) => Err(format!("rate {rate} must be above 0 and at most 100")),
                Err(why) => Err(format!("rate: {why}")),
            }
        }
        "flat" => {
            let amount = raw.amount.as_ref().map_or("", |a| &a.0);
            match parse_scaled_decimal(amount, currency.minor_digits) {
                Ok(0) => Err("amount must be above 0".into()),
                Ok(minor) => Ok(Offer::Flat {
                    amount_minor: minor,
                }),
                Err(why) => Err(format!("amount ({}): {why}", currency.code)),
            }
        }
        "points" if currency.code != "JPY" => {
            Err("points offers are for JPY catalogs (1 point = ¥1)".into())
        }
        "points" => {
            let points = raw.points.as_ref().map_or("", |a| &a.0);
            match parse_scaled_decimal(points, 0) {
                Ok(0) => Err("points must be above 0".into()),
                Ok(points) => Ok(Offer::Points { points }),
                Err(why) => Err(format!("points: {why}")),
            }
        }
        other => Err(format!(
            "kind {} is not one of \"percent\", \"flat\", \"points\"",
            quoted(other)
        )),
    };
    parsed.map_err(|why| p.add(field, why)).ok()
}

fn boost(
    index: usize,
    raw: RawBoost,
    base: Option<Offer>,
    currency: Currency,
    p: &mut Problems,
) -> Option<Boost> {
    let field = format!("boosts[{index}]");
    let rate_bps = match raw
        .offer
        .and_then(|o| parse_offer(&format!("{field}.offer"), o, currency, p))
    {
        Some(Offer::Percent { rate_bps, .. }) => rate_bps,
        Some(_) => {
            p.add(
                format!("{field}.offer"),
                "a boost adds a percentage: kind must be \"percent\"",
            );
            return None;
        }
        None => return None,
    };
    if !matches!(base, Some(Offer::Percent { .. }) | None) {
        p.add(field.clone(), "only a percentage offer can be boosted");
    }
    let mut time = |name: &str, value: Option<String>| {
        let value = value.unwrap_or_default();
        let parsed = parse_rfc3339(&value);
        if parsed.is_none() {
            p.add(
                format!("{field}.{name}"),
                format!("{} is not an RFC 3339 time", quoted(&value)),
            );
        }
        parsed
    };
    let from_ms = time("from", raw.from);
    let until_ms = time("until", raw.until);
    let (from_ms, until_ms) = (from_ms?, until_ms?);
    if from_ms >= until_ms {
        p.add(field.clone(), "until must be later than from");
        return None;
    }
    let label = text(&format!("{field}.label"), raw.label, false, p);
    Some(Boost {
        rate_bps,
        from_ms,
        until_ms,
        label,
    })
}

const PLACEHOLDERS: [&str; 3] = ["{store}", "{trip}", "{url}"];

fn tracking_template_ok(template: &str, p: &mut Problems) -> bool {
    if p.good_template.as_deref() == Some(template) {
        return true;
    }
    let mut probe = template.to_owned();
    for placeholder in PLACEHOLDERS {
        probe = probe.replace(placeholder, "x");
    }
    let problem = if probe.contains(['{', '}']) {
        Some("only {store}, {trip} and {url} may be replaced".to_owned())
    } else if crate::page_url::plain_https_host(&probe).is_some() {
        None
    } else {
        match url::Url::parse(&probe) {
            Ok(u) if u.scheme() == "https" && u.host().is_some() => None,
            Ok(_) => Some("must be an https URL".to_owned()),
            Err(e) => Some(format!("not a valid URL ({e})")),
        }
    };
    if let Some(why) = problem {
        p.add("tracking", format!("{}: {why}", quoted(template)));
        return false;
    }
    *p.good_template = Some(template.to_owned());
    true
}
