//! The shopper's settings: the reward program (chosen once), the region,
//! notifications, the sites where the activation prompt is muted, and the
//! catalog feed. Kept in the worker's stored document beside the trips
//! (schema version 3), and every rule about them is here: who may choose
//! Membership Rewards, that the choice is final until a reset, which hosts a
//! muted site covers, and when the activation prompt may show.

use crate::catalog::DomainEntry;
use crate::rewards::Program;
use serde::{Deserialize, Deserializer, Serialize};

/// Muted sites beyond this many are refused (the list is shown in full).
pub const MAX_MUTED: usize = 500;
/// What the settings say of a feed check that has not finished.
pub const FEED_UNFINISHED: &str =
    "the last check of the feed did not finish; it is tried again a day after it began";
/// How long the worker waits for the whole feed before giving up.
pub const FEED_TIMEOUT_MS: i64 = 30_000;
/// The catalog feed is fetched at most this often.
pub const FEED_INTERVAL_MS: i64 = 86_400_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Region {
    #[serde(rename = "US")]
    Us,
    #[serde(rename = "JP")]
    Jp,
}

impl Region {
    pub fn as_str(self) -> &'static str {
        match self {
            Region::Us => "US",
            Region::Jp => "JP",
        }
    }

    pub fn parse(code: &str) -> Option<Region> {
        match code {
            "US" => Some(Region::Us),
            "JP" => Some(Region::Jp),
            _ => None,
        }
    }

    /// The catalog shipped for the region, under `extension/catalogs/`.
    pub fn bundled_catalog(self) -> &'static str {
        match self {
            Region::Us => "catalogs/us.json",
            Region::Jp => "catalogs/jp.json",
        }
    }
}

/// The answers to SPEC.md's Membership Rewards eligibility questions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Eligibility {
    pub us_card: bool,
    pub enrolled: bool,
    pub in_good_standing: bool,
    pub corporate: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SettingsError {
    /// The program was chosen once; going back needs a new account.
    #[error("this account earns {}: switching needs a new account (export your trips, then reset)", .0.as_str())]
    ProgramFixed(Program),
    #[error("not eligible for Membership Rewards: {0}")]
    NotEligible(&'static str),
    #[error("{0}")]
    BadInput(String),
}

/// Stored in the trips document; a field that is missing takes its default
/// (documents from before a field existed), one of the wrong kind is refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Settings {
    /// `CashBack` or `MembershipRewards`: the account's program in the US.
    #[serde(deserialize_with = "account_program")]
    pub account: Program,
    /// Whether the shopper has chosen (first run done).
    pub account_chosen: bool,
    pub region: Region,
    pub notifications: bool,
    /// Hosts (lower-case, no `www.`) whose pages and subdomains get no prompt.
    pub muted: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feed_url: Option<String>,
    /// When the feed was last fetched, and what came of it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feed_checked_ms: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feed_updated_ms: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feed_error: Option<String>,
    /// Hosts (WHATWG form: lower case, punycode) the shopper said they trust:
    /// no lookalike warning there or under them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub trusted: Vec<String>,
}

/// An account earns cash back or Membership Rewards; store points belong to
/// a region, never to an account.
fn account_program<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Program, D::Error> {
    match Program::deserialize(deserializer)? {
        Program::Points => Err(serde::de::Error::custom(
            "must be cash_back or membership_rewards, not points",
        )),
        program => Ok(program),
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            account: Program::CashBack,
            account_chosen: false,
            region: Region::Us,
            notifications: true,
            muted: Vec::new(),
            feed_url: None,
            feed_checked_ms: None,
            feed_updated_ms: None,
            feed_error: None,
            trusted: Vec::new(),
        }
    }
}

impl Settings {
    /// The program estimates and badges use: JPY store points in Japan, the
    /// account's program in the US.
    pub fn program(&self) -> Program {
        match self.region {
            Region::Jp => Program::Points,
            Region::Us => self.account,
        }
    }

    /// The first-run choice. Membership Rewards needs every eligibility
    /// answer right; once made, the choice stands until a reset.
    pub fn choose_account(
        &mut self,
        program: Program,
        answers: Eligibility,
    ) -> Result<(), SettingsError> {
        if self.account_chosen && self.account != program {
            return Err(SettingsError::ProgramFixed(self.account));
        }
        match program {
            Program::CashBack => {}
            Program::MembershipRewards => {
                let why = if !answers.us_card {
                    Some("it needs a US American Express card")
                } else if !answers.enrolled {
                    Some("the card must be enrolled in Membership Rewards")
                } else if !answers.in_good_standing {
                    Some("the card must not be cancelled or past due")
                } else if answers.corporate {
                    Some("corporate cards are not eligible")
                } else {
                    None
                };
                if let Some(why) = why {
                    return Err(SettingsError::NotEligible(why));
                }
            }
            Program::Points => {
                return Err(SettingsError::BadInput(
                    "store points come with the Japan region, not as an account".into(),
                ))
            }
        }
        self.account = program;
        self.account_chosen = true;
        Ok(())
    }

    /// Adds a site to the muted list; returns the host as kept.
    pub fn mute(&mut self, site: &str) -> Result<String, SettingsError> {
        add_site(&mut self.muted, muted_host(site)?, "muted")
    }

    pub fn unmute(&mut self, host: &str) -> bool {
        let before = self.muted.len();
        self.muted.retain(|h| h != host);
        self.muted.len() != before
    }

    /// The shopper trusts the site at `url` (a page's URL): no lookalike
    /// warning there. Returns the host as kept.
    pub fn trust(&mut self, url: &str) -> Result<String, SettingsError> {
        let host = page_host(url)
            .ok_or_else(|| SettingsError::BadInput(format!("{url:?} is not a web page")))?;
        let host = host.strip_prefix("www.").unwrap_or(&host).to_owned();
        add_site(&mut self.trusted, host, "trusted")
    }

    /// Whether the page at `url` is on a trusted site.
    pub fn trusts_page(&self, url: &str) -> bool {
        page_host(url).is_some_and(|host| self.is_trusted(&host))
    }

    pub fn untrust(&mut self, host: &str) -> bool {
        let before = self.trusted.len();
        self.trusted.retain(|h| h != host);
        self.trusted.len() != before
    }

    /// Whether `page_host` is a trusted site or under one.
    pub fn is_trusted(&self, page_host: &str) -> bool {
        under_any(&self.trusted, page_host)
    }

    /// Whether `page_host` is a muted site or under one.
    pub fn is_muted(&self, page_host: &str) -> bool {
        under_any(&self.muted, page_host)
    }

    /// The feed URL to fetch now, if one is set and was not fetched in the
    /// last day (the catalog refresh runs at most daily).
    pub fn feed_due(&self, now_ms: i64) -> Option<&str> {
        let url = self.feed_url.as_deref()?;
        match self.feed_checked_ms {
            Some(checked) if now_ms - checked < FEED_INTERVAL_MS && now_ms >= checked => None,
            _ => Some(url),
        }
    }

    /// The feed URL to fetch now, with the check recorded first: a fetch
    /// that never ends (or a worker stopped during it) still counts as the
    /// day's one check, and says so until an outcome replaces it.
    pub fn begin_feed_check(&mut self, now_ms: i64) -> Option<String> {
        let url = self.feed_due(now_ms)?.to_owned();
        self.feed_checked_ms = Some(now_ms);
        self.feed_error = Some(FEED_UNFINISHED.to_owned());
        Some(url)
    }

    /// Notes a fetch of the feed: `Ok` when its catalog replaced the old
    /// one, `Err` with why not (the old catalog stays).
    pub fn record_feed(&mut self, now_ms: i64, outcome: Result<(), String>) {
        self.feed_checked_ms = Some(now_ms);
        match outcome {
            Ok(()) => {
                self.feed_updated_ms = Some(now_ms);
                self.feed_error = None;
            }
            Err(why) => self.feed_error = Some(why.chars().take(2_000).collect()),
        }
    }

    /// The catalog feed: an https URL, or none. A new URL is fetched at once.
    pub fn set_feed_url(&mut self, url: Option<&str>) -> Result<(), SettingsError> {
        let before = self.feed_url.clone();
        self.set_feed_url_checked(url)?;
        if self.feed_url != before {
            self.feed_checked_ms = None;
            self.feed_error = None;
        }
        Ok(())
    }

    fn set_feed_url_checked(&mut self, url: Option<&str>) -> Result<(), SettingsError> {
        self.feed_url = match url.map(str::trim).filter(|u| !u.is_empty()) {
            None => None,
            Some(u) => match url::Url::parse(u) {
                Ok(parsed) if parsed.scheme() == "https" && parsed.host().is_some() => {
                    Some(parsed.to_string())
                }
                _ => {
                    return Err(SettingsError::BadInput(
                        "the catalog feed must be an https URL".into(),
                    ))
                }
            },
        };
        Ok(())
    }
}

/// Adds `host` to `sites` (kept sorted, at most [`MAX_MUTED`]); returns it.
/// The host of a web page's URL as sites are kept (no trailing dot); `None`
/// for anything that is not an http(s) page.
pub fn page_host(url: &str) -> Option<String> {
    url::Url::parse(url)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https"))
        .and_then(|u| u.host_str().map(|h| h.trim_end_matches('.').to_owned()))
        .filter(|h| !h.is_empty())
}

fn add_site(sites: &mut Vec<String>, host: String, what: &str) -> Result<String, SettingsError> {
    if !sites.contains(&host) {
        if sites.len() >= MAX_MUTED {
            return Err(SettingsError::BadInput(format!(
                "at most {MAX_MUTED} {what} sites"
            )));
        }
        sites.push(host.clone());
        sites.sort();
    }
    Ok(host)
}

/// Whether `host` is one of `sites` or a subdomain of one.
fn under_any(sites: &[String], host: &str) -> bool {
    sites.iter().any(|site| {
        host == site
            || host
                .strip_suffix(site.as_str())
                .is_some_and(|sub| sub.ends_with('.'))
    })
}

/// `www.Macys.com`, `https://www.macys.com/x` or `macys.com.` → `macys.com`.
fn muted_host(site: &str) -> Result<String, SettingsError> {
    let site = site.trim();
    let host = match url::Url::parse(site) {
        Ok(u) if matches!(u.scheme(), "http" | "https") => u.host_str().unwrap_or("").to_owned(),
        _ => site.to_owned(),
    };
    let entry = DomainEntry::parse(&host)
        .ok()
        .filter(|e| e.path.is_empty())
        .ok_or_else(|| SettingsError::BadInput(format!("{site:?} is not a site name")))?;
    let host = entry.host;
    Ok(host.strip_prefix("www.").unwrap_or(&host).to_owned())
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    const ELIGIBLE: Eligibility = Eligibility {
        us_card: true,
        enrolled: true,
        in_good_standing: true,
        corporate: false,
    };

    #[test]
    fn membership_rewards_needs_every_answer_right_and_is_final() {
        for (answers, why) in [
            (
                Eligibility {
                    us_card: false,
                    ..ELIGIBLE
                },
                "US American Express",
            ),
            (
                Eligibility {
                    enrolled: false,
                    ..ELIGIBLE
                },
                "enrolled",
            ),
            (
                Eligibility {
                    in_good_standing: false,
                    ..ELIGIBLE
                },
                "cancelled or past due",
            ),
            (
                Eligibility {
                    corporate: true,
                    ..ELIGIBLE
                },
                "corporate",
            ),
        ] {
            let mut s = Settings::default();
            let err = s
                .choose_account(Program::MembershipRewards, answers)
                .unwrap_err();
            assert!(err.to_string().contains(why), "{err}");
            assert!(!s.account_chosen);
        }
        let mut s = Settings::default();
        s.choose_account(Program::MembershipRewards, ELIGIBLE)
            .unwrap();
        assert_eq!(s.program(), Program::MembershipRewards);
        let err = s
            .choose_account(Program::CashBack, Eligibility::default())
            .unwrap_err();
        assert!(err.to_string().contains("export your trips, then reset"));
        s.choose_account(Program::MembershipRewards, ELIGIBLE)
            .unwrap();
        assert!(s.choose_account(Program::Points, ELIGIBLE).is_err());
    }

    #[test]
    fn japan_earns_store_points_whatever_the_account() {
        let mut s = Settings::default();
        s.choose_account(Program::CashBack, Eligibility::default())
            .unwrap();
        s.region = Region::Jp;
        assert_eq!(s.program(), Program::Points);
        assert_eq!(s.region.bundled_catalog(), "catalogs/jp.json");
    }

    #[test]
    fn muting_a_site_covers_its_subdomains_only() {
        let mut s = Settings::default();
        assert_eq!(s.mute("https://www.Macys.com/shop").unwrap(), "macys.com");
        assert_eq!(s.mute("macys.com.").unwrap(), "macys.com");
        assert_eq!(s.muted, vec!["macys.com"]);
        assert_eq!(
            s.trust("https://www.xn--mazon-3ve.com/dp/1").unwrap(),
            "xn--mazon-3ve.com"
        );
        assert!(
            s.is_trusted("shop.xn--mazon-3ve.com") && !s.is_trusted("xn--mazon-3ve.com.evil.test")
        );
        assert!(s.trusts_page("https://shop.xn--mazon-3ve.com./cart"));
        assert!(!s.trusts_page("https://xn--mazon-3ve.com.evil.test/"));
        assert!(!s.trusts_page("not a url"));
        assert!(s.trust("javascript:alert(1)").is_err());
        assert!(s.untrust("xn--mazon-3ve.com") && s.trusted.is_empty());
        assert!(s.is_muted("macys.com"));
        assert!(s.is_muted("m.macys.com"));
        assert!(!s.is_muted("notmacys.com"));
        assert!(!s.is_muted("macys.com.evil.example"));
        assert!(s.mute("not a host").is_err());
        assert!(s.mute("macys.com/path").is_err());
        assert!(s.unmute("macys.com"));
        assert!(!s.is_muted("macys.com"));
    }

    #[test]
    fn the_feed_must_be_https() {
        let mut s = Settings::default();
        s.set_feed_url(Some(" https://feeds.example/us.json "))
            .unwrap();
        assert_eq!(s.feed_url.as_deref(), Some("https://feeds.example/us.json"));
        assert!(s.set_feed_url(Some("http://feeds.example/")).is_err());
        assert!(s.set_feed_url(Some("javascript:alert(1)")).is_err());
        s.set_feed_url(Some("")).unwrap();
        assert_eq!(s.feed_url, None);
    }

    #[test]
    fn a_feed_check_is_recorded_before_the_fetch_and_counts_if_it_never_ends() {
        let mut s = Settings::default();
        assert_eq!(s.begin_feed_check(0), None, "no feed set");
        s.set_feed_url(Some("https://feeds.example/us.json"))
            .unwrap();
        assert_eq!(
            s.begin_feed_check(5_000).as_deref(),
            Some("https://feeds.example/us.json")
        );
        // The worker stopped mid-fetch: no outcome. Every wake-up that day asks again.
        for wake in [6_000, 60_000, 5_000 + FEED_INTERVAL_MS - 1] {
            assert_eq!(s.begin_feed_check(wake), None, "woken at {wake}");
        }
        assert_eq!(s.feed_error.as_deref(), Some(FEED_UNFINISHED));
        assert_eq!(s.feed_checked_ms, Some(5_000));
        assert!(s.begin_feed_check(5_000 + FEED_INTERVAL_MS).is_some());
        s.record_feed(
            5_000 + FEED_INTERVAL_MS + 10,
            Err("the feed did not answer".into()),
        );
        assert_eq!(s.feed_error.as_deref(), Some("the feed did not answer"));
    }

    #[test]
    fn the_feed_is_fetched_at_most_daily_and_at_once_when_it_changes() {
        let mut s = Settings::default();
        assert_eq!(s.feed_due(0), None);
        s.set_feed_url(Some("https://feeds.example/us.json"))
            .unwrap();
        assert_eq!(s.feed_due(1_000), Some("https://feeds.example/us.json"));
        s.record_feed(1_000, Err("store x: name: missing".into()));
        assert_eq!(s.feed_due(1_000 + FEED_INTERVAL_MS - 1), None);
        assert_eq!(
            s.feed_due(1_000 + FEED_INTERVAL_MS),
            Some("https://feeds.example/us.json")
        );
        assert_eq!(s.feed_error.as_deref(), Some("store x: name: missing"));
        s.record_feed(2_000, Ok(()));
        assert_eq!(
            (s.feed_error.clone(), s.feed_updated_ms),
            (None, Some(2_000))
        );
        s.set_feed_url(Some("https://feeds.example/us.json"))
            .unwrap();
        assert_eq!(s.feed_due(3_000), None, "the same URL keeps its schedule");
        s.set_feed_url(Some("https://feeds.example/v2.json"))
            .unwrap();
        assert_eq!(s.feed_due(3_000), Some("https://feeds.example/v2.json"));
        // A clock set back does not stop the refresh for ever.
        s.record_feed(10_000, Ok(()));
        assert!(s.feed_due(5_000).is_some());
    }

    #[test]
    fn settings_round_trip_and_tolerate_what_they_do_not_know() {
        let mut s = Settings::default();
        s.choose_account(Program::MembershipRewards, ELIGIBLE)
            .unwrap();
        s.notifications = false;
        s.mute("macys.com").unwrap();
        s.set_feed_url(Some("https://feeds.example/us.json"))
            .unwrap();
        s.record_feed(5, Err("unreachable".into()));
        let text = serde_json::to_string(&s).unwrap();
        let back: Settings = crate::document::read(&text).unwrap();
        assert_eq!(back, s);
        let read: Settings = crate::document::read(r#"{"region":"JP","future":1}"#).unwrap();
        assert_eq!((read.region, read.notifications), (Region::Jp, true));
        let wrong = crate::document::read::<Settings>(r#"{"region":"FR"}"#).unwrap_err();
        assert_eq!(wrong.path, "region");
        assert_eq!(wrong.message, "must be \"US\" or \"JP\", not \"FR\"");
        let points = crate::document::read::<Settings>(r#"{"account":"points"}"#);
        assert!(points
            .unwrap_err()
            .to_string()
            .contains("account: must be cash_back"));
    }
}
