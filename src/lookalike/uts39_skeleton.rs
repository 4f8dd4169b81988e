// Included by build.rs, which derives the lookalike check's confusable table
// from it, and by that table's tests, which hold the table to it: the
// skeleton as Chromium compares them, from the crates' data. Diacritics are
// dropped first (NFD, no combining marks, and Chromium's three letters with
// strokes: ł, ø and đ), then UTS #39's skeleton, in lower case.

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
        .collect::<String>()
        .to_ascii_lowercase()
}
