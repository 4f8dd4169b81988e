// Included by build.rs, which derives the lookalike check's confusable table
// from it, and by that table's tests, which hold the table to it: the
// skeleton as Chromium compares them, from the crates' data. Diacritics are
// dropped first (NFD, no combining marks, and Chromium's three letters with
// strokes: ł, ø and đ), then UTS #39's skeleton, in lower case. The
// skeleton's own marks are dropped too: UTS #39 gives many letters with a
// hook, stroke or tail as the bare letter and a combining mark (ɫ is l with
// U+0334, ŋ is n with U+0329, ɓ is b with U+0314), and those letters imitate
// the bare one as an accented letter does (dnstwist's homoglyphs are full of
// them: `aməƶon`, `jᴄpeŋŋey`).

fn uts39_skeleton(text: &str) -> String {
    use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};
    let bare: String = text
        .nfd()
        .filter(|&m| !is_combining_mark(m))
        .map(|m| match m {
            'ł' => 'l',
            'ø' => 'o',
            'đ' => 'd',
            other => other,
        })
        .collect();
    unicode_security::skeleton(&bare)
        .filter(|&m| !is_combining_mark(m))
        .collect::<String>()
        .to_ascii_lowercase()
}
