//! UTS #39 confusable skeletons, as far as a lookalike of a catalog domain
//! needs them. The table is derived at build time from the
//! `unicode-security` crate (build.rs): each character a host can hold after
//! IDNA whose skeleton, diacritics dropped and in lower case as Chromium
//! compares them, is ASCII letters, digits or hyphens, with that skeleton.
//! Any other character keeps itself, and so can never make a name match a
//! catalog domain, which is ASCII.
//!
//! Why not the crate's `skeleton` at run time: with it the wasm grew from
//! 425,726 to 530,257 bytes gzipped (+104.5 KB: its normalization and
//! confusable tables for all of Unicode), past the 450 KB budget, for the
//! same answers on every name the check compares (the tests below hold the
//! two to each other). The derived table costs a few kilobytes.

use super::text_hash::MAX_CHARS;

static TABLE: &[(char, &str)] = include!(concat!(env!("OUT_DIR"), "/confusables.rs"));

/// The skeleton of `name` (a host's label after IDNA), written into `out`;
/// `None` when it would not fit.
pub fn skeleton_into<'o>(name: &str, out: &'o mut [char; MAX_CHARS]) -> Option<&'o [char]> {
    let mut n = 0;
    for c in name.chars() {
        // ASCII, nearly every name, from the table's first entries directly.
        let entry = if c.is_ascii() {
            ascii()[c as usize]
        } else {
            TABLE
                .binary_search_by_key(&c, |(k, _)| *k)
                .ok()
                .map(|at| TABLE[at].1)
        };
        let mut put = |c: char| {
            *out.get_mut(n)? = c;
            n += 1;
            Some(())
        };
        match entry {
            Some(skeleton) => skeleton.chars().try_for_each(&mut put)?,
            None => put(c)?,
        }
    }
    Some(&out[..n])
}

fn ascii() -> &'static [Option<&'static str>; 128] {
    static ASCII: std::sync::OnceLock<[Option<&'static str>; 128]> = std::sync::OnceLock::new();
    ASCII.get_or_init(|| {
        let mut table = [None; 128];
        for &(c, skeleton) in TABLE.iter().take_while(|(c, _)| c.is_ascii()) {
            table[c as usize] = Some(skeleton);
        }
        table
    })
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn skeleton(name: &str) -> String {
        let mut out = ['\0'; MAX_CHARS];
        skeleton_into(name, &mut out).unwrap().iter().collect()
    }

    #[test]
    fn the_table_is_sorted_and_gives_the_skeletons_of_lookalike_names() {
        assert!(TABLE.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(skeleton("macys"), skeleton("rnacys"));
        assert_eq!(skeleton("аmazon"), skeleton("amazon")); // Cyrillic а
        assert_eq!(skeleton("paypal"), skeleton("раураl")); // Cyrillic р, а, у
        assert_ne!(skeleton("macys"), skeleton("macy5"));
        assert_eq!(skeleton("mácys"), skeleton("macys"), "diacritics dropped");
        assert_eq!(
            skeleton("g00gle"),
            skeleton("google"),
            "compared in lower case"
        );
    }

    include!("uts39_skeleton.rs");

    #[test]
    fn it_agrees_with_the_crate_wherever_a_skeleton_can_match_a_catalog_name() {
        let ascii =
            |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        let names = [
            "macys",
            "rnacys",
            "аmazon",
            "раураl",
            "bestbuy",
            "ｍacys",
            "mac\u{0443}s",
            "b3stbuy",
            "ma-cys",
        ];
        for name in names {
            let (name, _) = idna::domain_to_unicode(name);
            let theirs = uts39_skeleton(&name);
            if ascii(&theirs) {
                assert_eq!(skeleton(&name), theirs, "{name}");
            }
        }
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let text = c.to_string();
            let (unicode, result) = idna::domain_to_unicode(&text);
            if result.is_err() || unicode != text {
                continue;
            }
            let theirs = uts39_skeleton(&text);
            if ascii(&theirs) {
                assert_eq!(skeleton(&text), theirs, "U+{:04X}", c as u32);
            } else {
                assert!(
                    !ascii(&skeleton(&text)) || skeleton(&text) == text,
                    "U+{:04X}",
                    c as u32
                );
            }
        }
    }
}
