//! Policy packs in the JSON format of Rakuten's open-source
//! PublisherStandown-SDK (`schemaVersion` 2), read and validated.
//!
//! A pack is `{ "policies": [ … ] }` (an array of policies, or one policy, is
//! read too). Each policy names its network and lists rules; every field a
//! rule has must match (AND), and within `paths` or `params` any one entry
//! will do (OR). A policy or rule that is not valid is left out *and
//! reported*, with the pack, policy and rule it was; a pack with no usable
//! rule at all is refused.

use super::pattern::{Compiled, Pattern};
use serde::Deserialize;
use serde_json::value::RawValue;

/// The SDK's default when a network gives no `sessionDuration`: 30 minutes.
pub const DEFAULT_SESSION_MS: u64 = 30 * 60 * 1000;
pub const MAX_PACK_BYTES: usize = 4 * 1024 * 1024;

#[derive(Debug, Clone)]
pub struct Network {
    pub id: String,
    pub name: String,
    pub session_ms: u64,
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub network: usize,
    pub domain: Option<String>,
    pub paths: Vec<String>,
    pub params: Vec<String>,
    pub pattern: Option<Pattern>,
    pub reason: String,
    /// `pack/policy#index`, for reports.
    pub origin: String,
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

/// `{ "policies": [...] }`; `policies` absent means the document is itself
/// one policy.
#[derive(Deserialize)]
struct RawPack {
    policies: Option<Box<RawValue>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawPolicy {
    id: Option<String>,
    schema_version: Option<Box<RawValue>>,
    network: Option<RawNetwork>,
    rules: Option<Vec<Box<RawValue>>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawNetwork {
    id: Option<String>,
    name: Option<String>,
    session_duration: Option<Box<RawValue>>,
}

#[derive(Deserialize)]
struct RawRule {
    domain: Option<String>,
    paths: Option<OneOrMany>,
    params: Option<OneOrMany>,
    pattern: Option<String>,
    reason: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        }
    }
}

impl Pack {
    /// Reads the pack called `name` (used in reports). Errors only when
    /// nothing usable is left.
    pub fn parse(name: &str, json: &str) -> Result<Pack, String> {
        Pack::read(name, json, true)
    }

    /// [`Pack::parse`] for a built-in pack: its patterns compile on first
    /// use (the tests prove each one compiles).
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
        let not_json =
            |e: serde_json::Error| format!("stand-down pack {name}: not valid JSON ({e})");
        let policies: Vec<Box<RawValue>> = match json.trim_start().as_bytes().first() {
            Some(b'[') => serde_json::from_str(json).map_err(not_json)?,
            Some(b'{') => match serde_json::from_str::<RawPack>(json)
                .map_err(not_json)?
                .policies
            {
                Some(list) => serde_json::from_str(list.get())
                    .map_err(|_| format!("stand-down pack {name}: policies must be an array"))?,
                None => vec![serde_json::from_str(json).map_err(not_json)?],
            },
            _ => {
                serde_json::from_str::<Box<RawValue>>(json).map_err(not_json)?;
                return Err(format!(
                    "stand-down pack {name}: expected an object with policies"
                ));
            }
        };
        let mut pack = Pack {
            compile_now,
            ..Pack::default()
        };
        for (i, policy) in policies.into_iter().enumerate() {
            pack.add_policy(name, i, &policy);
        }
        if pack.rules.is_empty() {
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

    fn add_policy(&mut self, pack: &str, index: usize, value: &RawValue) {
        let fallback = format!("{pack}/policies[{index}]");
        let policy: RawPolicy = match serde_json::from_str(value.get()) {
            Ok(p) => p,
            Err(e) => return self.notice(fallback, format!("policy left out: {e}")),
        };
        let origin = match &policy.id {
            Some(id) => format!("{pack}/{id}"),
            None => fallback,
        };
        let schema_version = policy.schema_version.as_deref().map(RawValue::get);
        if schema_version != Some("2") {
            let v = schema_version.unwrap_or("none");
            return self.notice(
                origin,
                format!("policy left out: schemaVersion {v}, this reader takes 2"),
            );
        }
        let Some(network) = policy.network else {
            return self.notice(origin, "policy left out: no network");
        };
        let session_ms = match network.session_duration {
            None => DEFAULT_SESSION_MS,
            Some(v) => match serde_json::from_str::<f64>(v.get()) {
                Ok(ms) if ms > 0.0 && ms <= 365.0 * 86_400_000.0 => ms as u64,
                _ => {
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
        let rules = policy.rules.unwrap_or_default();
        if rules.is_empty() {
            return self.notice(origin, "policy left out: no rules");
        }
        let network_index = self.networks.len();
        self.networks.push(Network {
            id,
            name,
            session_ms,
        });
        for (i, rule) in rules.into_iter().enumerate() {
            let origin = format!("{origin}#rules[{i}]");
            match self.rule(network_index, &origin, &rule) {
                Ok(rule) => self.rules.push(rule),
                Err(why) => self.notice(origin, format!("rule left out: {why}")),
            }
        }
    }

    fn prepare(&self, source: &str) -> Result<(Pattern, Compiled), String> {
        if self.compile_now {
            Pattern::compile(source)
        } else {
            Ok(Pattern::deferred(source))
        }
    }

    fn rule(&mut self, network: usize, origin: &str, value: &RawValue) -> Result<Rule, String> {
        let raw: RawRule = serde_json::from_str(value.get()).map_err(|e| e.to_string())?;
        let reason = raw
            .reason
            .filter(|r| !r.trim().is_empty())
            .ok_or("no reason given")?;
        let paths = raw.paths.map(OneOrMany::into_vec).unwrap_or_default();
        let params = raw.params.map(OneOrMany::into_vec).unwrap_or_default();
        if paths.iter().chain(&params).any(|s| s.is_empty()) {
            return Err("an empty path or param".into());
        }
        let domain = match raw.domain {
            Some(d) => Some(
                crate::catalog::DomainEntry::parse(&d)
                    .ok()
                    .filter(|e| e.path.is_empty())
                    .map(|e| e.host)
                    .ok_or_else(|| format!("domain {d:?} is not a host name"))?,
            ),
            None => None,
        };
        let pattern = match raw.pattern {
            Some(source) => match self.prepare(&source) {
                Ok((pattern, Compiled::Exact)) => Some(pattern),
                Ok((pattern, Compiled::WithoutLookarounds(used))) => {
                    self.notice(
                        origin.to_owned(),
                        format!(
                            "pattern uses look-arounds, which this engine lacks; matched as {used:?}, \
                             which stands down on every URL the original does, and possibly more"
                        ),
                    );
                    Some(pattern)
                }
                Err(why) => return Err(format!("pattern {source:?} does not compile: {why}")),
            },
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
            origin: origin.to_owned(),
        })
    }
}
