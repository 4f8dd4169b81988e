// Derives, from the unicode-security crate's UTS #39 data, the confusable
// table the lookalike check reads (src/lookalike/confusables.rs): every
// character a domain name can hold after IDNA whose skeleton is made of
// ASCII letters, digits and hyphens, with that skeleton. Catalog domains are
// ASCII, so only such characters can make a name look like a store's.
// As Chromium's lookalike checks do, diacritics are dropped first (NFD, then
// no combining marks: `á` is `a`; and Chromium's three letters with strokes,
// `ł`, `ø` and `đ`, as `l`, `o` and `d`), and skeletons are compared in lower
// case (`0` and `o`).
use std::fmt::Write;

include!("src/lookalike/uts39_skeleton.rs");

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/lookalike/uts39_skeleton.rs");
    let mut table = String::from("&[\n");
    for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
        let text = c.to_string();
        let skeleton = uts39_skeleton(&text);
        let ascii = !skeleton.is_empty()
            && skeleton
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-');
        // A host is in lower case: `A` never reaches the check.
        if skeleton == text || !ascii || c.is_ascii_uppercase() {
            continue;
        }
        // Only what a host can hold after IDNA: a character IDNA maps to
        // another (capitals, full-width and mathematical letters) never
        // reaches the check as itself.
        if !c.is_ascii() {
            let (unicode, result) = idna::domain_to_unicode(&text);
            if result.is_err() || unicode != text {
                continue;
            }
        }
        writeln!(table, "    ({c:?}, {skeleton:?}),").unwrap();
    }
    table.push_str("]\n");
    let out = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("confusables.rs");
    std::fs::write(&out, table).unwrap();
}
