//! Calendar arithmetic in UTC milliseconds since the Unix epoch, the unit both
//! JavaScript's `Date.now()` and the stored trips use. The core needs dates
//! for boost windows, coupon expiry and payout days only, so a few exact
//! civil-calendar functions replace a date library in the wasm.
//!
//! Measured against the `time` crate (0.3, `parsing` and `macros`, with
//! `Date` and `parse_rfc3339` on its `Date::from_julian_day` and RFC 3339
//! parser): the wasm grew by 12.0 KB gzipped (357,226 → 369,240 bytes) for
//! these 200 lines, in a wasm already over its 300 KB budget, so they stay.
//! Its parser also takes a space for the `T` (RFC 3339 allows one), which
//! this one refuses as it always has. The tests below check the calendar against itself
//! over 4,000 years and the parser on the edge cases.

pub const MS_PER_DAY: i64 = 86_400_000;

/// A calendar day (proleptic Gregorian).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Date {
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let valid = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        valid.then_some(Date { year, month, day })
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    pub fn days_since_epoch(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    #[inline(never)]
    pub fn from_ms(ms: i64) -> Date {
        Date::from_days_since_epoch(ms.div_euclid(MS_PER_DAY))
    }

    /// Midnight UTC at the start of this day.
    pub fn start_ms(self) -> i64 {
        self.days_since_epoch() * MS_PER_DAY
    }

    pub fn add_days(self, days: i64) -> Date {
        Date::from_days_since_epoch(self.days_since_epoch() + days)
    }

    /// `YYYY-MM-DD`, exactly.
    pub fn parse(text: &str) -> Option<Date> {
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let year = parse_digits(&b[0..4])? as i32;
        let month = parse_digits(&b[5..7])? as u8;
        let day = parse_digits(&b[8..10])? as u8;
        Date::new(year, month, day)
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn parse_digits(bytes: &[u8]) -> Option<u32> {
    if bytes.is_empty() || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(bytes.iter().fold(0u32, |n, b| n * 10 + u32::from(b - b'0')))
}

/// An RFC 3339 timestamp (`2026-11-27T00:00:00Z`, `…T00:00:00.5+09:00`) as
/// milliseconds since the epoch.
pub fn parse_rfc3339(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() < 20 || !matches!(b[10], b'T' | b't') {
        return None;
    }
    let date = Date::parse(text.get(0..10)?)?;
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let hour = i64::from(parse_digits(&b[11..13])?);
    let minute = i64::from(parse_digits(&b[14..16])?);
    let second = i64::from(parse_digits(&b[17..19])?);
    // 60 is a leap second; it is read as the next minute's first second.
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut rest = &b[19..];
    let mut millis = 0i64;
    if let Some((b'.', tail)) = rest.split_first() {
        let digits = tail.iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 {
            return None;
        }
        for (i, d) in tail[..digits].iter().take(3).enumerate() {
            millis += i64::from(d - b'0') * 10i64.pow(2 - i as u32);
        }
        rest = &tail[digits..];
    }
    let offset_minutes = match rest {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let hours = i64::from(parse_digits(&[*h1, *h2])?);
            let minutes = i64::from(parse_digits(&[*m1, *m2])?);
            if hours > 23 || minutes > 59 {
                return None;
            }
            let total = hours * 60 + minutes;
            if *sign == b'-' {
                -total
            } else {
                total
            }
        }
        _ => return None,
    };
    let seconds = hour * 3600 + minute * 60 + second - offset_minutes * 60;
    Some(date.start_ms() + seconds * 1000 + millis)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn civil_days_round_trip() {
        assert_eq!(Date::new(1970, 1, 1).unwrap().days_since_epoch(), 0);
        assert_eq!(Date::new(2000, 3, 1).unwrap().days_since_epoch(), 11_017);
        for days in (-800_000..800_000).step_by(997) {
            let date = Date::from_days_since_epoch(days);
            assert_eq!(date.days_since_epoch(), days, "{date}");
        }
    }

    #[test]
    fn validates_calendar_days() {
        assert!(Date::new(2024, 2, 29).is_some());
        assert!(Date::new(2026, 2, 29).is_none());
        assert!(Date::new(1900, 2, 29).is_none());
        assert!(Date::new(2000, 2, 29).is_some());
        assert!(Date::new(2026, 4, 31).is_none());
        assert!(Date::new(2026, 13, 1).is_none());
        assert!(Date::new(2026, 0, 1).is_none());
        assert_eq!(Date::parse("2026-11-01"), Date::new(2026, 11, 1));
        for bad in [
            "2026-1-01",
            "2026/11/01",
            "2026-11-31",
            "20261101",
            "2026-11-01T",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn parses_rfc3339() {
        let base = parse_rfc3339("2026-11-27T00:00:00Z").unwrap();
        assert_eq!(base, Date::new(2026, 11, 27).unwrap().start_ms());
        assert_eq!(parse_rfc3339("2026-11-27T09:00:00+09:00"), Some(base));
        assert_eq!(parse_rfc3339("2026-11-26T19:00:00-05:00"), Some(base));
        assert_eq!(parse_rfc3339("2026-11-27T00:00:00.250Z"), Some(base + 250));
        assert_eq!(parse_rfc3339("2026-11-27t00:00:00.1234z"), Some(base + 123));
        for bad in [
            "2026-11-27",
            "2026-11-27T00:00:00",
            "2026-11-27T24:00:00Z",
            "2026-11-27T00:00:00+0900",
            "2026-11-27T00:00:00.Z",
            "2026-11-27 00:00:00Z",
            "2026-02-30T00:00:00Z",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
    }
}
