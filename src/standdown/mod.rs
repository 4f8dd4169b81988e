//! Standing down for other affiliates: when a shopper reached a store through
//! another affiliate's link, ShopTrip offers nothing and redirects nothing.
//!
//! Rules are data (policy packs, see [`pack`]). Two are built in: the pack of
//! Rakuten's PublisherStandown-SDK as published (MIT, licence beside it in
//! `data/standdown/`), and ShopTrip's own pack for the signals the SPEC names
//! that the SDK's pack lacks. More packs can be added at run time.
//!
//! A decision looks at every URL of the arrival: the landing page, the
//! referrer, and any redirect hops the browser reported. Rules are indexed by
//! domain and by parameter name so that a URL costs a few hash probes, and
//! pattern rules run only when their required literal is in the URL. A URL
//! on one of ShopTrip's own tracking hosts is ShopTrip's own link: an arrival
//! through it never makes ShopTrip stand down for itself.

pub mod pack;
pub mod pattern;

use crate::matcher::FxHashMap;
use crate::page_url::PageUrl;
pub use pack::{Network, Notice, Pack, Rule};

pub const BUILTIN_PACKS: [(&str, &str); 2] = [
    (
        "rakuten-publisher-standown",
        include_str!("../../data/standdown/rakuten-publisher-standown.json"),
    ),
    (
        "shoptrip",
        include_str!("../../data/standdown/shoptrip.json"),
    ),
];

/// Why ShopTrip stands down.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub network_id: String,
    pub network_name: String,
    pub reason: String,
    /// `pack/policy#rules[i]`.
    pub rule: String,
    /// The URL of the arrival that carried the signal.
    pub url: String,
    pub session_ms: u64,
}

/// All loaded packs, indexed for lookups.
#[derive(Debug, Clone, Default)]
pub struct Policies {
    networks: Vec<Network>,
    rules: Vec<Rule>,
    by_domain: FxHashMap<String, Vec<u32>>,
    by_param: FxHashMap<String, Vec<u32>>,
    scanned: Vec<u32>,
    notices: Vec<Notice>,
}

impl Policies {
    /// The built-in packs. Their load notices (the approximated look-around
    /// patterns) are in [`Policies::notices`].
    pub fn builtin() -> Policies {
        let mut policies = Policies::default();
        for (name, json) in BUILTIN_PACKS {
            // The built-in packs are tested to load; a failure here is a
            // build error caught by the tests, so it only loses that pack.
            if let Ok(pack) = Pack::parse(name, json) {
                policies.add(pack);
            }
        }
        policies
    }

    pub fn add(&mut self, pack: Pack) {
        let network_base = self.networks.len();
        self.networks.extend(pack.networks);
        self.notices.extend(pack.notices);
        for mut rule in pack.rules {
            rule.network += network_base;
            let id = self.rules.len() as u32;
            if let Some(domain) = &rule.domain {
                self.by_domain.entry(domain.clone()).or_default().push(id);
            } else if !rule.params.is_empty() {
                for param in &rule.params {
                    self.by_param.entry(param.clone()).or_default().push(id);
                }
            } else {
                self.scanned.push(id);
            }
            self.rules.push(rule);
        }
    }

    pub fn notices(&self) -> &[Notice] {
        &self.notices
    }

    pub fn rule_count(&self) -> usize {
        self.rules.len()
    }

    /// The first rule any URL of the arrival matches. `own_hosts` are the
    /// catalog's tracking hosts: an arrival through one is ShopTrip's own.
    pub fn check(&self, arrival: &[&PageUrl], own_hosts: &dyn Fn(&str) -> bool) -> Option<Verdict> {
        if arrival
            .iter()
            .any(|page| own_hosts(page.host_for_matching()))
        {
            return None;
        }
        arrival.iter().find_map(|page| self.check_one(page))
    }

    fn check_one(&self, page: &PageUrl) -> Option<Verdict> {
        let host = page.host_for_matching();
        let mut suffix = if page.host_is_resolvable() { host } else { "" };
        while !suffix.is_empty() {
            if let Some(ids) = self.by_domain.get(suffix) {
                if let Some(v) = self.first_match(ids, page) {
                    return Some(v);
                }
            }
            suffix = suffix.find('.').map_or("", |dot| &suffix[dot + 1..]);
        }
        if !page.query.is_empty() && !self.by_param.is_empty() {
            for (name, _) in url::form_urlencoded::parse(page.query.as_bytes()) {
                if let Some(ids) = self.by_param.get(name.as_ref()) {
                    if let Some(v) = self.first_match(ids, page) {
                        return Some(v);
                    }
                }
            }
        }
        self.first_match(&self.scanned, page)
    }

    fn first_match(&self, ids: &[u32], page: &PageUrl) -> Option<Verdict> {
        let mut lowered: Option<String> = None;
        ids.iter().find_map(|&id| {
            let rule = &self.rules[id as usize];
            rule_matches(rule, page, &mut lowered).then(|| self.verdict(rule, page))
        })
    }

    fn verdict(&self, rule: &Rule, page: &PageUrl) -> Verdict {
        let network = &self.networks[rule.network];
        Verdict {
            network_id: network.id.clone(),
            network_name: network.name.clone(),
            reason: rule.reason.clone(),
            rule: rule.origin.clone(),
            url: page.href.to_string(),
            session_ms: network.session_ms,
        }
    }
}

fn rule_matches(rule: &Rule, page: &PageUrl, lowered: &mut Option<String>) -> bool {
    if let Some(domain) = &rule.domain {
        let host = page.host_for_matching();
        let covered = host == domain
            || (host.ends_with(domain.as_str())
                && host.as_bytes()[host.len() - domain.len() - 1] == b'.');
        if !covered {
            return false;
        }
    }
    if !rule.paths.is_empty() && !rule.paths.iter().any(|p| page.path.starts_with(p.as_str())) {
        return false;
    }
    if !rule.params.is_empty() {
        let present = url::form_urlencoded::parse(page.query.as_bytes())
            .any(|(name, _)| rule.params.iter().any(|p| *p == name));
        if !present {
            return false;
        }
    }
    if let Some(pattern) = &rule.pattern {
        let lowered = lowered.get_or_insert_with(|| page.href.to_ascii_lowercase());
        if !pattern.is_match(&page.href, lowered) {
            return false;
        }
    }
    true
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
