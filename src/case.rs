//! Upper and lower case for store search and for stand-down patterns, which
//! JavaScript tests case-insensitively.
//!
//! The standard library's `to_lowercase` and `to_uppercase` bring Unicode's
//! whole case tables into the wasm (about 24 KB). Store names and URLs are
//! written in Latin, Greek or Cyrillic letters when they have case at all,
//! so those alphabets are mapped here by their code point layout: ASCII,
//! Latin-1, Latin Extended-A, basic Greek with its accented vowels, basic
//! Cyrillic. A letter of any other cased script matches only itself.

/// `c` in lower case, or `c` when it has no lower case here.
pub fn lower(c: char) -> char {
    let n = c as u32;
    let mapped = match n {
        0x41..=0x5a | 0xc0..=0xd6 | 0xd8..=0xde => n + 32,
        // Pairs in Latin Extended-A: upper case on even code points, then on
        // odd ones, then on even again. İ (0x130) lower-cases to two
        // characters, so it stays.
        0x100..=0x12f | 0x132..=0x137 | 0x14a..=0x177 if n % 2 == 0 => n + 1,
        0x139..=0x148 | 0x179..=0x17e if n % 2 == 1 => n + 1,
        0x178 => 0xff,
        0x386 => 0x3ac,
        0x388..=0x38a => n + 37,
        0x38c => 0x3cc,
        0x38e..=0x38f => n + 63,
        0x391..=0x3a1 | 0x3a3..=0x3ab => n + 32,
        0x400..=0x40f => n + 80,
        0x410..=0x42f => n + 32,
        _ => n,
    };
    char::from_u32(mapped).unwrap_or(c)
}

/// `c` in upper case, or `c` when it has no upper case here.
pub fn upper(c: char) -> char {
    let n = c as u32;
    let mapped = match n {
        0x61..=0x7a | 0xe0..=0xf6 | 0xf8..=0xfe => n - 32,
        0xff => 0x178,
        0x101..=0x12f | 0x133..=0x137 | 0x14b..=0x177 if n % 2 == 1 => n - 1,
        0x13a..=0x148 | 0x17a..=0x17e if n % 2 == 0 => n - 1,
        0x131 => 0x49,
        0x3ac => 0x386,
        0x3ad..=0x3af => n - 37,
        0x3c2 => 0x3a3,
        0x3cc => 0x38c,
        0x3cd..=0x3ce => n - 63,
        0x3b1..=0x3c1 | 0x3c3..=0x3cb => n - 32,
        0x430..=0x44f => n - 32,
        0x450..=0x45f => n - 80,
        _ => n,
    };
    char::from_u32(mapped).unwrap_or(c)
}

/// `text` with every letter [`lower`]ed: the key stores are searched and
/// sorted by.
pub fn lower_str(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    text.chars().map(lower).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn single(mut chars: impl Iterator<Item = char>) -> Option<char> {
        match (chars.next(), chars.next()) {
            (Some(c), None) => Some(c),
            _ => None,
        }
    }

    /// The alphabets mapped here: every letter in them maps as the standard
    /// library maps it.
    const COVERED: [(u32, u32); 6] = [
        (0x41, 0x7a),
        (0xc0, 0xff),
        (0x100, 0x17e),
        (0x386, 0x3ce),
        (0x400, 0x45f),
        (0x30, 0x39),
    ];

    #[test]
    fn agrees_with_the_standard_library_on_the_alphabets_it_covers() {
        for &(from, to) in &COVERED {
            for c in (from..=to).filter_map(char::from_u32) {
                if c == 'İ' {
                    assert_eq!(lower(c), c, "İ lower-cases to two characters");
                    continue;
                }
                let std_lower = single(c.to_lowercase()).unwrap_or(c);
                assert_eq!(lower(c), std_lower, "lower {c} U+{:04X}", c as u32);
                // µ and ſ upper-case into Greek and ASCII: left alone here.
                if c != 'µ' && c != 'ſ' && c != 'ÿ' && c != 'ı' {
                    let std_upper = single(c.to_uppercase()).unwrap_or(c);
                    assert_eq!(upper(c), std_upper, "upper {c} U+{:04X}", c as u32);
                }
            }
        }
        assert_eq!(upper('ÿ'), 'Ÿ');
        assert_eq!(upper('ı'), 'I');
    }

    #[test]
    fn never_maps_outside_what_the_standard_library_would_give() {
        for c in ('\0'..='\u{ffff}').chain(['\u{10400}', '\u{1f600}']) {
            let l = lower(c);
            assert!(l == c || Some(l) == single(c.to_lowercase()), "lower {c:?}");
            let u = upper(c);
            assert!(u == c || Some(u) == single(c.to_uppercase()), "upper {c:?}");
        }
    }

    #[test]
    fn lower_cases_store_names() {
        assert_eq!(lower_str("MACY'S"), "macy's");
        assert_eq!(
            lower_str("Galeries LAFAYETTE Élysée"),
            "galeries lafayette élysée"
        );
        assert_eq!(lower_str("ΑΘΗΝΑ Москва"), "αθηνα москва");
        assert_eq!(lower_str("楽天市場"), "楽天市場");
    }
}
