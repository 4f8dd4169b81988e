//! The publisher: the rewards program that runs a ShopTrip for its members
//! (PUBLISHER.md). Its profile (`publisher.json`, schema 1) names it, brands
//! it, lists its regions with their catalogs and feeds, and says how each of
//! its reward programs pays out; the account and trip-report endpoints are
//! optional.
//!
//! A profile is read strictly, like a catalog: every problem is listed with
//! its field, and a profile with any problem is refused whole, so a build is
//! never half branded. [`Profile::parse`] checks the document;
//! [`Profile::check_files`] checks what it points to (the icon, each
//! region's catalog), for the command-line check and the package build,
//! which can read them.
//!
//! A build with no profile is the demo ([`Profile::demo`]): ShopTrip's own
//! name, the sample catalogs, no tracking links, and the seeds' payout rules.

use crate::catalog::{suffixes::SuffixList, Catalog};
use crate::document::{self, quoted};
use crate::money::Currency;
use crate::payout::{PayoutRule, Period};
use crate::rewards::Program;

pub mod account;
mod raw;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

/// The demo's profile: what the unpacked extension runs on.
const DEMO_PROFILE: &str = include_str!("../data/publisher/demo.json");

/// The least contrast text on the brand colour must keep (WCAG 2 AA).
pub const MIN_CONTRAST: f64 = 4.5;
/// The smallest icon side: the store icon is 128 px.
pub const MIN_ICON_PX: u32 = 128;
const MAX_NAME_CHARS: usize = 45;

/// One problem of a profile: the field it is in, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    pub field: String,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.field.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.field, self.message)
        }
    }
}

/// A refused profile, with every problem found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the publisher profile was refused: {}", join(.problems))]
pub struct PublisherError {
    pub problems: Vec<Problem>,
}

fn join(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

impl PublisherError {
    fn single(field: &str, message: impl Into<String>) -> PublisherError {
        PublisherError {
            problems: vec![Problem {
                field: field.to_owned(),
                message: message.into(),
            }],
        }
    }
}

/// The brand: accent colour and icon.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Brand {
    /// `#rrggbb`, lower case.
    pub color: String,
    /// The icon's path, relative to the profile.
    pub icon: String,
}

/// A region the publisher serves: its bundled catalog and optional feed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Region {
    pub region: String,
    pub currency: String,
    /// The bundled catalog's path, relative to the profile.
    pub catalog: String,
    pub feed: Option<String>,
}

/// How one reward program pays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProgramRules {
    pub program: Program,
    pub payout: PayoutRule,
    /// How many weeks points take to appear at the points partner after a
    /// payout: `(min, max)`.
    pub arrival_weeks: Option<(u32, u32)>,
}

/// The OAuth 2.0 endpoints for linking a member's account.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    pub authorize: String,
    pub token: String,
    pub revoke: String,
    pub client_id: String,
    pub scope: Option<String>,
}

/// A validated publisher profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    pub id: String,
    pub name: String,
    pub homepage: String,
    pub support: String,
    pub privacy: String,
    pub brand: Brand,
    pub firefox_id: Option<String>,
    pub regions: Vec<Region>,
    pub programs: Vec<ProgramRules>,
    pub account: Option<Account>,
    pub trips: Option<String>,
    /// The demo's profile: nothing is earned.
    pub demo: bool,
}

impl Profile {
    /// Reads and checks a profile document (not the files it names).
    pub fn parse(json: &str) -> Result<Profile, PublisherError> {
        let tree = document::parse_strict(json)
            .map_err(|e| PublisherError::single("", format!("not valid JSON: {e}")))?;
        match tree.get("schema") {
            Some(serde_json::Value::Number(n)) if n.as_u64() == Some(1) => {}
            Some(other) => {
                return Err(PublisherError::single(
                    "schema",
                    format!("schema {other} is not supported (this ShopTrip reads schema 1)"),
                ))
            }
            None if tree.is_object() => return Err(PublisherError::single("schema", "missing")),
            None => {
                return Err(PublisherError::single(
                    "",
                    format!(
                        "a publisher profile must be a JSON object, not {}",
                        document::kind(&tree)
                    ),
                ))
            }
        }
        let raw: raw::Profile = document::read(json).map_err(|refusal| {
            PublisherError::single(&refusal.path, document::plain_words(&refusal.message))
        })?;
        raw.validate(false)
    }

    /// The demo's profile (`data/publisher/demo.json`).
    pub fn demo() -> Profile {
        let raw: raw::Profile =
            serde_json::from_str(DEMO_PROFILE).expect("the demo profile is read by the tests");
        raw.validate(true)
            .expect("the demo profile is checked by the tests")
    }

    /// Whether a member may choose `program` as their account: cash back,
    /// the default, always; another program where the publisher offers it.
    pub fn check_offers(&self, program: Program) -> Result<(), String> {
        if program == Program::CashBack || self.program(program).is_some() {
            Ok(())
        } else {
            Err(format!("{} does not offer {}", self.name, program.as_str()))
        }
    }

    /// The rules of `program`, if the publisher offers it.
    pub fn program(&self, program: Program) -> Option<&ProgramRules> {
        self.programs.iter().find(|p| p.program == program)
    }

    /// Brings `settings` in line with a publisher's build: the catalog feed
    /// is the one the profile gives for the shopper's region (or none). The
    /// demo leaves the feed to the developer's settings. `true` if changed.
    pub fn apply_to(&self, settings: &mut crate::settings::Settings) -> bool {
        if self.demo {
            return false;
        }
        let feed = self
            .region(settings.region.as_str())
            .and_then(|r| r.feed.as_deref());
        if settings.feed_url.as_deref() == feed {
            return false;
        }
        // The profile's feeds were checked as https URLs when it was read.
        settings.set_feed_url(feed).is_ok()
    }

    /// The region entry for `region` (`"US"`, `"JP"`).
    pub fn region(&self, region: &str) -> Option<&Region> {
        self.regions.iter().find(|r| r.region == region)
    }

    /// Checks the files the profile names: `read(path)` gives a file's bytes
    /// (paths relative to the profile). The icon must be a square PNG of at
    /// least [`MIN_ICON_PX`]; each region's catalog must validate as a feed
    /// does, for that region and currency.
    pub fn check_files(
        &self,
        read: &dyn Fn(&str) -> Result<Vec<u8>, String>,
        suffixes: Option<&SuffixList>,
    ) -> Result<(), PublisherError> {
        let mut problems = Vec::new();
        let mut add = |field: String, message: String| problems.push(Problem { field, message });
        match read(&self.brand.icon) {
            Err(e) => add("brand.icon".into(), format!("cannot be read: {e}")),
            Ok(bytes) => {
                if let Err(why) = check_icon(&bytes) {
                    add("brand.icon".into(), why);
                }
            }
        }
        for (i, region) in self.regions.iter().enumerate() {
            let field = format!("regions[{i}].catalog");
            let text = match read(&region.catalog).map(String::from_utf8) {
                Err(e) => {
                    add(field, format!("cannot be read: {e}"));
                    continue;
                }
                Ok(Err(_)) => {
                    add(field, "is not UTF-8 text".into());
                    continue;
                }
                Ok(Ok(text)) => text,
            };
            match Catalog::parse_with(&text, suffixes) {
                Err(e) => add(field, format!("refused: {e}")),
                Ok(catalog) => {
                    if catalog.region != region.region || catalog.currency.code != region.currency {
                        add(
                            field,
                            format!(
                                "is a catalog for {} in {}, not {} in {}",
                                catalog.region,
                                catalog.currency.code,
                                region.region,
                                region.currency
                            ),
                        );
                    }
                }
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(PublisherError { problems })
        }
    }
}

/// Whether `bytes` are a square PNG of at least [`MIN_ICON_PX`] (read from
/// its signature and header chunk; the package build decodes it whole).
pub fn check_icon(bytes: &[u8]) -> Result<(), String> {
    const SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n'];
    let header = bytes
        .get(..24)
        .filter(|h| h[..8] == SIGNATURE && &h[12..16] == b"IHDR")
        .ok_or("is not a PNG image")?;
    let side = |at: usize| {
        u32::from_be_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]])
    };
    let (width, height) = (side(16), side(20));
    if width != height {
        return Err(format!("is {width}×{height} px; it must be square"));
    }
    if width < MIN_ICON_PX {
        return Err(format!(
            "is {width} px wide; it must be at least {MIN_ICON_PX} px"
        ));
    }
    Ok(())
}

/// The WCAG 2 contrast ratio of two `#rrggbb` colours (1 to 21).
pub fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
    let luminance = |rgb: [u8; 3]| {
        let linear = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * linear(rgb[0]) + 0.7152 * linear(rgb[1]) + 0.0722 * linear(rgb[2])
    };
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// `#rrggbb` as its three channels.
pub fn parse_color(text: &str) -> Option<[u8; 3]> {
    let hex = text.strip_prefix('#').filter(|h| h.len() == 6)?;
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some([channel(0)?, channel(2)?, channel(4)?])
}

/// What a build is, for pages and the JS API: the profile without its
/// endpoints' details.
#[derive(Debug, Clone, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub demo: bool,
    pub homepage: &'a str,
    pub support: &'a str,
    pub privacy: &'a str,
    pub color: &'a str,
    pub icon: &'a str,
    pub firefox_id: Option<&'a str>,
    pub regions: &'a [Region],
    pub programs: Vec<&'static str>,
    pub account: bool,
    pub trips: bool,
}

impl Profile {
    pub fn summary(&self) -> Summary<'_> {
        Summary {
            id: &self.id,
            name: &self.name,
            demo: self.demo,
            homepage: &self.homepage,
            support: &self.support,
            privacy: &self.privacy,
            color: &self.brand.color,
            icon: &self.brand.icon,
            firefox_id: self.firefox_id.as_deref(),
            regions: &self.regions,
            programs: self.programs.iter().map(|p| p.program.as_str()).collect(),
            account: self.account.is_some(),
            trips: self.trips.is_some(),
        }
    }
}

/// Problems found while checking a raw profile.
struct Problems(Vec<Problem>);

impl Problems {
    fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(Problem {
            field: field.into(),
            message: message.into(),
        });
    }

    /// An https URL with a host and no credentials, or a problem.
    fn https(&mut self, field: &str, text: &str) -> String {
        match url::Url::parse(text) {
            Ok(url)
                if url.scheme() == "https"
                    && url.host_str().is_some()
                    && url.username().is_empty()
                    && url.password().is_none() =>
            {
                url.into()
            }
            Ok(_) => {
                self.add(field, format!("{} is not an https URL", quoted(text)));
                String::new()
            }
            Err(e) => {
                self.add(field, format!("{} is not a URL ({e})", quoted(text)));
                String::new()
            }
        }
    }

    /// A path inside the profile's folder: relative, no `..`, no `\`.
    fn relative_path(&mut self, field: &str, text: &str, ending: &str) {
        let bad = text.is_empty()
            || text.starts_with('/')
            || text.contains('\\')
            || text.contains(':')
            || text
                .split('/')
                .any(|part| part.is_empty() || part == "." || part == "..");
        if bad {
            self.add(
                field,
                format!(
                    "{} must be a path inside the profile's folder",
                    quoted(text)
                ),
            );
        } else if !text.to_ascii_lowercase().ends_with(ending) {
            self.add(field, format!("{} must be a {ending} file", quoted(text)));
        }
    }
}

impl raw::Profile {
    fn validate(self, demo: bool) -> Result<Profile, PublisherError> {
        let mut p = Problems(Vec::new());
        let id_ok = !self.id.is_empty()
            && self.id.len() <= 64
            && self
                .id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !id_ok {
            p.add(
                "id",
                format!("{} must be 1 to 64 of a-z, 0-9 and -", quoted(&self.id)),
            );
        }
        let chars = self.name.chars().count();
        if self.name.trim() != self.name || !(1..=MAX_NAME_CHARS).contains(&chars) {
            p.add(
                "name",
                format!("must be 1 to {MAX_NAME_CHARS} characters with no space around them"),
            );
        } else if self
            .name
            .chars()
            .any(|c| c.is_control() || matches!(c, '<' | '>'))
        {
            p.add(
                "name",
                format!(
                    "{} must be plain text: no markup, no control characters",
                    quoted(&self.name)
                ),
            );
        }
        let homepage = p.https("homepage", &self.homepage);
        let support = p.https("support", &self.support);
        let privacy = p.https("privacy", &self.privacy);
        let color = self.brand.color.to_ascii_lowercase();
        match parse_color(&color) {
            None => p.add(
                "brand.color",
                format!("{} is not a #rrggbb colour", quoted(&self.brand.color)),
            ),
            Some(rgb) => {
                let ratio = contrast(rgb, [255, 255, 255]);
                if ratio < MIN_CONTRAST {
                    p.add(
                        "brand.color",
                        format!(
                            "{color}: white text on it has a contrast of {ratio:.2}:1; \
                             WCAG AA needs at least {MIN_CONTRAST}:1"
                        ),
                    );
                }
            }
        }
        p.relative_path("brand.icon", &self.brand.icon, ".png");
        if let Some(id) = &self.firefox_id {
            let email_like = id
                .split_once('@')
                .is_some_and(|(name, domain)| !name.is_empty() && domain.contains('.'));
            let uuid_like = id.starts_with('{') && id.ends_with('}') && id.len() == 38;
            let plain = id.len() <= 80
                && id
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-._@{}".contains(&b));
            if !(plain && (email_like || uuid_like)) {
                p.add(
                    "firefoxId",
                    format!(
                        "{} must be name@domain or a {{UUID}}, as AMO knows add-ons",
                        quoted(id)
                    ),
                );
            }
        }
        let regions = self.regions(&mut p);
        let programs = self.programs(&regions, &mut p);
        let account = self.account.map(|a| Account {
            authorize: p.https("account.authorize", &a.authorize),
            token: p.https("account.token", &a.token),
            revoke: p.https("account.revoke", &a.revoke),
            client_id: {
                if a.client_id.is_empty()
                    || a.client_id.len() > 200
                    || !a.client_id.bytes().all(|b| b.is_ascii_graphic())
                {
                    p.add(
                        "account.clientId",
                        "must be 1 to 200 printable ASCII characters",
                    );
                }
                a.client_id
            },
            scope: a.scope,
        });
        let trips = self.trips.map(|t| p.https("trips", &t));
        if trips.is_some() && account.is_none() {
            p.add(
                "trips",
                "needs account: trip reports are asked for with the member's linked account",
            );
        }
        if !p.0.is_empty() {
            return Err(PublisherError { problems: p.0 });
        }
        Ok(Profile {
            id: self.id,
            name: self.name,
            homepage,
            support,
            privacy,
            brand: Brand {
                color,
                icon: self.brand.icon,
            },
            firefox_id: self.firefox_id,
            regions,
            programs,
            account,
            trips,
            demo,
        })
    }

    fn regions(&self, p: &mut Problems) -> Vec<Region> {
        if self.regions.is_empty() {
            p.add("regions", "at least one region is needed");
        }
        let mut regions: Vec<Region> = Vec::new();
        for (i, r) in self.regions.iter().enumerate() {
            let field = |name: &str| format!("regions[{i}].{name}");
            let expected = match r.region.as_str() {
                "US" => Some(Currency::USD),
                "JP" => Some(Currency::JPY),
                _ => None,
            };
            match expected {
                None => p.add(
                    field("region"),
                    format!(
                        "{} is not a region ShopTrip serves (\"US\", \"JP\")",
                        quoted(&r.region)
                    ),
                ),
                Some(currency) if currency.code != r.currency => p.add(
                    field("currency"),
                    format!(
                        "{} is not the currency of {} ({})",
                        quoted(&r.currency),
                        r.region,
                        currency.code
                    ),
                ),
                Some(_) => {}
            }
            if regions.iter().any(|seen| seen.region == r.region) {
                p.add(field("region"), format!("{} is listed twice", r.region));
            }
            p.relative_path(&field("catalog"), &r.catalog, ".json");
            let feed = r.feed.as_deref().map(|f| p.https(&field("feed"), f));
            regions.push(Region {
                region: r.region.clone(),
                currency: r.currency.clone(),
                catalog: r.catalog.clone(),
                feed,
            });
        }
        regions
    }

    fn programs(&self, regions: &[Region], p: &mut Problems) -> Vec<ProgramRules> {
        let serves = |currency: &str| regions.iter().any(|r| r.currency == currency);
        let mut programs = Vec::new();
        for (name, raw) in [
            ("cash_back", &self.programs.cash_back),
            ("membership_rewards", &self.programs.membership_rewards),
            ("points", &self.programs.points),
        ] {
            let Some(raw) = raw else { continue };
            let Ok(program) = Program::parse(name) else {
                continue;
            };
            let field = |rest: &str| format!("programs.{name}.{rest}");
            match program {
                Program::MembershipRewards if !serves("USD") => p.add(
                    format!("programs.{name}"),
                    "Membership Rewards is for US members: it needs a US region in USD",
                ),
                Program::Points if !serves("JPY") => p.add(
                    format!("programs.{name}"),
                    "store points are for Japan: they need a JP region in JPY",
                ),
                _ => {}
            }
            let period = match raw.payout.period.as_str() {
                "month" => Some(Period::Month),
                "quarter" => Some(Period::Quarter),
                other => {
                    p.add(
                        field("payout.period"),
                        format!("{} must be \"month\" or \"quarter\"", quoted(other)),
                    );
                    None
                }
            };
            if raw.payout.months_after > 12 {
                p.add(field("payout.monthsAfter"), "must be 0 to 12");
            }
            if !(1..=28).contains(&raw.payout.day) {
                p.add(
                    field("payout.day"),
                    "must be 1 to 28, a day every month has",
                );
            }
            let points = program != Program::CashBack;
            let (wanted, unwanted) = if points {
                ("minimumPoints", raw.payout.minimum_minor.is_some())
            } else {
                ("minimumMinor", raw.payout.minimum_points.is_some())
            };
            let minimum = if points {
                raw.payout.minimum_points
            } else {
                raw.payout.minimum_minor
            };
            if unwanted || minimum.is_none() {
                p.add(
                    field("payout"),
                    format!("{name} pays by {wanted} (and only that minimum)"),
                );
            }
            let arrival_weeks = raw.arrival_weeks.map(|[min, max]| (min, max));
            if let Some((min, max)) = arrival_weeks {
                if min > max || max > 52 {
                    p.add(
                        field("arrivalWeeks"),
                        "must be [min, max] weeks, min ≤ max ≤ 52",
                    );
                }
            }
            if let Some(period) = period {
                programs.push(ProgramRules {
                    program,
                    payout: PayoutRule {
                        period,
                        months_after: raw.payout.months_after,
                        day: raw.payout.day,
                        minimum: minimum.unwrap_or(0),
                    },
                    arrival_weeks,
                });
            }
        }
        if programs.is_empty() && p.0.iter().all(|x| !x.field.starts_with("programs")) {
            p.add("programs", "at least one reward program is needed");
        }
        programs
    }
}
