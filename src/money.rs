//! Money as integers: amounts in minor units of an ISO 4217 currency, rates in
//! basis points. Floating point never touches a reward, so an estimate is the
//! same on every machine and rounds exactly once, half-up, to the minor unit.

use crate::document::quoted;

/// A currency the catalog may name, with its minor-unit digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Currency {
    pub code: &'static str,
    pub minor_digits: u8,
}

// Active ISO 4217 codes. Most have two minor digits; the exceptions follow.
const CODES: &str = "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND \
BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP \
ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR \
ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA \
MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP \
PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP \
SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XCG \
XOF XPF YER ZAR ZMW ZWG";
const ZERO_DIGITS: &str = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX VND VUV XAF XOF XPF";
const THREE_DIGITS: &str = "BHD IQD JOD KWD LYD OMR TND";

impl Currency {
    pub const USD: Currency = Currency {
        code: "USD",
        minor_digits: 2,
    };
    pub const JPY: Currency = Currency {
        code: "JPY",
        minor_digits: 0,
    };

    /// The currency for an ISO 4217 code, or `None` for anything else.
    pub fn from_code(code: &str) -> Option<Currency> {
        if code.len() != 3 {
            return None;
        }
        let code: &'static str = CODES.split(' ').find(|c| *c == code)?;
        let minor_digits = if ZERO_DIGITS.split(' ').any(|c| c == code) {
            0
        } else if THREE_DIGITS.split(' ').any(|c| c == code) {
            3
        } else {
            2
        };
        Some(Currency { code, minor_digits })
    }

    /// The symbol shoppers know, where there is one everybody reads the same.
    pub fn symbol(&self) -> Option<&'static str> {
        match self.code {
            "USD" | "CAD" | "AUD" | "NZD" | "SGD" | "HKD" | "MXN" => Some("$"),
            "EUR" => Some("€"),
            "GBP" => Some("£"),
            "JPY" => Some("¥"),
            _ => None,
        }
    }

    fn minor_per_major(&self) -> u64 {
        10u64.pow(u32::from(self.minor_digits))
    }

    /// `1234` → `"$12.34"`, `1234` JPY → `"¥1,234"`, `1234` CHF → `"12.34 CHF"`.
    pub fn format(&self, minor: u64) -> String {
        let per = self.minor_per_major();
        let number = group_thousands(minor / per);
        let fraction = if self.minor_digits > 0 {
            format!(
                ".{:0width$}",
                minor % per,
                width = usize::from(self.minor_digits)
            )
        } else {
            String::new()
        };
        match self.symbol() {
            Some(symbol) => format!("{symbol}{number}{fraction}"),
            None => format!("{number}{fraction} {}", self.code),
        }
    }

    /// The shortest honest form that fits a toolbar badge (4 characters where
    /// the symbol allows): `$25`, `$2.5`, `$1K`, `¥500`. Never rounds up.
    pub fn format_compact(&self, minor: u64) -> String {
        let per = self.minor_per_major();
        let whole = minor / per;
        let symbol = self.symbol().unwrap_or("");
        let cents = minor % per;
        if cents != 0 && whole < 10 && self.minor_digits > 0 {
            let tenths = cents * 10 / per;
            if tenths != 0 {
                return format!("{symbol}{whole}.{tenths}");
            }
        }
        let plain = format!("{symbol}{whole}");
        if plain.chars().count() <= 4 {
            return plain;
        }
        if whole >= 1_000_000 {
            return format!("{symbol}{}M", whole / 1_000_000);
        }
        format!("{symbol}{}K", whole / 1000)
    }
}

/// `1234567` → `"1,234,567"`.
pub fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// Parses a non-negative decimal with at most `max_fraction` digits after the
/// point into an integer scaled by 10^`max_fraction`: `("6.5", 2)` → `650`.
/// Refuses signs, exponents, blanks and anything that would overflow.
pub fn parse_scaled_decimal(text: &str, max_fraction: u8) -> Result<u64, String> {
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) => (w, f),
        None => (text, ""),
    };
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !all_digits(whole) || !all_digits(fraction) {
        return Err(format!("{} is not a plain decimal number", quoted(text)));
    }
    if text.contains('.') && fraction.is_empty() {
        return Err(format!("{} is not a plain decimal number", quoted(text)));
    }
    if fraction.len() > usize::from(max_fraction) {
        return Err(format!(
            "{} has more than {max_fraction} digits after the decimal point",
            quoted(text)
        ));
    }
    let scale = 10u64.pow(u32::from(max_fraction));
    let whole: u64 = whole
        .parse()
        .map_err(|_| format!("{} is too large", quoted(text)))?;
    let mut frac_value = 0u64;
    for (i, b) in fraction.bytes().enumerate() {
        frac_value += u64::from(b - b'0') * 10u64.pow(u32::from(max_fraction) - 1 - i as u32);
    }
    whole
        .checked_mul(scale)
        .and_then(|w| w.checked_add(frac_value))
        .ok_or_else(|| format!("{} is too large", quoted(text)))
}

/// A rate in basis points (1% = 100), formatted back as a percentage without
/// trailing zeros: `650` → `"6.5"`, `600` → `"6"`.
pub fn format_rate(bps: u32) -> String {
    let whole = bps / 100;
    let frac = bps % 100;
    match frac {
        0 => whole.to_string(),
        f if f % 10 == 0 => format!("{whole}.{}", f / 10),
        f => format!("{whole}.{f:02}"),
    }
}

/// `subtotal × rate`, rounded half-up to the minor unit. Exact for every
/// subtotal a JavaScript number can carry.
pub fn apply_rate(subtotal_minor: u64, rate_bps: u32) -> u64 {
    let product = u128::from(subtotal_minor) * u128::from(rate_bps);
    let rounded = (product + 5_000) / 10_000;
    u64::try_from(rounded).unwrap_or(u64::MAX)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn currencies_know_their_minor_units() {
        assert_eq!(Currency::from_code("USD"), Some(Currency::USD));
        assert_eq!(Currency::from_code("JPY").map(|c| c.minor_digits), Some(0));
        assert_eq!(Currency::from_code("KWD").map(|c| c.minor_digits), Some(3));
        assert_eq!(Currency::from_code("EUR").map(|c| c.minor_digits), Some(2));
        for bad in ["usd", "US", "XXX", "", "USDD", "US "] {
            assert_eq!(Currency::from_code(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn formats_money_for_shoppers() {
        assert_eq!(Currency::USD.format(120), "$1.20");
        assert_eq!(Currency::USD.format(5), "$0.05");
        assert_eq!(Currency::USD.format(123_456_789), "$1,234,567.89");
        assert_eq!(Currency::JPY.format(1234), "¥1,234");
        let chf = Currency::from_code("CHF").unwrap();
        assert_eq!(chf.format(1050), "10.50 CHF");
        let kwd = Currency::from_code("KWD").unwrap();
        assert_eq!(kwd.format(1005), "1.005 KWD");
    }

    #[test]
    fn compact_amounts_fit_a_badge_and_never_round_up() {
        let cases = [
            (2500, "$25"),
            (250, "$2.5"),
            (299, "$2.9"),
            (200, "$2"),
            (15000, "$150"),
            (100_000, "$1K"),
            (199_999, "$1K"),
            (1_000_000, "$10K"),
        ];
        for (minor, want) in cases {
            assert_eq!(Currency::USD.format_compact(minor), want, "{minor}");
        }
        assert_eq!(Currency::JPY.format_compact(500), "¥500");
        assert_eq!(Currency::JPY.format_compact(3000), "¥3K");
    }

    #[test]
    fn parses_decimals_exactly() {
        assert_eq!(parse_scaled_decimal("6", 2), Ok(600));
        assert_eq!(parse_scaled_decimal("6.5", 2), Ok(650));
        assert_eq!(parse_scaled_decimal("6.05", 2), Ok(605));
        assert_eq!(parse_scaled_decimal("0.01", 2), Ok(1));
        assert_eq!(parse_scaled_decimal("25.00", 2), Ok(2500));
        assert_eq!(parse_scaled_decimal("25", 0), Ok(25));
        for bad in [
            "", ".5", "5.", "-1", "+1", "1e2", "6.555", " 6", "6 ", "1,5", "NaN", "0x10",
        ] {
            assert!(parse_scaled_decimal(bad, 2).is_err(), "{bad:?}");
        }
        assert!(parse_scaled_decimal("99999999999999999999", 2).is_err());
    }

    #[test]
    fn rates_round_half_up_to_the_minor_unit() {
        assert_eq!(apply_rate(2000, 600), 120); // $20.00 × 6% = $1.20
        assert_eq!(apply_rate(1, 5000), 1); // 0.5 → 1
        assert_eq!(apply_rate(1, 4999), 0); // 0.4999 → 0
        assert_eq!(apply_rate(999, 650), 65); // 64.935 → 65
        assert_eq!(apply_rate(1990, 250), 50); // 49.75 → 50
        assert_eq!(apply_rate(0, 10_000), 0);
        assert_eq!(
            apply_rate(9_007_199_254_740_991, 10_000),
            9_007_199_254_740_991
        );
    }

    #[test]
    fn formats_rates_without_trailing_zeros() {
        assert_eq!(format_rate(600), "6");
        assert_eq!(format_rate(650), "6.5");
        assert_eq!(format_rate(605), "6.05");
        assert_eq!(format_rate(10_000), "100");
        assert_eq!(format_rate(1), "0.01");
    }

    #[test]
    fn groups_thousands() {
        assert_eq!(group_thousands(0), "0");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(1000), "1,000");
        assert_eq!(group_thousands(1_234_567), "1,234,567");
    }
}
