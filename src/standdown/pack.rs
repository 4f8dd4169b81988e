//! Policy packs in the JSON format of Rakuten's open-source
//! PublisherStandown-SDK (`schemaVersion` 2), read and validated.
//!
//! A pack is `{ "policies": [ … ] }` (an array of policies, or one policy, is
//! read too). Each policy names its network and lists rules; every field a
//! rule has must match (AND), and within `paths` or `params` any one entry
//! will do (OR). A policy or rule that is not valid is left out *and
//! reported*, with the pack, policy and rule it was; a pack with no usable
//! rule at all is refused.
//!
//! ShopTrip's own extension to schema 2: a policy's `network` may list
//! `cookieNames`, parts of the names of the first-party cookies that the
//! network's click leaves on the merchant's site (`"cje"`, `"lsclick_mid"`):
//! a store page whose host has a cookie whose name contains one of them was
//! reached through that network. Names only: values are never read. A policy
//! may carry cookie names and no rules. See `data/standdown/README.md`.

use super::pattern::Pattern;
use crate::document::quoted;
use crate::document::{self, parse_strict, StrictValue};
use serde::de::{SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::Value;
use std::fmt;

/// The SDK's default when a network gives no `sessionDuration`: 30 minutes.
pub const DEFAULT_SESSION_MS: u64 = 30 * 60 * 1000;
pub const MAX_PACK_BYTES: usize = 4 * 1024 * 1024;

#[derive(Debug, Clone)]
pub struct Network {
    pub id: String,
    pub name: String,
    pub session_ms: u64,
    /// `pack/policy`: the policy that named this network.
    pub origin: String,
    /// Parts of cookie names that say the network referred the shopper.
    pub cookie_names: Vec<String>,
}

/// The longest part of a cookie name a pack may give.
pub const MAX_COOKIE_PART: usize = 64;

/// A part of a cookie name as RFC 6265 allows a name: visible ASCII but
/// separators, 1 to [`MAX_COOKIE_PART`] characters.
pub fn is_cookie_name_part(part: &str) -> bool {
    (1..=MAX_COOKIE_PART).contains(&part.len())
        && part
            .bytes()
            .all(|b| b.is_ascii_graphic() && !b"()<>@,;:\\\"/[]?={}".contains(&b))
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub network: usize,
    pub domain: Option<String>,
    pub paths: Vec<String>,
    pub params: Vec<String>,
    pub pattern: Option<Pattern>,
    pub reason: String,
    /// Its place in its policy's `rules`: with the network's origin, what
    /// reports call the rule (built only then, so a start-up does not
    /// allocate a name for each of the 479 built-in rules).
    pub index: usize,
}

impl Rule {
    /// `pack/policy#rules[i]`, given the rule's network.
    pub fn origin(&self, network: &Network) -> String {
        format!("{}#rules[{}]", network.origin, self.index)
    }
}

/// What loading a pack left out or changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub origin: String,
    pub message: String,
}

impl std::fmt::Display for Notice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.origin, self.message)
    }
}

#[derive(Debug, Clone, Default)]
pub struct Pack {
    compile_now: bool,
    pub networks: Vec<Network>,
    pub rules: Vec<Rule>,
    pub notices: Vec<Notice>,
}

/// Packs compiled into the core are kept as lines of fields: what
/// [`Pack::parse_builtin`] read from the published JSON, in a form that
/// costs one pass and no JSON to read back, so that starting the core does
/// little for its own packs. `builtin.rs` is written from the JSON by the
/// tests, which also keep the two equal. A line is a network
/// (`N id name session_ms origin cookie_names`), a rule (`R network domain paths params
/// pattern required reason index`) or a notice (`! origin message`);
/// fields are separated by [`FIELD`], list items by [`ITEM`], and an absent
/// value is an empty field. In a pattern, numbers that count up one by one
/// through an alternation are kept as their first and last around [`RUN`].
pub const FIELD: char = '\u{1f}';
pub const ITEM: char = '\u{1e}';
/// Booking.com's rule lists 3,811 publisher ids, mostly in runs: as runs,
/// the built-in packs weigh 6 KB less gzipped in the wasm.
pub const RUN: char = '\u{1d}';

/// `12|13|14|15` → `12 RUN 15`: every run of three or more consecutive
/// numbers between `|`s. [`expand_runs`] gives the pattern back exactly.
pub(super) fn collapse_runs(pattern: &str) -> String {
    assert!(!pattern.contains(RUN), "a pattern holds the run separator");
    let number = |token: &str| -> Option<u64> {
        let canonical = !token.is_empty()
            && token.bytes().all(|b| b.is_ascii_digit())
            && (token == "0" || !token.starts_with('0'));
        canonical.then(|| token.parse().ok()).flatten()
    };
    let tokens: Vec<&str> = pattern.split('|').collect();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let mut last = i;
        if let Some(first) = number(tokens[i]) {
            while last + 1 < tokens.len()
                && matches!(
                    (number(tokens[last + 1]), first.checked_add((last + 1 - i) as u64)),
                    (Some(next), Some(expected)) if next == expected
                )
            {
                last += 1;
            }
        }
        if last - i >= 2 {
            out.push(format!("{}{RUN}{}", tokens[i], tokens[last]));
            i = last + 1;
        } else {
            out.push(tokens[i].to_owned());
            i += 1;
        }
    }
    out.join("|")
}

/// The pattern [`collapse_runs`] was given; `None` for a run that is not
/// two numbers counting up.
pub(super) fn expand_runs(field: &str) -> Option<String> {
    if !field.contains(RUN) {
        return Some(field.to_owned());
    }
    let mut out = String::with_capacity(field.len() * 4);
    for (i, token) in field.split('|').enumerate() {
        if i > 0 {
            out.push('|');
        }
        let Some((first, last)) = token.split_once(RUN) else {
            out.push_str(token);
            continue;
        };
        let end: u64 = last.parse().ok()?;
        let mut digits: Vec<u8> = first.bytes().collect();
        let mut n: u64 = first.parse().ok()?;
        if end <= n {
            return None;
        }
        loop {
            out.push_str(std::str::from_utf8(&digits).ok()?);
            if n == end {
                break;
            }
            out.push('|');
            n += 1;
            // Count up in decimal text: cheaper than formatting each number.
            let mut at = digits.len();
            loop {
                if at == 0 {
                    digits.insert(0, b'1');
                    break;
                }
                at -= 1;
                if digits[at] == b'9' {
                    digits[at] = b'0';
                } else {
                    digits[at] += 1;
                    break;
                }
            }
        }
    }
    Some(out)
}

impl Pack {
    /// A pack from the lines of `builtin.rs`; `None` if they are not in its
    /// form (the tests rule that out).
    pub fn from_lines(text: &str) -> Option<Pack> {
        let rules = text.bytes().filter(|&b| b == b'R').count();
        let mut pack = Pack {
            rules: Vec::with_capacity(rules),
            ..Pack::default()
        };
        let list = |field: &str| -> Vec<String> {
            match field {
                "" => Vec::new(),
                _ => field.split(ITEM).map(str::to_owned).collect(),
            }
        };
        let present = |field: &str| (!field.is_empty()).then(|| field.to_owned());
        let mut fields = Vec::with_capacity(9);
        for line in text.split_terminator('\n') {
            // Separators are ASCII: splitting the bytes keeps char boundaries.
            fields.clear();
            let mut start = 0;
            for (i, b) in line.bytes().enumerate() {
                if b == FIELD as u8 {
                    fields.push(&line[start..i]);
                    start = i + 1;
                }
            }
            fields.push(&line[start..]);
            match fields[..] {
                ["N", id, name, session_ms, origin, cookie_names] => pack.networks.push(Network {
                    id: id.to_owned(),
                    name: name.to_owned(),
                    session_ms: session_ms.parse().ok()?,
                    origin: origin.to_owned(),
                    cookie_names: list(cookie_names),
                }),
                ["R", network, domain, paths, params, pattern, required, reason, index] => {
                    pack.rules.push(Rule {
                        network: network.parse().ok()?,
                        domain: present(domain),
                        paths: list(paths),
                        params: list(params),
                        pattern: match pattern {
                            "" => None,
                            p => Some(Pattern::prepared(&expand_runs(p)?, list(required))),
                        },
                        reason: reason.to_owned(),
                        index: index.parse().ok()?,
                    })
                }
                ["!", origin, message] => pack.notice(origin.to_owned(), message),
                _ => return None,
            }
        }
        Some(pack)
    }

    /// The lines [`Pack::from_lines`] reads back.
    pub fn to_lines(&self) -> String {
        let mut out = String::new();
        let mut line = |fields: &[&str]| {
            out.push_str(&fields.join(&FIELD.to_string()));
            out.push('\n');
        };
        let item = ITEM.to_string();
        for n in &self.networks {
            line(&[
                "N",
                &n.id,
                &n.name,
                &n.session_ms.to_string(),
                &n.origin,
                &n.cookie_names.join(&item),
            ]);
        }
        for r in &self.rules {
            let (pattern, required) = match &r.pattern {
                Some(p) => (p.source(), p.required.join(&item)),
                None => ("", String::new()),
            };
            line(&[
                "R",
                &r.network.to_string(),
                r.domain.as_deref().unwrap_or(""),
                &r.paths.join(&item),
                &r.params.join(&item),
                &collapse_runs(pattern),
                &required,
                &r.reason,
                &r.index.to_string(),
            ]);
        }
        for n in &self.notices {
            line(&["!", &n.origin, &n.message]);
        }
        out
    }
}

impl Pack {
    /// Reads the pack called `name` (used in reports). Errors only when
    /// nothing usable is left.
    pub fn parse(name: &str, json: &str) -> Result<Pack, String> {
        Pack::read(name, json, true)
    }

    /// [`Pack::parse`] for a pack known to compile (a built-in one): its
    /// patterns compile on first use.
    pub fn parse_builtin(name: &str, json: &str) -> Result<Pack, String> {
        Pack::read(name, json, false)
    }

    fn read(name: &str, json: &str, compile_now: bool) -> Result<Pack, String> {
        if json.len() > MAX_PACK_BYTES {
            return Err(format!(
                "stand-down pack {name}: {} bytes; the limit is {MAX_PACK_BYTES}",
                json.len()
            ));
        }
        let doc = parse_strict(json).map_err(|e| {
            let e = e.trim_start_matches("not valid JSON: ");
            format!("stand-down pack {name}: not valid JSON ({e})")
        })?;
        let policies: &[Value] = match &doc {
            Value::Array(items) => items,
            Value::Object(fields) => match fields.get("policies") {
                Some(Value::Array(items)) => items,
                Some(_) => {
                    return Err(format!("stand-down pack {name}: policies must be an array"))
                }
                None => std::slice::from_ref(&doc),
            },
            _ => {
                return Err(format!(
                    "stand-down pack {name}: expected an object with policies"
                ))
            }
        };
        let mut pack = Pack {
            compile_now,
            ..Pack::default()
        };
        for (i, policy) in policies.iter().enumerate() {
            pack.add_policy(name, i, policy);
        }
        if pack.rules.is_empty() && pack.networks.iter().all(|n| n.cookie_names.is_empty()) {
            let why: Vec<String> = pack.notices.iter().map(ToString::to_string).collect();
            return Err(format!(
                "stand-down pack {name}: no usable rule{}{}",
                if why.is_empty() { "" } else { ": " },
                why.join("; ")
            ));
        }
        Ok(pack)
    }

    fn notice(&mut self, origin: String, message: impl Into<String>) {
        self.notices.push(Notice {
            origin,
            message: message.into(),
        });
    }

    fn add_policy(&mut self, pack: &str, index: usize, value: &Value) {
        let fallback = format!("{pack}/policies[{index}]");
        if !value.is_object() {
            return self.notice(
                fallback,
                format!(
                    "policy left out: a policy must be an object, not {}",
                    document::kind(value)
                ),
            );
        }
        let origin = match value.get("id").and_then(Value::as_str) {
            Some(id) => format!("{pack}/{id}"),
            None => fallback,
        };
        let schema_version = value.get("schemaVersion").map(Value::to_string);
        if schema_version.as_deref() != Some("2") {
            let v = schema_version.as_deref().unwrap_or("none");
            return self.notice(
                origin,
                format!("policy left out: schemaVersion {v}, this reader takes 2"),
            );
        }
        let policy: RawPolicy = match document::read(&value.to_string()) {
            Ok(policy) => policy,
            Err(why) => return self.notice(origin, format!("policy left out: {why}")),
        };
        let Some(network) = policy.network else {
            return self.notice(origin, "policy left out: no network");
        };
        let session_ms = match network.session_duration.as_ref().map(|v| &v.0) {
            None => DEFAULT_SESSION_MS,
            Some(v) => match session_ms(v) {
                Some(ms) => ms,
                None => {
                    return self.notice(
                        origin,
                        format!(
                            "policy left out: sessionDuration {v} is not a positive number of ms"
                        ),
                    )
                }
            },
        };
        let (Some(id), Some(name)) = (network.id, network.name) else {
            return self.notice(origin, "policy left out: network needs an id and a name");
        };
        let cookie_parts = network.cookie_names.unwrap_or_default();
        let mut cookie_names = Vec::with_capacity(cookie_parts.len());
        for (i, part) in cookie_parts.into_iter().enumerate() {
            if is_cookie_name_part(&part) {
                cookie_names.push(part);
            } else {
                self.notice(
                    format!("{origin}#network.cookieNames[{i}]"),
                    format!(
                        "cookie name left out: {} is not 1 to {MAX_COOKIE_PART} cookie-name characters",
                        quoted(&part)
                    ),
                );
            }
        }
        let rules: Vec<Value> = policy
            .rules
            .unwrap_or_default()
            .into_iter()
            .map(|rule| rule.0)
            .collect();
        if rules.is_empty() && cookie_names.is_empty() {
            return self.notice(origin, "policy left out: no rules");
        }
        let network_index = self.networks.len();
        self.networks.push(Network {
            id,
            name,
            session_ms,
            origin: origin.clone(),
            cookie_names,
        });
        for (i, rule) in rules.iter().enumerate() {
            match self.rule(network_index, i, rule) {
                Ok(rule) => self.rules.push(rule),
                Err(why) => self.notice(
                    format!("{origin}#rules[{i}]"),
                    format!("rule left out: {why}"),
                ),
            }
        }
    }

    fn prepare(&self, source: &str) -> Result<Pattern, String> {
        if self.compile_now {
            Pattern::compile(source)
        } else {
            Ok(Pattern::deferred(source))
        }
    }

    fn rule(&mut self, network: usize, index: usize, value: &Value) -> Result<Rule, String> {
        if !value.is_object() {
            return Err(format!(
                "a rule must be an object, not {}",
                document::kind(value)
            ));
        }
        let raw: RawRule = document::read(&value.to_string()).map_err(|why| why.to_string())?;
        let paths = raw.paths.map_or_else(Vec::new, |p| p.0);
        let params = raw.params.map_or_else(Vec::new, |p| p.0);
        let reason = raw
            .reason
            .filter(|r| !r.trim().is_empty())
            .ok_or("no reason given")?;
        if paths.iter().chain(&params).any(|s| s.is_empty()) {
            return Err("an empty path or param".into());
        }
        let domain = match raw.domain {
            Some(d) => Some(
                crate::catalog::DomainEntry::parse(&d)
                    .ok()
                    .filter(|e| e.path.is_empty())
                    .map(|e| e.host)
                    .ok_or_else(|| format!("domain {} is not a host name", quoted(&d)))?,
            ),
            None => None,
        };
        let pattern =
            match raw.pattern {
                Some(source) => Some(self.prepare(&source).map_err(|why| {
                    format!("pattern {} does not compile: {why}", quoted(&source))
                })?),
                None => None,
            };
        if domain.is_none() && paths.is_empty() && params.is_empty() && pattern.is_none() {
            return Err("no domain, paths, params or pattern".into());
        }
        Ok(Rule {
            network,
            domain,
            paths,
            params,
            pattern,
            reason,
            index,
        })
    }
}

/// A policy as the SDK writes it; its rules are read one by one, so that a
/// bad rule leaves out only itself.
#[derive(Deserialize)]
struct RawPolicy {
    #[serde(default, deserialize_with = "document::object::optional")]
    network: Option<RawNetwork>,
    rules: Option<Vec<StrictValue>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawNetwork {
    id: Option<String>,
    name: Option<String>,
    session_duration: Option<StrictValue>,
    cookie_names: Option<Vec<String>>,
}

#[derive(Deserialize)]
struct RawRule {
    reason: Option<String>,
    paths: Option<OneOrMany>,
    params: Option<OneOrMany>,
    domain: Option<String>,
    pattern: Option<String>,
}

/// A string or an array of strings (the SDK writes both).
struct OneOrMany(Vec<String>);

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OneOrManyVisitor;
        impl<'de> Visitor<'de> for OneOrManyVisitor {
            type Value = OneOrMany;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string or an array of strings")
            }

            fn visit_str<E>(self, v: &str) -> Result<OneOrMany, E> {
                Ok(OneOrMany(vec![v.to_owned()]))
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<OneOrMany, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<String>()? {
                    items.push(item);
                }
                Ok(OneOrMany(items))
            }
        }
        deserializer.deserialize_any(OneOrManyVisitor)
    }
}

/// `sessionDuration` in ms: at least 1 and at most a year (a fraction of a
/// ms is dropped; exponents are not taken).
fn session_ms(value: &Value) -> Option<u64> {
    let Value::Number(number) = value else {
        return None;
    };
    let text = number.to_string();
    if text.contains(['e', 'E']) {
        return None;
    }
    let whole = text
        .split_once('.')
        .map_or(text.as_str(), |(whole, _)| whole);
    let ms: u64 = whole.parse().ok()?;
    (1..=365 * 86_400_000).contains(&ms).then_some(ms)
}
