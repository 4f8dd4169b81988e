//! The payout schedule (SPEC.md): quarterly on Feb 15, May 15, Aug 15 and
//! Nov 15, each paying what was confirmed in the quarter that ended about six
//! weeks before. Cash back is paid only above $5.00 and Membership Rewards
//! points only from 500; a smaller balance carries over to the next payout.
//! Points appear at American Express 8 to 12 weeks after the transfer.

use crate::rewards::Program;
use crate::time::Date;

/// Cash back is paid only when the balance is at least this ($5.01).
pub const CASH_BACK_MINIMUM_MINOR: u64 = 501;
/// Membership Rewards points move only once this many have accrued.
pub const MR_MINIMUM_POINTS: u64 = 500;

/// The smallest balance (in the program's unit: minor units or points) that
/// a payout moves.
pub fn minimum(program: Program) -> u64 {
    match program {
        Program::CashBack => CASH_BACK_MINIMUM_MINOR,
        Program::MembershipRewards | Program::Points => MR_MINIMUM_POINTS,
    }
}

/// The payout day for something confirmed on `confirmed`: the quarter it
/// falls in decides (Jan–Mar → May 15, Apr–Jun → Aug 15, Jul–Sep → Nov 15,
/// Oct–Dec → Feb 15 of the next year).
pub fn payout_date_for(confirmed: Date) -> Date {
    let (year, month) = match confirmed.month {
        1..=3 => (confirmed.year, 5),
        4..=6 => (confirmed.year, 8),
        7..=9 => (confirmed.year, 11),
        _ => (confirmed.year + 1, 2),
    };
    Date {
        year,
        month,
        day: 15,
    }
}

/// The first payout day on or after `today`.
pub fn next_payout_day(today: Date) -> Date {
    [2u8, 5, 8, 11]
        .iter()
        .map(|&month| Date {
            year: today.year,
            month,
            day: 15,
        })
        .find(|d| *d >= today)
        .unwrap_or(Date {
            year: today.year + 1,
            month: 2,
            day: 15,
        })
}

/// When transferred points show at American Express: 8 to 12 weeks later.
pub fn amex_arrival_window(transfer: Date) -> (Date, Date) {
    (transfer.add_days(8 * 7), transfer.add_days(12 * 7))
}

/// One payout that happened, or the next one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payout {
    pub date: Date,
    /// What it pays; 0 when the balance is below the minimum.
    pub paid: u64,
    /// What is held over to the following payout.
    pub carried_over: u64,
}

/// Where an account stands on `today`, from its confirmed rewards.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayoutPlan {
    pub past: Vec<Payout>,
    /// The next payout day and what it will pay on the rewards confirmed so
    /// far (the current quarter's join the one after).
    pub next: Payout,
    pub minimum: u64,
}

/// Runs the schedule over `confirmed` (date confirmed, amount in the
/// program's unit), in any order.
pub fn plan(confirmed: &[(Date, u64)], program: Program, today: Date) -> PayoutPlan {
    let minimum = minimum(program);
    let mut by_day: Vec<(Date, u64)> = confirmed
        .iter()
        .map(|&(date, amount)| (payout_date_for(date), amount))
        .collect();
    by_day.sort();
    let mut past = Vec::new();
    let mut balance = 0u64;
    let next_day = next_payout_day(today);
    let mut due_next = 0u64;
    for group in by_day.chunk_by(|a, b| a.0 == b.0) {
        let day = group[0].0;
        let sum = group.iter().fold(0u64, |s, (_, a)| s.saturating_add(*a));
        if day < today {
            balance = balance.saturating_add(sum);
            let paid = if balance >= minimum { balance } else { 0 };
            balance -= paid;
            past.push(Payout {
                date: day,
                paid,
                carried_over: balance,
            });
        } else if day == next_day {
            due_next = sum;
        }
        // Later days belong to quarters that have not closed yet.
    }
    let total = balance.saturating_add(due_next);
    let next = if total >= minimum {
        Payout {
            date: next_day,
            paid: total,
            carried_over: 0,
        }
    } else {
        Payout {
            date: next_day,
            paid: 0,
            carried_over: total,
        }
    };
    PayoutPlan {
        past,
        next,
        minimum,
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn d(y: i32, m: u8, day: u8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    #[test]
    fn each_quarter_pays_six_weeks_after_it_ends() {
        let cases = [
            (d(2026, 1, 1), d(2026, 5, 15)),
            (d(2026, 3, 31), d(2026, 5, 15)),
            (d(2026, 4, 1), d(2026, 8, 15)),
            (d(2026, 6, 30), d(2026, 8, 15)),
            (d(2026, 7, 1), d(2026, 11, 15)),
            (d(2026, 9, 30), d(2026, 11, 15)),
            (d(2026, 10, 1), d(2027, 2, 15)),
            (d(2026, 12, 31), d(2027, 2, 15)),
        ];
        for (confirmed, paid) in cases {
            assert_eq!(payout_date_for(confirmed), paid, "{confirmed}");
        }
    }

    #[test]
    fn finds_the_next_payout_day() {
        assert_eq!(next_payout_day(d(2026, 11, 22)), d(2027, 2, 15));
        assert_eq!(next_payout_day(d(2026, 11, 15)), d(2026, 11, 15));
        assert_eq!(next_payout_day(d(2026, 1, 1)), d(2026, 2, 15));
        assert_eq!(next_payout_day(d(2026, 5, 16)), d(2026, 8, 15));
    }

    #[test]
    fn cash_back_is_paid_only_above_five_dollars() {
        assert_eq!(minimum(Program::CashBack), 501);
        let today = d(2026, 4, 1);
        let plan_for = |amount| plan(&[(d(2026, 2, 1), amount)], Program::CashBack, today).next;
        assert_eq!(
            plan_for(500),
            Payout {
                date: d(2026, 5, 15),
                paid: 0,
                carried_over: 500
            }
        );
        assert_eq!(
            plan_for(501),
            Payout {
                date: d(2026, 5, 15),
                paid: 501,
                carried_over: 0
            }
        );
    }

    #[test]
    fn small_balances_carry_over() {
        let confirmed = [
            (d(2026, 2, 1), 300),
            (d(2026, 5, 1), 300),
            (d(2026, 8, 1), 100),
        ];
        let p = plan(&confirmed, Program::CashBack, d(2026, 9, 1));
        assert_eq!(
            p.past,
            vec![
                Payout {
                    date: d(2026, 5, 15),
                    paid: 0,
                    carried_over: 300
                },
                Payout {
                    date: d(2026, 8, 15),
                    paid: 600,
                    carried_over: 0
                },
            ]
        );
        assert_eq!(
            p.next,
            Payout {
                date: d(2026, 11, 15),
                paid: 0,
                carried_over: 100
            }
        );
    }

    #[test]
    fn membership_rewards_move_from_500_points() {
        let p = plan(
            &[(d(2026, 10, 2), 499)],
            Program::MembershipRewards,
            d(2026, 11, 22),
        );
        assert_eq!(
            p.next,
            Payout {
                date: d(2027, 2, 15),
                paid: 0,
                carried_over: 499
            }
        );
        let p = plan(
            &[(d(2026, 10, 2), 500)],
            Program::MembershipRewards,
            d(2026, 11, 22),
        );
        assert_eq!(p.next.paid, 500);
    }

    #[test]
    fn the_current_quarter_waits_for_its_own_payout() {
        // Confirmed in Q4 2026; on Nov 22 the next payout (Feb 15) pays it,
        // but something confirmed in January waits for May.
        let confirmed = [(d(2026, 10, 5), 800), (d(2027, 1, 5), 900)];
        let p = plan(&confirmed, Program::CashBack, d(2026, 11, 22));
        assert_eq!(
            p.next,
            Payout {
                date: d(2027, 2, 15),
                paid: 800,
                carried_over: 0
            }
        );
    }

    #[test]
    fn points_arrive_at_amex_8_to_12_weeks_after_transfer() {
        assert_eq!(
            amex_arrival_window(d(2026, 11, 15)),
            (d(2027, 1, 10), d(2027, 2, 7))
        );
    }
}
