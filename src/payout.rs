//! Payout schedules, as the publisher's profile gives them for each reward
//! program (PUBLISHER.md, `programs.*.payout`): what was confirmed in a
//! period (a month or a quarter) is paid on `day` of the month `monthsAfter`
//! months after the period's last month, once the balance reaches the
//! minimum; a smaller balance carries over to the next payout. The seeds'
//! schedule, the sample publisher's, is quarterly on Feb 15, May 15, Aug 15
//! and Nov 15 for the quarter that ended about six weeks before, from $5.01
//! or 500 points ([`PayoutRule::SEEDS_CASH_BACK`]).

use crate::time::Date;

/// The period whose confirmed rewards one payout pays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Month,
    Quarter,
}

impl Period {
    fn months(self) -> i64 {
        match self {
            Period::Month => 1,
            Period::Quarter => 3,
        }
    }
}

/// One program's payout schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PayoutRule {
    pub period: Period,
    /// Months from the period's last month to the payout's month.
    pub months_after: u32,
    /// The payout's day of the month (1 to 28).
    pub day: u32,
    /// The smallest balance a payout moves, in the program's unit (minor
    /// units of cash back, or points).
    pub minimum: u64,
}

/// A month as one number: `year * 12 + month - 1`.
fn month_index(date: Date) -> i64 {
    i64::from(date.year) * 12 + i64::from(date.month) - 1
}

impl PayoutRule {
    /// The seeds' cash back: quarterly, the 15th two months after the
    /// quarter, from $5.01.
    pub const SEEDS_CASH_BACK: PayoutRule = PayoutRule {
        period: Period::Quarter,
        months_after: 2,
        day: 15,
        minimum: 501,
    };

    /// The payout day of the period whose last month is `end` (a month index).
    fn day_for_period_ending(&self, end: i64) -> Date {
        let month = end + i64::from(self.months_after);
        Date {
            year: month.div_euclid(12) as i32,
            month: (month.rem_euclid(12) + 1) as u8,
            day: self.day.clamp(1, 28) as u8,
        }
    }

    /// The last month (index) of the period `date` falls in.
    fn period_end(&self, date: Date) -> i64 {
        let months = self.period.months();
        let index = month_index(date);
        index - index.rem_euclid(months) + months - 1
    }

    /// The payout day for something confirmed on `confirmed`.
    pub fn payout_date_for(&self, confirmed: Date) -> Date {
        self.day_for_period_ending(self.period_end(confirmed))
    }

    /// The first payout day on or after `today`.
    pub fn next_payout_day(&self, today: Date) -> Date {
        let months = self.period.months();
        // Payout days grow with their periods: start from a period whose
        // payout is surely before today and step forward.
        let back = i64::from(self.months_after) / months + 2;
        let mut end = self.period_end(today) - back * months;
        loop {
            let day = self.day_for_period_ending(end);
            if day >= today {
                return day;
            }
            end += months;
        }
    }
}

/// When transferred points show at the points partner: `weeks.0` to
/// `weeks.1` weeks after the transfer.
pub fn arrival_window(transfer: Date, weeks: (u32, u32)) -> (Date, Date) {
    let days = |w: u32| i64::from(w) * 7;
    (
        transfer.add_days(days(weeks.0)),
        transfer.add_days(days(weeks.1)),
    )
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
    /// far (the current period's join the one after).
    pub next: Payout,
    pub minimum: u64,
}

/// Runs `rule` over `confirmed` (date confirmed, amount in the program's
/// unit), in any order.
pub fn plan(confirmed: &[(Date, u64)], rule: &PayoutRule, today: Date) -> PayoutPlan {
    let minimum = rule.minimum;
    let mut by_day: Vec<(Date, u64)> = confirmed
        .iter()
        .map(|&(date, amount)| (rule.payout_date_for(date), amount))
        .collect();
    by_day.sort();
    let mut past = Vec::new();
    let mut balance = 0u64;
    let next_day = rule.next_payout_day(today);
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
        // Later days belong to periods that have not closed yet.
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

    const SEEDS: PayoutRule = PayoutRule::SEEDS_CASH_BACK;
    const SEEDS_MR: PayoutRule = PayoutRule {
        minimum: 500,
        ..PayoutRule::SEEDS_CASH_BACK
    };

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
            assert_eq!(SEEDS.payout_date_for(confirmed), paid, "{confirmed}");
        }
    }

    #[test]
    fn finds_the_next_payout_day() {
        assert_eq!(SEEDS.next_payout_day(d(2026, 11, 22)), d(2027, 2, 15));
        assert_eq!(SEEDS.next_payout_day(d(2026, 11, 15)), d(2026, 11, 15));
        assert_eq!(SEEDS.next_payout_day(d(2026, 1, 1)), d(2026, 2, 15));
        assert_eq!(SEEDS.next_payout_day(d(2026, 5, 16)), d(2026, 8, 15));
    }

    #[test]
    fn cash_back_is_paid_only_above_five_dollars() {
        assert_eq!(SEEDS.minimum, 501);
        let today = d(2026, 4, 1);
        let plan_for = |amount| plan(&[(d(2026, 2, 1), amount)], &SEEDS, today).next;
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
        let p = plan(&confirmed, &SEEDS, d(2026, 9, 1));
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
        let p = plan(&[(d(2026, 10, 2), 499)], &SEEDS_MR, d(2026, 11, 22));
        assert_eq!(
            p.next,
            Payout {
                date: d(2027, 2, 15),
                paid: 0,
                carried_over: 499
            }
        );
        let p = plan(&[(d(2026, 10, 2), 500)], &SEEDS_MR, d(2026, 11, 22));
        assert_eq!(p.next.paid, 500);
    }

    #[test]
    fn the_current_quarter_waits_for_its_own_payout() {
        // Confirmed in Q4 2026; on Nov 22 the next payout (Feb 15) pays it,
        // but something confirmed in January waits for May.
        let confirmed = [(d(2026, 10, 5), 800), (d(2027, 1, 5), 900)];
        let p = plan(&confirmed, &SEEDS, d(2026, 11, 22));
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
            arrival_window(d(2026, 11, 15), (8, 12)),
            (d(2027, 1, 10), d(2027, 2, 7))
        );
    }

    #[test]
    fn a_monthly_schedule_pays_on_the_first_of_the_next_month_from_ten_dollars() {
        let monthly = PayoutRule {
            period: Period::Month,
            months_after: 1,
            day: 1,
            minimum: 1_000,
        };
        assert_eq!(monthly.payout_date_for(d(2026, 1, 31)), d(2026, 2, 1));
        assert_eq!(monthly.payout_date_for(d(2026, 12, 5)), d(2027, 1, 1));
        assert_eq!(monthly.next_payout_day(d(2026, 12, 2)), d(2027, 1, 1));
        assert_eq!(monthly.next_payout_day(d(2026, 12, 1)), d(2026, 12, 1));
        let p = plan(
            &[(d(2026, 10, 3), 600), (d(2026, 11, 3), 500)],
            &monthly,
            d(2026, 12, 3),
        );
        assert_eq!(
            p.past,
            vec![
                Payout {
                    date: d(2026, 11, 1),
                    paid: 0,
                    carried_over: 600
                },
                Payout {
                    date: d(2026, 12, 1),
                    paid: 1_100,
                    carried_over: 0
                },
            ]
        );
        assert_eq!(
            p.next,
            Payout {
                date: d(2027, 1, 1),
                paid: 0,
                carried_over: 0
            }
        );
        assert_eq!(p.minimum, 1_000);
    }

    #[test]
    fn payout_days_never_go_backwards_for_any_rule() {
        for period in [Period::Month, Period::Quarter] {
            for months_after in [0, 1, 2, 5, 12] {
                for day in [1, 15, 28] {
                    let rule = PayoutRule {
                        period,
                        months_after,
                        day,
                        minimum: 1,
                    };
                    let mut last = rule.next_payout_day(d(2025, 1, 1));
                    for offset in 0..800 {
                        let today = d(2025, 1, 1).add_days(offset);
                        let next = rule.next_payout_day(today);
                        assert!(next >= today && next >= last, "{rule:?} {today}");
                        assert_eq!(rule.next_payout_day(next), next);
                        last = next;
                    }
                }
            }
        }
    }
}
