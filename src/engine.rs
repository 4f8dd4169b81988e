//! The engine: one validated catalog, its domain index and the stand-down
//! policies, answering the questions the browser asks.
//!
//! Life cycle: build once from a catalog document; it is then read-only. To
//! update, [`Engine::replace_catalog`] builds a whole new catalog and index
//! and swaps them in only when the new document is valid, so a bad feed never
//! costs the shopper the catalog they had. The built-in stand-down packs are
//! parsed and compiled once per process and shared by every engine.

use crate::catalog::suffixes::SuffixList;
use crate::catalog::{Catalog, CatalogError, CatalogInfo, Offer, Store};
use crate::document::quoted;
use crate::matcher::{DomainIndex, StoreIndex};
use crate::page_url::PageUrl;
use crate::rewards::{self, Estimate, Program, RewardError};
use crate::standdown::{Notice, Pack, Policies, Verdict};
use std::borrow::Cow;
use std::sync::{Arc, OnceLock};
use stores::{HotStore, HotTable, StoreTable};

mod snapshot;
mod stores;

#[cfg(not(target_arch = "wasm32"))]
pub(crate) use snapshot::restore_unchecked as snapshot_unchecked;
pub use snapshot::{catalog_hash, SnapshotError, CORE_VERSION};
pub(crate) use stores::Slices;

/// Errors the engine reports, one type for the JS boundary to name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EngineError {
    #[error(transparent)]
    Catalog(#[from] CatalogError),
    #[error(transparent)]
    Reward(#[from] RewardError),
    #[error("{0}")]
    Policy(String),
    #[error(transparent)]
    Trip(#[from] crate::trips::TripError),
    #[error(transparent)]
    Storage(#[from] crate::storage::StorageError),
    #[error("{0}")]
    BadInput(String),
    #[error(transparent)]
    Snapshot(#[from] SnapshotError),
}

impl EngineError {
    /// The JavaScript `Error.name` this error is thrown with.
    pub fn name(&self) -> &'static str {
        match self {
            EngineError::Catalog(_) => "CatalogError",
            EngineError::Reward(_) => "EstimateError",
            EngineError::Policy(_) => "PolicyError",
            EngineError::Trip(_) => "TripError",
            EngineError::Storage(_) => "StorageError",
            EngineError::BadInput(_) => "InputError",
            EngineError::Snapshot(_) => "SnapshotError",
        }
    }
}

/// A page that belongs to a partner store.
#[derive(Debug, Clone)]
pub struct UrlMatch<'a> {
    pub store_index: StoreIndex,
    pub store: &'a Store,
    /// The page's host as the browser has it.
    pub host: Cow<'a, str>,
    /// The offer now, boosts included.
    pub offer: Offer,
    pub stand_down: Option<StandDown>,
}

impl UrlMatch<'_> {
    /// Toolbar badge text for the offer in `program`.
    pub fn badge(&self, currency: crate::money::Currency, program: Program) -> String {
        rewards::badge(self.offer, currency, program)
    }
}

/// A stand-down decision with the time it holds until.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StandDown {
    pub verdict: Verdict,
    pub until_ms: i64,
}

/// The Affiliate Code of Conduct's session on the merchant: it ends this
/// long after the shopper's last navigation on the store...
pub const STANDDOWN_IDLE_MS: i64 = 60 * 60_000;
/// ...and lasts at least this long when it cannot be followed.
pub const STANDDOWN_FLOOR_MS: i64 = 90 * 60_000;

impl StandDown {
    /// A stand-down decided at `now_ms`: the longer of the network's
    /// `sessionDuration` and the Code of Conduct's floor. Navigations on the
    /// store extend it ([`crate::trips::TripBook::extend_stand_down`]).
    pub fn from_verdict(verdict: Verdict, now_ms: i64) -> StandDown {
        let session = i64::try_from(verdict.session_ms).unwrap_or(i64::MAX);
        let until_ms = now_ms.saturating_add(session.max(STANDDOWN_FLOOR_MS));
        StandDown { verdict, until_ms }
    }
}

fn builtin_policies() -> Arc<Policies> {
    static BUILTIN: OnceLock<Arc<Policies>> = OnceLock::new();
    BUILTIN
        .get_or_init(|| Arc::new(Policies::builtin()))
        .clone()
}

struct Loaded {
    info: CatalogInfo,
    stores: StoreTable,
    hot: HotTable,
    index: DomainIndex,
    /// Every store's id, in catalog order: a lookup by id is confirmed here
    /// without decoding a snapshot's store.
    ids: Slices,
    by_id: crate::matcher::HashedKeys<StoreIndex>,
    /// The catalog's real domains, for the lookalike check (src/lookalike.rs).
    lookalikes: crate::lookalike::LookalikeIndex,
}

impl Loaded {
    fn build(catalog: Catalog, policies: &Policies, suffixes: Option<&SuffixList>) -> Loaded {
        let (info, stores) = catalog.into_parts();
        let index = DomainIndex::build(&stores);
        let domains = stores.iter().enumerate().flat_map(|(i, store)| {
            store
                .domains
                .iter()
                .map(move |d| (i as StoreIndex, d.host.as_str()))
        });
        let lookalikes = crate::lookalike::LookalikeIndex::build(domains, suffixes);
        let mut ids = Slices::default();
        let mut by_id = crate::matcher::HashedKeys::with_capacity(stores.len());
        for (i, store) in stores.iter().enumerate() {
            ids.push(store.id.as_bytes());
            by_id.insert(&store.id, i as StoreIndex, |other| {
                stores[other as usize].id == store.id
            });
        }
        let mut hot = HotTable::default();
        for s in &stores {
            hot.push(HotStore {
                offer: s.offer,
                boosted: !s.boosts.is_empty(),
                domain_rules: false,
            });
        }
        mark_domain_rules(&mut hot, &index, policies);
        Loaded {
            info,
            hot,
            stores: StoreTable::Parsed(stores),
            index,
            ids,
            by_id,
            lookalikes,
        }
    }
}

/// Sets each hot record's `domain_rules` as `policies` have it, read off the
/// index's entries so that no snapshot store is decoded for it.
fn mark_domain_rules(hot: &mut HotTable, index: &DomainIndex, policies: &Policies) {
    for i in 0..hot.len() {
        hot.set_domain_rules(i as StoreIndex, false);
    }
    for (store, host) in index.entries() {
        if policies.domain_rules_reach(host) {
            hot.set_domain_rules(store, true);
        }
    }
}

pub struct Engine {
    loaded: Loaded,
    policies: Arc<Policies>,
    program: Program,
}

impl Engine {
    /// The engine for a catalog. Its lookalike index guesses registrable
    /// domains; [`Engine::with_suffixes`] reads them off the list.
    pub fn new(catalog_json: &str) -> Result<Engine, EngineError> {
        Engine::with_suffixes(catalog_json, None)
    }

    /// [`Engine::new`], the lookalike index's registrable domains read off
    /// `suffixes`, the Public Suffix List.
    pub fn with_suffixes(
        catalog_json: &str,
        suffixes: Option<&SuffixList>,
    ) -> Result<Engine, EngineError> {
        Ok(Engine::with_catalog(
            Catalog::parse(catalog_json)?,
            suffixes,
        ))
    }

    /// An engine for a feed's catalog: as [`Engine::new`], and every domain
    /// entry that is a public suffix in `suffixes` is refused too.
    pub fn from_feed(catalog_json: &str, suffixes: &SuffixList) -> Result<Engine, EngineError> {
        Ok(Engine::with_catalog(
            Catalog::parse_with(catalog_json, Some(suffixes))?,
            Some(suffixes),
        ))
    }

    /// Builds what every engine shares (the built-in stand-down packs), so
    /// that a caller with time to spare, such as a worker waiting for its
    /// storage, can have it done before the first engine is asked for.
    pub fn prepare() {
        builtin_policies();
    }

    pub fn with_catalog(catalog: Catalog, suffixes: Option<&SuffixList>) -> Engine {
        let policies = builtin_policies();
        Engine {
            loaded: Loaded::build(catalog, &policies, suffixes),
            policies,
            program: Program::CashBack,
        }
    }

    /// Replaces the catalog if `json` is valid; otherwise keeps the current
    /// one. `suffixes` as for [`Engine::with_suffixes`].
    pub fn replace_catalog(
        &mut self,
        json: &str,
        suffixes: Option<&SuffixList>,
    ) -> Result<(), EngineError> {
        let catalog = Catalog::parse(json)?;
        self.loaded = Loaded::build(catalog, &self.policies, suffixes);
        Ok(())
    }

    /// The catalog's own fields: region, currency, date.
    pub fn catalog(&self) -> &CatalogInfo {
        &self.loaded.info
    }

    pub fn store_count(&self) -> usize {
        self.loaded.stores.len()
    }

    pub fn store(&self, id: &str) -> Option<&Store> {
        let ids = &self.loaded.ids;
        let index = self
            .loaded
            .by_id
            .get(id, |at| ids.get_str(at) == Some(id))?;
        self.store_at(index)
    }

    pub fn store_at(&self, index: StoreIndex) -> Option<&Store> {
        self.loaded.stores.get(index)
    }

    /// Every store, in catalog order.
    pub fn stores(&self) -> impl Iterator<Item = &Store> {
        self.loaded.stores.iter()
    }

    /// The account's program: badges and offer texts follow it.
    pub fn program(&self) -> Program {
        self.program
    }

    pub fn set_program(&mut self, program: Program) {
        self.program = program;
    }

    /// Adds a policy pack to the built-in ones; returns what it left out.
    pub fn add_policy_pack(&mut self, name: &str, json: &str) -> Result<Vec<Notice>, EngineError> {
        let pack = Pack::parse(name, json).map_err(EngineError::Policy)?;
        let notices = pack.notices.clone();
        Arc::make_mut(&mut self.policies).add(pack);
        mark_domain_rules(&mut self.loaded.hot, &self.loaded.index, &self.policies);
        Ok(notices)
    }

    /// What loading the policy packs left out or approximated.
    pub fn policy_notices(&self) -> &[Notice] {
        self.policies.notices()
    }

    /// Is `url` a partner-store page, and may ShopTrip offer activation there?
    /// `referrer` is the previous page's URL, if any.
    pub fn match_url<'a>(
        &'a self,
        url: &'a str,
        referrer: Option<&str>,
        now_ms: i64,
    ) -> Option<UrlMatch<'a>> {
        self.match_url_at(url, referrer, &|| now_ms)
    }

    /// [`Engine::match_url`], asking for the time only when the answer
    /// depends on it (a store with boosts, or a stand-down).
    pub fn match_url_at<'a>(
        &'a self,
        url: &'a str,
        referrer: Option<&str>,
        now: &dyn Fn() -> i64,
    ) -> Option<UrlMatch<'a>> {
        let page = PageUrl::parse(url).filter(PageUrl::host_is_resolvable)?;
        self.match_page(page, referrer, now).ok()
    }

    /// [`Engine::match_url_at`] for a page already parsed; a page of no
    /// store comes back, for the lookalike check to read without parsing
    /// it again.
    pub fn match_page<'a>(
        &'a self,
        page: PageUrl<'a>,
        referrer: Option<&str>,
        now: &dyn Fn() -> i64,
    ) -> Result<UrlMatch<'a>, PageUrl<'a>> {
        let Some(hit) = self
            .loaded
            .index
            .lookup(page.host_for_matching(), &page.path)
        else {
            return Err(page);
        };
        let (Some(store), Some(hot)) = (self.store_at(hit.store), self.loaded.hot.get(hit.store))
        else {
            return Err(page);
        };
        let offer = if hot.boosted {
            rewards::offer_at(store, now())
        } else {
            hot.offer
        };
        let referrer_page = referrer.and_then(PageUrl::parse);
        let mut arrival: Vec<&PageUrl> = vec![&page];
        if let Some(r) = &referrer_page {
            arrival.push(r);
        }
        let walk = hot.domain_rules;
        let stand_down = self.check_arrival(&arrival, now, walk);
        Ok(UrlMatch {
            store_index: hit.store,
            store,
            offer,
            stand_down,
            host: page.host,
        })
    }

    /// The store the page at `url` imitates (src/lookalike.rs), with `list`
    /// the Public Suffix List if the engine was built with it; `None` for
    /// any page `match_url` matches and for anything that is not a URL with
    /// a host.
    pub fn lookalike(
        &self,
        url: &str,
        list: Option<&SuffixList>,
    ) -> Option<(crate::lookalike::Lookalike, &Store)> {
        let page = PageUrl::parse(url).filter(PageUrl::host_is_resolvable)?;
        let found = self.lookalike_of_host(page.host_for_matching(), list)?;
        // Looked up only now: a host that imitates nothing, nearly every
        // one, is not walked through the domain index a second time.
        if self
            .loaded
            .index
            .lookup(page.host_for_matching(), &page.path)
            .is_some()
        {
            return None;
        }
        Some(found)
    }

    /// [`Engine::lookalike`] for the host of a page [`Engine::match_page`]
    /// matched to no store.
    pub fn lookalike_of_host(
        &self,
        host: &str,
        list: Option<&SuffixList>,
    ) -> Option<(crate::lookalike::Lookalike, &Store)> {
        let found = self.loaded.lookalikes.check(host, list)?;
        let store = self.store_at(found.store)?;
        Some((found, store))
    }

    #[cfg(all(test, not(target_arch = "wasm32")))]
    pub(crate) fn loaded_lookalikes(&self) -> &crate::lookalike::LookalikeIndex {
        &self.loaded.lookalikes
    }

    /// The lookalike index's size: real domains, and bytes in a snapshot.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn lookalike_index_size(&self) -> (usize, usize) {
        self.loaded.lookalikes.size()
    }

    /// The stand-down for an arrival: `urls` is the landing page, then the
    /// referrer and the redirect hops in any order; `cookie_names` the names
    /// of the cookies the landing page's host has (signals from the URLs
    /// come first). The engine knows no trip, so every network hop here is
    /// another affiliate's, a publisher's own click host included: only the
    /// journal can tell a trip's own chain ([`crate::navigation::arrive`]).
    pub fn stand_down(
        &self,
        urls: &[&str],
        now_ms: i64,
        cookie_names: &[&str],
    ) -> Option<StandDown> {
        let pages: Vec<PageUrl> = urls.iter().filter_map(|u| PageUrl::parse(u)).collect();
        let refs: Vec<&PageUrl> = pages.iter().collect();
        if let Some(found) = self.check_arrival(&refs, &|| now_ms, true) {
            return Some(found);
        }
        let landing = urls.first().copied().unwrap_or_default();
        let verdict = self.policies.check_cookies(cookie_names, landing)?;
        Some(StandDown::from_verdict(verdict, now_ms))
    }

    #[inline(never)]
    fn check_arrival(
        &self,
        arrival: &[&PageUrl],
        now: &dyn Fn() -> i64,
        landing_has_domain_rules: bool,
    ) -> Option<StandDown> {
        let verdict = self
            .policies
            .check_landing(arrival, landing_has_domain_rules)?;
        Some(StandDown::from_verdict(verdict, now()))
    }

    pub fn estimate(
        &self,
        store_id: &str,
        subtotal_minor: u64,
        program: Program,
        at_ms: i64,
    ) -> Result<Estimate, EngineError> {
        let store = self
            .store(store_id)
            .ok_or_else(|| RewardError::UnknownStore(store_id.chars().take(64).collect()))?;
        Ok(rewards::estimate(
            &self.loaded.info,
            store,
            subtotal_minor,
            program,
            at_ms,
        )?)
    }

    /// The store's tracking link for a trip, `{store}`, `{trip}` and `{url}`
    /// filled in and percent-encoded. `None` when the store has no template.
    pub fn tracking_url(&self, store_id: &str, trip_id: &str, page_url: &str) -> Option<String> {
        let template = self.store(store_id)?.tracking.as_deref()?;
        Some(
            template
                .replace("{store}", &encode_component(store_id))
                .replace("{trip}", &encode_component(trip_id))
                .replace("{url}", &encode_component(page_url)),
        )
    }

    /// The store's front page: its first catalog domain, over https.
    pub fn home_url(&self, store: &Store) -> String {
        store.domains.first().map_or_else(String::new, |d| {
            let path = if d.path.is_empty() { "/" } else { &d.path };
            format!("https://{}{path}", d.host)
        })
    }

    /// `url` when it is a page of `store`, else the store's front page: what a
    /// trip keeps as the page it started from. A trip started from the
    /// popup's search while the tab showed something else (a webmail
    /// message, say) must not keep that page's address.
    pub fn page_of_store(&self, store: &Store, url: &str) -> String {
        let on_store = self
            .match_url(url, None, 0)
            .is_some_and(|m| m.store.id == store.id);
        if on_store {
            url.to_owned()
        } else {
            self.home_url(store)
        }
    }

    /// Where Shop Now sends the tab: the store's tracking link for the trip,
    /// which brings the shopper back to `start_url` when that is a page of
    /// the store (else to its front page); with no tracking link, straight
    /// to that page. `None` for an unknown store.
    pub fn shop_now_url(&self, store_id: &str, trip_id: &str, start_url: &str) -> Option<String> {
        let store = self.store(store_id)?;
        let back_to = self.page_of_store(store, start_url);
        Some(
            self.tracking_url(store_id, trip_id, &back_to)
                .unwrap_or(back_to),
        )
    }

    /// A typed amount in the catalog currency (`"12.34"`, `"1,234.5"`) in
    /// minor units.
    pub fn parse_amount(&self, text: &str) -> Result<u64, EngineError> {
        let currency = self.loaded.info.currency;
        let plain: String = text.trim().chars().filter(|c| *c != ',').collect();
        let plain = plain
            .strip_prefix(currency.symbol().unwrap_or("\u{0}"))
            .unwrap_or(&plain);
        crate::money::parse_scaled_decimal(plain.trim(), currency.minor_digits)
            .ok()
            .filter(|minor| *minor <= rewards::MAX_SUBTOTAL_MINOR)
            .ok_or_else(|| {
                EngineError::BadInput(format!(
                    "{} is not an amount in {} (at most {} decimals)",
                    quoted(&text.chars().take(40).collect::<String>()),
                    currency.code,
                    currency.minor_digits
                ))
            })
    }

    /// An amount in minor units as shoppers read it: `$12.34`, `¥1,234`.
    pub fn format_money(&self, minor: u64) -> String {
        self.loaded.info.currency.format(minor)
    }

    /// Stores whose name or id contains `query` (case-insensitive), by name.
    pub fn search(&self, query: &str, limit: usize) -> Vec<&Store> {
        let query = query.trim().to_lowercase();
        let mut found: Vec<&Store> = self
            .stores()
            .filter(|s| {
                query.is_empty() || s.name.to_lowercase().contains(&query) || s.id.contains(&query)
            })
            .collect();
        found.sort_by_cached_key(|s| s.name.to_lowercase());
        found.truncate(limit);
        found
    }
}

/// `encodeURIComponent`: everything but `A-Z a-z 0-9 - _ . ! ~ * ' ( )`.
pub fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
