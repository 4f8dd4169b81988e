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
//! pattern rules run only when their required literal is in the URL.
//!
//! No host is exempt here. A publisher's tracking links run through the
//! same network click hosts as every other affiliate's, so a host cannot
//! tell ShopTrip's click from another's. Only the journal, which knows the
//! trip a tab's Shop Now started, can recognise ShopTrip's own redirect
//! chain ([`crate::navigation::arrive`]); everything else is judged here.

#[rustfmt::skip]
mod builtin;
pub mod pack;
pub mod pattern;
pub mod regex;

use crate::page_url::PageUrl;
pub use pack::{Network, Notice, Pack, Rule};
use pattern::{Found, LiteralIndex};
use rustc_hash::FxHashMap;

/// How the packs' parameter rules say where their signal is.
const ON_LANDING: &str = " on the landing URL";

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
    /// Every proper parent of a rule's domain (`walmart.com` for a rule on
    /// `linksynergy.walmart.com`).
    domain_parents: rustc_hash::FxHashSet<String>,
    by_param: FxHashMap<String, Vec<u32>>,
    scanned: Vec<u32>,
    literals: LiteralIndex,
    /// Per rule, the ids of the literals its pattern needs.
    rule_literals: Vec<Found>,
    notices: Vec<Notice>,
}

/// What one URL's checks share: its lower-cased text and the literals in it,
/// computed once and only if a pattern rule gets that far.
struct Scan<'p> {
    page: &'p PageUrl<'p>,
    found: Option<Found>,
}

impl Policies {
    /// The built-in packs. Their load notices (the approximated look-around
    /// patterns) are in [`Policies::notices`].
    pub fn builtin() -> Policies {
        let mut policies = Policies::default();
        // The tests prove each one reads back whole.
        for pack in builtin::PACKS
            .iter()
            .filter_map(|lines| Pack::from_lines(lines))
        {
            policies.add(pack);
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
                let mut parent = domain.as_str();
                while let Some(dot) = parent.bytes().position(|b| b == b'.') {
                    parent = &parent[dot + 1..];
                    self.domain_parents.insert(parent.to_owned());
                }
            } else if !rule.params.is_empty() {
                for param in &rule.params {
                    self.by_param.entry(param.clone()).or_default().push(id);
                }
            } else {
                self.scanned.push(id);
            }
            let mut needed = Found::default();
            for literal in rule.pattern.iter().flat_map(|p| &p.required) {
                needed.set(self.literals.add(literal) as usize);
            }
            self.rule_literals.push(needed);
            self.rules.push(rule);
        }
    }

    pub fn notices(&self) -> &[Notice] {
        &self.notices
    }

    /// Whether every pattern compiles (compiling the deferred ones).
    pub fn all_patterns_compile(&self) -> bool {
        self.rules
            .iter()
            .filter_map(|r| r.pattern.as_ref())
            .all(pattern::Pattern::compiles)
    }

    /// Every rule's pattern (the browser tests run each against `RegExp`).
    pub fn patterns(&self) -> impl Iterator<Item = &pattern::Pattern> {
        self.rules.iter().filter_map(|r| r.pattern.as_ref())
    }

    pub fn rule_count(&self) -> usize {
        self.rules.len()
    }

    /// The first rule any URL of the arrival (landing page first) matches.
    pub fn check(&self, arrival: &[&PageUrl]) -> Option<Verdict> {
        self.check_landing(arrival, true)
    }

    /// [`Policies::check`], where `landing_has_domain_rules` may say that no
    /// domain rule can apply to the first URL's host (see
    /// [`Policies::domain_rules_reach`]), which saves its suffix walk.
    pub fn check_landing(
        &self,
        arrival: &[&PageUrl],
        landing_has_domain_rules: bool,
    ) -> Option<Verdict> {
        arrival.iter().enumerate().find_map(|(i, page)| {
            let mut verdict = self.check_one(page, i > 0 || landing_has_domain_rules)?;
            if i > 0 {
                // A rule written for the landing page found its signal in
                // the referrer or a hop: say where it really was.
                if let Some(rest) = verdict.reason.strip_suffix(ON_LANDING) {
                    verdict.reason = format!("{rest} in the referrer or a redirect");
                }
            }
            Some(verdict)
        })
    }

    /// The first network one of whose cookie-name parts is in one of `names`
    /// (the names, never the values, of the cookies the landing page's host
    /// has). The verdict names the pack's part, not the shopper's cookie, so
    /// nothing of the cookie is kept.
    pub fn check_cookies(&self, names: &[&str], landing: &str) -> Option<Verdict> {
        if names.is_empty() {
            return None;
        }
        self.networks.iter().find_map(|network| {
            let (i, part) = network
                .cookie_names
                .iter()
                .enumerate()
                .find(|(_, part)| names.iter().any(|name| name.contains(part.as_str())))?;
            Some(Verdict {
                network_id: network.id.clone(),
                network_name: network.name.clone(),
                reason: format!("a {part}… cookie from an earlier click"),
                rule: format!("{}#network.cookieNames[{i}]", network.origin),
                url: landing.to_owned(),
                session_ms: network.session_ms,
            })
        })
    }

    /// Whether a domain rule can apply to any host under `entry_host` (the
    /// host itself and its subdomains): a rule on one of its suffixes, or a
    /// rule on a subdomain of it.
    pub fn domain_rules_reach(&self, entry_host: &str) -> bool {
        let mut suffix = entry_host;
        while !suffix.is_empty() {
            if self.by_domain.contains_key(suffix) {
                return true;
            }
            suffix = suffix
                .bytes()
                .position(|b| b == b'.')
                .map_or("", |dot| &suffix[dot + 1..]);
        }
        self.domain_parents.contains(entry_host)
    }

    fn check_one(&self, page: &PageUrl, walk_domains: bool) -> Option<Verdict> {
        let mut scan = Scan { page, found: None };
        let host = page.host_for_matching();
        let mut suffix = if walk_domains && page.host_is_resolvable() {
            host
        } else {
            ""
        };
        while !suffix.is_empty() {
            if let Some(ids) = self.by_domain.get(suffix) {
                if let Some(v) = self.first_match(ids, &mut scan) {
                    return Some(v);
                }
            }
            suffix = suffix
                .bytes()
                .position(|b| b == b'.')
                .map_or("", |dot| &suffix[dot + 1..]);
        }
        if !page.query.is_empty() && !self.by_param.is_empty() {
            for name in query_names(&page.query) {
                if let Some(ids) = self.by_param.get(name.as_ref()) {
                    if let Some(v) = self.first_match(ids, &mut scan) {
                        return Some(v);
                    }
                }
            }
        }
        self.first_match(&self.scanned, &mut scan)
    }

    fn first_match(&self, ids: &[u32], scan: &mut Scan) -> Option<Verdict> {
        ids.iter().find_map(|&id| {
            let rule = &self.rules[id as usize];
            self.rule_matches(id, rule, scan)
                .then(|| self.verdict(rule, scan.page))
        })
    }

    fn rule_matches(&self, id: u32, rule: &Rule, scan: &mut Scan) -> bool {
        let page = scan.page;
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
            let present =
                query_names(&page.query).any(|name| rule.params.iter().any(|p| *p == name));
            if !present {
                return false;
            }
        }
        if let Some(pattern) = &rule.pattern {
            let needed = &self.rule_literals[id as usize];
            if !needed.is_empty() {
                let found = scan
                    .found
                    .get_or_insert_with(|| self.literals.find(page.href.as_bytes()));
                if !found.contains_all(needed) {
                    return false;
                }
            }
            if !pattern.is_match(&page.href) {
                return false;
            }
        }
        true
    }

    fn verdict(&self, rule: &Rule, page: &PageUrl) -> Verdict {
        let network = &self.networks[rule.network];
        Verdict {
            network_id: network.id.clone(),
            network_name: network.name.clone(),
            reason: rule.reason.clone(),
            rule: rule.origin(network),
            url: page.href.to_string(),
            session_ms: network.session_ms,
        }
    }
}

/// The parameter names of a query, decoded as `URLSearchParams` decodes
/// them; names with nothing to decode are borrowed as they are.
fn query_names(query: &str) -> impl Iterator<Item = std::borrow::Cow<'_, str>> {
    query.split('&').filter(|p| !p.is_empty()).map(|pair| {
        let name = pair.split_once('=').map_or(pair, |(n, _)| n);
        if name.bytes().any(|b| b == b'%' || b == b'+') {
            url::form_urlencoded::parse(pair.as_bytes())
                .next()
                .map_or(std::borrow::Cow::Borrowed(""), |(n, _)| n)
        } else {
            std::borrow::Cow::Borrowed(name)
        }
    })
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod cookie_tests;
