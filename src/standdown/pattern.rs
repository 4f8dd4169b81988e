//! The `pattern` field of a policy rule: a JavaScript regular expression,
//! tested case-insensitively against the whole URL, run by the core's own
//! engine ([`super::regex`]), look-arounds included. A pattern that does not
//! compile is reported and its rule is not used.
//!
//! Patterns of the built-in packs compile on first use, which keeps them off
//! a cold start; every other pack's compile at load, so a bad one is reported.
//!
//! Each pattern also gets a prefilter: the literals every match must contain
//! (`go.` and `.com` for `go\.(a|b)\.com`). [`LiteralIndex`] finds all the
//! literals of all rules in one pass over the URL, and a pattern runs only
//! when every literal it needs is there.

use super::regex::Regex;
use std::sync::OnceLock;

#[derive(Debug, Clone)]
pub struct Pattern {
    source: String,
    /// Compiled on first use for the built-in packs (whose patterns the tests
    /// prove compile), at load for every other pack.
    regex: OnceLock<Option<Regex>>,
    /// Lower-case literals every match contains; possibly none.
    pub required: Vec<String>,
}

impl Pattern {
    /// Compiles `source` now: an error says why it cannot run.
    pub fn compile(source: &str) -> Result<Pattern, String> {
        let pattern = Pattern::deferred(source);
        let regex = Regex::new(source)?;
        let _ = pattern.regex.set(Some(regex));
        Ok(pattern)
    }

    /// Prepares `source` without compiling it (for packs known to compile).
    pub fn deferred(source: &str) -> Pattern {
        let required = required_literals(source)
            .into_iter()
            .map(|l| l.to_ascii_lowercase())
            .collect();
        Pattern::prepared(source, required)
    }

    /// [`Pattern::deferred`] with its required literals worked out before.
    pub fn prepared(source: &str, required: Vec<String>) -> Pattern {
        Pattern {
            source: source.to_owned(),
            regex: OnceLock::new(),
            required,
        }
    }

    pub fn source(&self) -> &str {
        &self.source
    }

    /// Whether the pattern compiles (compiling it if it has not yet).
    pub fn compiles(&self) -> bool {
        self.regex
            .get_or_init(|| Regex::new(&self.source).ok())
            .is_some()
    }

    /// The pattern alone; callers check [`Pattern::required`] first. A
    /// pattern that does not compile matches nothing (only a deferred one
    /// can get here, and the tests rule that out for the built-in packs).
    pub fn is_match(&self, url: &str) -> bool {
        self.regex
            .get_or_init(|| Regex::new(&self.source).ok())
            .as_ref()
            .is_some_and(|r| r.is_match(url))
    }
}

/// Every rule's required literals, found in one pass over a lower-cased URL:
/// a bitmap of their first two bytes says where a literal may start.
#[derive(Debug, Clone)]
pub struct LiteralIndex {
    starts: Box<[u64; 1024]>,
    /// Each literal with its first two bytes, for a cheap first check.
    literals: Vec<(u16, Box<[u8]>)>,
}

impl Default for LiteralIndex {
    fn default() -> Self {
        LiteralIndex {
            starts: Box::new([0; 1024]),
            literals: Vec::new(),
        }
    }
}

fn pair(a: u8, b: u8) -> usize {
    usize::from(a) << 8 | usize::from(b)
}

impl LiteralIndex {
    /// Registers a literal (two bytes or more) and returns its id.
    pub fn add(&mut self, literal: &str) -> u32 {
        let bytes = literal.as_bytes();
        if let Some(id) = self.literals.iter().position(|(_, l)| **l == *bytes) {
            return id as u32;
        }
        let p = pair(bytes[0], bytes[1]);
        // Every case spelling of the first two bytes, so `find` needs no
        // lower-casing to test the bitmap.
        for a in [bytes[0], bytes[0].to_ascii_uppercase()] {
            for b in [bytes[1], bytes[1].to_ascii_uppercase()] {
                let q = pair(a, b);
                self.starts[q / 64] |= 1 << (q % 64);
            }
        }
        self.literals.push((p as u16, bytes.into()));
        (self.literals.len() - 1) as u32
    }

    /// Which literals occur in `text`, ignoring ASCII case (literals are
    /// stored lower-case; the bitmap holds every case of their first two
    /// bytes, so most positions cost one table test).
    pub fn find(&self, text: &[u8]) -> Found {
        let mut found = Found::default();
        let starts: &[u64; 1024] = &self.starts;
        for (i, window) in text.windows(2).enumerate() {
            let q = pair(window[0], window[1]);
            if starts[q >> 6] & (1 << (q & 63)) != 0 {
                self.check_at(text, i, &mut found);
            }
        }
        found
    }

    fn check_at(&self, text: &[u8], i: usize, found: &mut Found) {
        let p = pair(
            text[i].to_ascii_lowercase(),
            text[i + 1].to_ascii_lowercase(),
        );
        for (id, (first, literal)) in self.literals.iter().enumerate() {
            if usize::from(*first) == p
                && !found.has(id as u32)
                && text
                    .get(i..i + literal.len())
                    .is_some_and(|t| t.eq_ignore_ascii_case(literal))
            {
                found.set(id);
            }
        }
    }
}

/// The literals found in one URL, as bits. Literals past the first 256 are
/// always reported present: the prefilter only ever lets the regex decide.
#[derive(Debug, Default, Clone, Copy)]
pub struct Found([u64; 4]);

impl Found {
    pub fn set(&mut self, id: usize) {
        if id < 256 {
            self.0[id / 64] |= 1 << (id % 64);
        }
    }

    pub fn has(&self, id: u32) -> bool {
        let id = id as usize;
        id >= 256 || self.0[id / 64] & (1 << (id % 64)) != 0
    }

    pub fn is_empty(&self) -> bool {
        self.0 == [0; 4]
    }

    /// Whether every literal of `needed` is among these.
    pub fn contains_all(&self, needed: &Found) -> bool {
        self.0
            .iter()
            .zip(&needed.0)
            .all(|(have, need)| have & need == *need)
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

/// The runs of literal ASCII characters (two or more) that every match
/// contains. Conservative: a top-level alternation means none is required.
pub fn required_literals(source: &str) -> Vec<String> {
    let bytes = source.as_bytes();
    let mut best = Vec::new();
    let mut run = String::new();
    let mut i = 0;
    let end_run = |run: &mut String, best: &mut Vec<String>| {
        if run.len() >= 2 {
            best.push(std::mem::take(run));
        }
        run.clear();
    };
    while i < bytes.len() {
        let (literal, next) = match bytes[i] {
            b'|' => return Vec::new(),
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

/// The longest of [`required_literals`], or nothing.
#[cfg(all(test, not(target_arch = "wasm32")))]
fn required_literal(source: &str) -> String {
    required_literals(source)
        .into_iter()
        .max_by_key(String::len)
        .unwrap_or_default()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

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
        assert_eq!(required_literal(r"abb*c"), "ab");
        assert_eq!(required_literals(r"go\.(a|b)\.com"), vec!["go.", ".com"]);
        assert_eq!(required_literal(r"xa{0,2}b"), "");
        assert_eq!(required_literal(r"a+bcd"), "bcd");
        assert_eq!(required_literal(r"cat|dog"), "");
    }

    #[test]
    fn compiles_now_or_on_first_use() {
        let p = Pattern::compile(r"pepperjam\.(boysmells|dermelect)\.com").unwrap();
        assert_eq!(p.required, vec!["pepperjam.", ".com"]);
        assert!(p.is_match("https://PepperJam.Dermelect.com/x"));
        assert!(!p.is_match("https://pepperjam.example.com/x"));
        let later = Pattern::deferred(r"[?&]aid=(?!(?:898409|1)(?:&|$))");
        assert_eq!(later.required, vec!["aid="]);
        assert!(later.is_match("https://booking.com/?aid=77"));
        assert!(
            !later.is_match("https://booking.com/?aid=1"),
            "the look-ahead holds"
        );
        assert!(!Pattern::deferred("(").is_match("("));
    }

    #[test]
    fn finds_every_literal_in_one_pass() {
        let mut index = LiteralIndex::default();
        let a = index.add("go.") as usize;
        let b = index.add(".com") as usize;
        let c = index.add("sjv.io") as usize;
        assert_eq!(index.add("go."), a as u32);
        let found = index.find(b"https://GO.gymshark.com/x");
        assert!(found.has(a as u32) && found.has(b as u32) && !found.has(c as u32));
        assert!(!index.find(b"").has(a as u32));
    }

    #[test]
    fn reports_what_cannot_compile() {
        assert!(Pattern::compile(r"(a)\1")
            .unwrap_err()
            .contains("back-references"));
        assert!(Pattern::compile(r"(unclosed").is_err());
    }
}
