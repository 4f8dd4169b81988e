//! The member's linked account, as the book keeps it: whether it is linked
//! or needs signing in again, and what the last trip report request came
//! to. The tokens are not here: the worker keeps them where no page and no
//! export can read them (src/publisher/account.rs). What is here is what
//! the settings show, and what decides whether a report is asked for.

use super::publisher_reports::{Failure, Outcome};
use super::TripBook;
use crate::time::Date;
use serde::{Deserialize, Serialize};

/// The problems listed for the last report are this many at most.
const MAX_LISTED_PROBLEMS: usize = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LinkState {
    Linked,
    /// The publisher refused the tokens, even renewed: the member must sign in.
    SignInAgain,
}

/// What the last request for a trip report came to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LastReport {
    pub at_ms: i64,
    /// Why no report was taken; `None` when one was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
    #[serde(default)]
    pub applied: u32,
    #[serde(default)]
    pub ignored: u32,
    #[serde(default)]
    pub skipped: u32,
    /// The ignored and skipped entries, where and why.
    #[serde(default)]
    pub problems: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountLink {
    pub state: LinkState,
    pub since_ms: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_report: Option<LastReport>,
}

impl TripBook {
    pub fn account_link(&self) -> Option<&AccountLink> {
        self.account.as_ref()
    }

    /// The member linked their account: a report is due at once.
    pub fn link_account(&mut self, now_ms: i64) {
        self.account = Some(AccountLink {
            state: LinkState::Linked,
            since_ms: now_ms,
            last_report: None,
        });
        self.report_schedule = Default::default();
    }

    /// The tokens were refused even renewed: nothing is asked until the
    /// member signs in again.
    pub fn account_needs_sign_in(&mut self, now_ms: i64) {
        if let Some(link) = self.account.as_mut() {
            link.state = LinkState::SignInAgain;
            link.since_ms = now_ms;
        }
    }

    /// Signed out: the balance was the account's and goes with it; what the
    /// publisher reported about each trip stays, as the trip's history.
    pub fn sign_out(&mut self) {
        self.account = None;
        self.ledger = None;
        self.report_schedule = Default::default();
    }

    /// Whether to ask for a trip report now: the account is linked and the
    /// schedule allows it (see [`super::publisher_reports::ReportSchedule::due`]).
    pub fn report_due(&self, now_ms: i64, asked_by_member: bool) -> bool {
        self.account
            .as_ref()
            .is_some_and(|a| a.state == LinkState::Linked)
            && self.report_schedule.due(now_ms, asked_by_member)
    }

    /// A report was taken.
    pub fn report_taken(&mut self, outcome: &Outcome, now_ms: i64) {
        self.report_schedule.succeeded(now_ms);
        self.note_report(LastReport {
            at_ms: now_ms,
            problem: None,
            applied: outcome.applied,
            ignored: outcome.ignored,
            skipped: outcome.skipped,
            problems: outcome
                .problems
                .iter()
                .take(MAX_LISTED_PROBLEMS)
                .cloned()
                .collect(),
        });
    }

    /// No report was taken: `status` is the HTTP status (0 when there was
    /// no answer, or the answer was refused), `retry_after` the header.
    pub fn report_failed(
        &mut self,
        status: u16,
        retry_after: Option<&str>,
        problem: &str,
        now_ms: i64,
    ) {
        let failure = match status {
            429 | 503 => Failure::Busy {
                retry_after_ms: retry_after.and_then(|text| retry_after_ms(text, now_ms)),
            },
            _ => Failure::Other,
        };
        self.report_schedule.failed(failure, now_ms);
        self.note_report(LastReport {
            at_ms: now_ms,
            problem: Some(problem.chars().take(300).collect()),
            ..LastReport::default()
        });
    }

    fn note_report(&mut self, report: LastReport) {
        if let Some(link) = self.account.as_mut() {
            link.last_report = Some(report);
        }
    }
}

/// `Retry-After` (RFC 9110 §10.2.3): seconds, or an HTTP date, as a wait
/// from `now_ms`. Anything else is no wait asked.
pub fn retry_after_ms(text: &str, now_ms: i64) -> Option<i64> {
    let text = text.trim();
    if !text.is_empty() && text.len() <= 12 && text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse::<i64>().ok().map(|s| s.saturating_mul(1000));
    }
    http_date_ms(text).map(|at| at.saturating_sub(now_ms).max(0))
}

/// An IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT`, in ms since the epoch.
fn http_date_ms(text: &str) -> Option<i64> {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let mut parts = text.split(' ');
    let (_weekday, day, month, year, time, zone) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    if parts.next().is_some() || zone != "GMT" || day.len() != 2 || year.len() != 4 {
        return None;
    }
    let month = MONTHS.iter().position(|m| *m == month)? as u8 + 1;
    let date = Date::new(year.parse().ok()?, month, day.parse().ok()?)?;
    let mut clock = time
        .split(':')
        .map(|n| (n.len() == 2).then(|| n.parse::<i64>().ok()).flatten());
    let (h, m, s) = (clock.next()??, clock.next()??, clock.next()??);
    if clock.next().is_some() || h > 23 || m > 59 || s > 60 {
        return None;
    }
    Some(date.start_ms() + ((h * 60 + m) * 60 + s) * 1000)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trips::publisher_reports::{BACKOFF_MIN_MS, REPORT_INTERVAL_MS};

    const NOW: i64 = 1_900_000_000_000;

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        assert_eq!(retry_after_ms("3600", NOW), Some(3_600_000));
        let at = http_date_ms("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
        assert_eq!(at, 784_111_777_000);
        assert_eq!(
            retry_after_ms("Sun, 06 Nov 1994 08:49:37 GMT", at - 5_000),
            Some(5_000)
        );
        assert_eq!(
            retry_after_ms("Sun, 06 Nov 1994 08:49:37 GMT", at + 5_000),
            Some(0)
        );
        for bad in [
            "",
            "-1",
            "soon",
            "1.5",
            "Sun, 06 Nov 1994 08:49:37 CET",
            "99999999999999999",
        ] {
            assert_eq!(retry_after_ms(bad, NOW), None, "{bad}");
        }
    }

    #[test]
    fn reports_are_asked_for_only_while_linked() {
        let mut book = TripBook::default();
        assert!(!book.report_due(NOW, true), "signed out");
        book.link_account(NOW);
        assert!(book.report_due(NOW, false), "due at once after linking");
        book.report_taken(&Outcome::default(), NOW);
        assert!(!book.report_due(NOW + 1000, false));
        assert!(book.report_due(NOW + 1000, true), "the member may ask");
        assert!(book.report_due(NOW + REPORT_INTERVAL_MS, false));
        book.account_needs_sign_in(NOW);
        assert!(
            !book.report_due(NOW + REPORT_INTERVAL_MS, true),
            "sign in again"
        );
        book.link_account(NOW);
        book.sign_out();
        assert!(book.account_link().is_none() && book.ledger().is_none());
    }

    #[test]
    fn a_busy_publisher_is_asked_again_when_it_said_and_a_failing_one_later_and_later() {
        let mut book = TripBook::default();
        book.link_account(NOW);
        book.report_failed(429, Some("3600"), "busy", NOW);
        assert_eq!(book.report_schedule.next_ms, NOW + 3_600_000);
        assert!(
            !book.report_due(NOW + 1000, true),
            "Retry-After holds for Refresh too"
        );
        let mut book = TripBook::default();
        book.link_account(NOW);
        let waits: Vec<i64> = (0..9)
            .map(|_| {
                book.report_failed(500, None, "HTTP 500", NOW);
                book.report_schedule.next_ms - NOW
            })
            .collect();
        assert_eq!(waits[0], BACKOFF_MIN_MS);
        assert_eq!(waits[1], 2 * BACKOFF_MIN_MS);
        assert_eq!(*waits.last().unwrap(), 24 * 3_600_000, "up to a day");
        let note = book.account_link().unwrap().last_report.as_ref().unwrap();
        assert_eq!(note.problem.as_deref(), Some("HTTP 500"));
    }
}
