//! What a purchase earns, in each reward program, and how it reads.
//!
//! Cash back is the catalog currency in minor units. A Membership Rewards
//! account earns only points, one point per cent of the cash back it stands
//! for (1% = 1 point per $1). Japanese catalogs earn store points, one point
//! per yen. Boosts add their rate to a percentage offer while they run, up to
//! 100%. Every estimate rounds once, half-up, to the minor unit.

use crate::catalog::{CatalogInfo, Offer, Store};
use crate::document::quoted;
use crate::money::{apply_rate, format_rate, group_thousands, Currency};

/// The most a boosted rate can reach.
pub const MAX_RATE_BPS: u32 = 10_000;
/// The largest subtotal a JavaScript number carries exactly.
pub const MAX_SUBTOTAL_MINOR: u64 = (1 << 53) - 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Program {
    CashBack,
    MembershipRewards,
    Points,
}

impl Program {
    pub const ALL: [Program; 3] = [
        Program::CashBack,
        Program::MembershipRewards,
        Program::Points,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Program::CashBack => "cash_back",
            Program::MembershipRewards => "membership_rewards",
            Program::Points => "points",
        }
    }

    pub fn parse(name: &str) -> Result<Program, RewardError> {
        Program::ALL
            .into_iter()
            .find(|p| p.as_str() == name)
            .ok_or_else(|| RewardError::UnknownProgram(name.chars().take(64).collect()))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RewardError {
    #[error("unknown store {}", quoted(.0))]
    UnknownStore(String),
    #[error("unknown program {}: use \"cash_back\", \"membership_rewards\" or \"points\"", quoted(.0))]
    UnknownProgram(String),
    #[error("store {} does not offer {}: {why}", quoted(.store), .program.as_str())]
    NotOffered {
        store: String,
        program: Program,
        why: &'static str,
    },
    #[error("subtotal: {0}")]
    BadSubtotal(String),
}

/// An estimated reward.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Estimate {
    /// The cash value in minor units of the catalog currency.
    pub amount_minor: u64,
    /// Membership Rewards or store points; 0 for cash back.
    pub points: u64,
    pub display: String,
}

/// Whether `program` can earn at `store` in `catalog`, and if not, why.
pub fn check_program(
    catalog: &CatalogInfo,
    store: &Store,
    program: Program,
) -> Result<(), RewardError> {
    let refuse = |why| {
        Err(RewardError::NotOffered {
            store: store.id.clone(),
            program,
            why,
        })
    };
    match program {
        Program::CashBack => Ok(()),
        Program::MembershipRewards if catalog.region != "US" || catalog.currency.code != "USD" => {
            refuse("Membership Rewards points are for US accounts and USD catalogs")
        }
        Program::MembershipRewards if !store.membership_rewards => {
            refuse("this store does not offer Membership Rewards points")
        }
        Program::MembershipRewards => Ok(()),
        Program::Points if catalog.currency.code != "JPY" => {
            refuse("store points are for JPY catalogs (1 point = ¥1)")
        }
        Program::Points => Ok(()),
    }
}

/// The store's offer at `at_ms`, with running boosts added to a percentage.
#[inline(never)]
pub fn offer_at(store: &Store, at_ms: i64) -> Offer {
    match store.offer {
        Offer::Percent { rate_bps, up_to } => {
            let boosted = store
                .boosts
                .iter()
                .filter(|b| b.from_ms <= at_ms && at_ms < b.until_ms)
                .fold(rate_bps, |rate, b| rate.saturating_add(b.rate_bps));
            Offer::Percent {
                rate_bps: boosted.min(MAX_RATE_BPS),
                up_to,
            }
        }
        other => other,
    }
}

/// The estimate for an order of `subtotal_minor` (before tax and shipping).
pub fn estimate(
    catalog: &CatalogInfo,
    store: &Store,
    subtotal_minor: u64,
    program: Program,
    at_ms: i64,
) -> Result<Estimate, RewardError> {
    check_program(catalog, store, program)?;
    if subtotal_minor > MAX_SUBTOTAL_MINOR {
        return Err(RewardError::BadSubtotal(format!(
            "{subtotal_minor} is larger than {MAX_SUBTOTAL_MINOR}"
        )));
    }
    let amount_minor = match offer_at(store, at_ms) {
        Offer::Percent { rate_bps, .. } => apply_rate(subtotal_minor, rate_bps),
        Offer::Flat { amount_minor } => amount_minor,
        Offer::Points { points } => points,
    };
    Ok(reward(catalog.currency, amount_minor, program))
}

/// A cash value expressed in `program`.
pub fn reward(currency: Currency, amount_minor: u64, program: Program) -> Estimate {
    match program {
        Program::CashBack => Estimate {
            amount_minor,
            points: 0,
            display: currency.format(amount_minor),
        },
        Program::MembershipRewards => Estimate {
            amount_minor,
            points: amount_minor,
            display: format!("{} MR points", group_thousands(amount_minor)),
        },
        Program::Points => Estimate {
            amount_minor,
            points: amount_minor,
            display: format!("{} ポイント", group_thousands(amount_minor)),
        },
    }
}

/// Toolbar badge text, at most 4 characters: `6%`, `6.5%`, `$25`, `6x`.
pub fn badge(offer: Offer, currency: Currency, program: Program) -> String {
    match (offer, program) {
        (Offer::Percent { rate_bps, .. }, Program::MembershipRewards) => {
            let text = format!("{}x", format_rate(rate_bps));
            if text.len() <= 4 {
                text
            } else {
                format!("{}x", rate_bps / 100)
            }
        }
        (Offer::Percent { rate_bps, .. }, _) => {
            let text = format!("{}%", format_rate(rate_bps));
            if text.chars().count() <= 4 {
                text
            } else {
                // 12.5% → "12%": a badge may understate, never overstate.
                format!("{}%", rate_bps / 100)
            }
        }
        (Offer::Flat { amount_minor }, Program::MembershipRewards) => compact_points(amount_minor),
        (Offer::Flat { amount_minor }, _) => currency.format_compact(amount_minor),
        (Offer::Points { points }, _) => match points {
            p if p < 1000 => format!("{p}P"),
            p if p < 100_000 => format!("{}KP", p / 1000),
            p => compact_points(p),
        },
    }
}

fn compact_points(points: u64) -> String {
    match points {
        p if p < 10_000 => p.to_string(),
        p if p < 1_000_000 => format!("{}K", p / 1000),
        p => format!("{}M", p / 1_000_000),
    }
}

/// The offer as a shopper reads it: "Up to 6% Cash Back", "$25 Cash Back",
/// "6x MR points", "300 ポイント".
pub fn offer_text(offer: Offer, currency: Currency, program: Program) -> String {
    let up_to = |up_to: bool| if up_to { "Up to " } else { "" };
    match (offer, program) {
        (Offer::Percent { rate_bps, up_to: u }, Program::MembershipRewards) => {
            format!("{}{}x MR points per $1", up_to(u), format_rate(rate_bps))
        }
        (Offer::Percent { rate_bps, up_to: u }, Program::Points) => {
            format!("{}{}% ポイント還元", up_to(u), format_rate(rate_bps))
        }
        (Offer::Percent { rate_bps, up_to: u }, Program::CashBack) => {
            format!("{}{}% Cash Back", up_to(u), format_rate(rate_bps))
        }
        (Offer::Flat { amount_minor }, Program::CashBack) => {
            format!("{} Cash Back", currency.format(amount_minor))
        }
        (Offer::Flat { amount_minor }, program) => reward(currency, amount_minor, program).display,
        (Offer::Points { points }, Program::CashBack) => {
            format!("{} Cash Back", currency.format(points))
        }
        (Offer::Points { points }, _) => format!("{} ポイント", group_thousands(points)),
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
