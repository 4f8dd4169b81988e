//! The `pattern` field of a policy rule: a JavaScript regular expression,
//! tested case-insensitively against the whole URL.
//!
//! The core uses `regex-lite` (small in the wasm, linear time on any URL)
//! which has no look-arounds. A pattern that uses them is not dropped: each
//! look-around group is removed, which can only make the pattern match *more*
//! URLs (a look-around never consumes text, it only adds a condition). So the
//! rule errs toward standing down, as merchants and networks ask, and the load
//! report says which rule was approximated and how. A pattern that still does
//! not compile is reported and its rule is not used.
//!
//! Each pattern also gets a prefilter: the longest literal that every match
//! must contain (`bestbuy.com/` for `www\.bestbuy\.com\/.*…`), checked with a
//! substring search before the regex runs at all.

use regex_lite::{Regex, RegexBuilder};

#[derive(Debug, Clone)]
pub struct Pattern {
    regex: Regex,
    /// Lower-case; empty when the pattern has no required literal.
    required: String,
}

/// How a pattern was compiled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Compiled {
    Exact,
    /// Look-arounds removed; the text is the pattern actually used.
    WithoutLookarounds(String),
}

impl Pattern {
    pub fn compile(source: &str) -> Result<(Pattern, Compiled), String> {
        let build = |s: &str| {
            RegexBuilder::new(s)
                .case_insensitive(true)
                .size_limit(1 << 20)
                .build()
        };
        let (regex, used, how) = match build(source) {
            Ok(regex) => (regex, source.to_owned(), Compiled::Exact),
            Err(first) => {
                let stripped = strip_lookarounds(source);
                if stripped == source {
                    return Err(first.to_string());
                }
                let regex = build(&stripped).map_err(|e| e.to_string())?;
                (
                    regex,
                    stripped.clone(),
                    Compiled::WithoutLookarounds(stripped),
                )
            }
        };
        let required = required_literal(&used).to_ascii_lowercase();
        Ok((Pattern { regex, required }, how))
    }

    /// `lowered` is `url` in ASCII lower case, shared by all rules.
    pub fn is_match(&self, url: &str, lowered: &str) -> bool {
        (self.required.is_empty() || lowered.contains(self.required.as_str()))
            && self.regex.is_match(url)
    }
}

/// Byte offset just past the group that opens at `open` (a `(`), or the end.
fn group_end(bytes: &[u8], open: usize) -> usize {
    let mut depth = 0usize;
    let mut i = open;
    let mut in_class = false;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'[' if !in_class => in_class = true,
            b']' if in_class => in_class = false,
            b'(' if !in_class => depth += 1,
            b')' if !in_class => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    bytes.len()
}

/// Removes every `(?=…)`, `(?!…)`, `(?<=…)` and `(?<!…)` group.
pub fn strip_lookarounds(source: &str) -> String {
    let bytes = source.as_bytes();
    let mut out = String::with_capacity(source.len());
    let mut i = 0;
    let mut in_class = false;
    let mut copied_to = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'[' if !in_class => in_class = true,
            b']' if in_class => in_class = false,
            b'(' if !in_class => {
                let rest = &source[i..];
                if ["(?=", "(?!", "(?<=", "(?<!"]
                    .iter()
                    .any(|p| rest.starts_with(p))
                {
                    out.push_str(&source[copied_to..i]);
                    let end = group_end(bytes, i);
                    copied_to = end;
                    i = end;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    out.push_str(&source[copied_to.min(source.len())..]);
    out
}

/// The longest run of literal ASCII characters that every match contains.
/// Conservative: a top-level alternation means no literal is required.
pub fn required_literal(source: &str) -> String {
    let bytes = source.as_bytes();
    let mut best = String::new();
    let mut run = String::new();
    let mut i = 0;
    let end_run = |run: &mut String, best: &mut String| {
        if run.len() > best.len() {
            *best = std::mem::take(run);
        }
        run.clear();
    };
    while i < bytes.len() {
        let (literal, next) = match bytes[i] {
            b'|' => return String::new(),
            b'\\' => match bytes.get(i + 1) {
                Some(c) if c.is_ascii_punctuation() => (Some(*c), i + 2),
                Some(_) => (None, i + 2),
                None => (None, i + 1),
            },
            b'(' => (None, group_end(bytes, i)),
            b'[' => {
                let mut j = i + 1;
                while j < bytes.len() && bytes[j] != b']' {
                    j += if bytes[j] == b'\\' { 2 } else { 1 };
                }
                (None, j + 1)
            }
            b'.' | b'^' | b'$' | b')' => (None, i + 1),
            b'?' | b'*' | b'+' | b'{' => {
                // A quantifier after a non-literal: skip it.
                let close = source[i..].find('}').map_or(i + 1, |c| i + c + 1);
                (None, if bytes[i] == b'{' { close } else { i + 1 })
            }
            c if c.is_ascii() => (Some(c), i + 1),
            _ => (None, i + 1),
        };
        let quantifier = bytes.get(next).copied();
        match (literal, quantifier) {
            (Some(_), Some(b'?' | b'*')) => end_run(&mut run, &mut best),
            (Some(_), Some(b'{')) if source[next..].starts_with("{0") => {
                end_run(&mut run, &mut best)
            }
            (Some(c), Some(b'+' | b'{')) => {
                run.push(char::from(c));
                end_run(&mut run, &mut best);
            }
            (Some(c), _) => run.push(char::from(c)),
            (None, _) => end_run(&mut run, &mut best),
        }
        i = next;
    }
    end_run(&mut run, &mut best);
    best
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn strips_only_lookaround_groups() {
        assert_eq!(strip_lookarounds("[?&]aid=(?!(?:1|2)(?:&|$))"), "[?&]aid=");
        assert_eq!(
            strip_lookarounds(r"www\.bestbuy\.com\/.*(?:[?&](?:ref=(?!6467161)|acampID=).*){2}"),
            r"www\.bestbuy\.com\/.*(?:[?&](?:ref=|acampID=).*){2}"
        );
        assert_eq!(strip_lookarounds(r"a(?<=b)c(?<!d)e"), "ace");
        assert_eq!(strip_lookarounds(r"\(?!x\)[(?!]y"), r"\(?!x\)[(?!]y");
        assert_eq!(strip_lookarounds("(?:x)"), "(?:x)");
    }

    #[test]
    fn finds_the_literal_every_match_needs() {
        assert_eq!(
            required_literal(r"www\.bestbuy\.com\/.*(?:x){2}"),
            "www.bestbuy.com/"
        );
        assert_eq!(required_literal(r"pepperjam\.(a|b)\.com"), "pepperjam.");
        assert_eq!(required_literal(r"[^/]+\.sjv\.io"), ".sjv.io");
        assert_eq!(required_literal(r"i[0-9]{6}\.net"), ".net");
        assert_eq!(
            required_literal(r"ebay(?:\.\w{2,3})+\/(?:.*[&?](?:mkevt)=)+.*$"),
            "ebay"
        );
        assert_eq!(
            required_literal(r"rffrid=(?:(?:mdp|sem)\.hcom\.)"),
            "rffrid="
        );
        assert_eq!(required_literal(r"colou?r"), "colo");
        assert_eq!(required_literal(r"ab*c"), "a");
        assert_eq!(required_literal(r"xa{0,2}b"), "x");
        assert_eq!(required_literal(r"a+bcd"), "bcd");
        assert_eq!(required_literal(r"cat|dog"), "");
    }

    #[test]
    fn compiles_exactly_when_it_can() {
        let (p, how) = Pattern::compile(r"pepperjam\.(boysmells|dermelect)\.com").unwrap();
        assert_eq!(how, Compiled::Exact);
        let url = "https://PepperJam.Dermelect.com/x";
        assert!(p.is_match(url, &url.to_ascii_lowercase()));
        let url = "https://pepperjam.example.com/x";
        assert!(!p.is_match(url, url));
    }

    #[test]
    fn approximates_lookarounds_toward_standing_down() {
        let (p, how) = Pattern::compile(r"[?&]aid=(?!(?:898409|1)(?:&|$))").unwrap();
        assert_eq!(how, Compiled::WithoutLookarounds("[?&]aid=".into()));
        for url in ["https://booking.com/?aid=77", "https://booking.com/?aid=1"] {
            assert!(p.is_match(url, url), "{url}");
        }
        assert!(!p.is_match("https://booking.com/?said=1", "https://booking.com/?said=1"));
    }

    #[test]
    fn reports_what_cannot_compile() {
        assert!(Pattern::compile(r"(a)\1").is_err());
        assert!(Pattern::compile(r"(unclosed").is_err());
    }
}
