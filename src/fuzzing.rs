//! Entry points for fuzzing: each takes arbitrary bytes and runs one of the
//! core's inputs through the code that handles it, checking the invariants
//! that must hold for any input. The cargo-fuzz targets in `fuzz/` call
//! these, and `tests/fuzz_corpus.rs` replays the committed corpus through
//! them on every `cargo test`, so a finding stays fixed.
//!
//! Every function must return normally for every input: a panic is a bug.

use crate::document::parse_strict;
use crate::engine::Engine;
use crate::standdown::regex::Regex;
use crate::standdown::Pack;
use crate::storage::{KeyValueStore, MemoryStore};
use crate::trips::{TripBook, TRIPS_KEY};
use std::sync::OnceLock;

const NOW: i64 = 1_795_000_000_000;

fn text(data: &[u8]) -> &str {
    std::str::from_utf8(data).unwrap_or("")
}

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        Engine::new(include_str!("../extension/catalogs/us.json")).expect("the bundled catalog")
    })
}

/// A URL, then optionally a newline and a referrer: match and stand-down.
pub fn match_url(data: &[u8]) {
    let input = text(data);
    let (url, referrer) = match input.split_once('\n') {
        Some((u, r)) => (u, Some(r)),
        None => (input, None),
    };
    let engine = engine();
    if let Some(m) = engine.match_url(url, referrer, NOW) {
        assert!(!m.host.is_empty());
        assert!(m.host.bytes().all(|b| !b.is_ascii_uppercase()));
        assert!(rewards_badge_fits(&m));
    }
    // Further lines: the names of the landing host's cookies.
    let cookies: Vec<&str> = input.lines().skip(2).collect();
    let _ = engine.stand_down(&[url, referrer.unwrap_or("")], NOW, &cookies);
}

fn rewards_badge_fits(m: &crate::UrlMatch) -> bool {
    let badge = m.badge(
        crate::money::Currency::USD,
        crate::rewards::Program::CashBack,
    );
    badge.chars().count() <= 4
}

/// A catalog document: accepted whole or refused with problems listed.
pub fn catalog(data: &[u8]) {
    match Engine::new(text(data)) {
        Ok(engine) => assert!(engine.store_count() > 0),
        Err(e) => assert!(!e.to_string().is_empty()),
    }
}

/// A stand-down policy pack.
pub fn policy_pack(data: &[u8]) {
    if let Ok(pack) = Pack::parse("fuzz", text(data)) {
        let cookies = pack.networks.iter().flat_map(|n| &n.cookie_names);
        assert!(!pack.rules.is_empty() || cookies.clone().next().is_some());
        for part in cookies {
            assert!(
                crate::standdown::pack::is_cookie_name_part(part),
                "{part:?}"
            );
        }
        // What a pack holds reads back the same from its lines.
        let lines = pack.to_lines();
        let again = Pack::from_lines(&lines).expect("its own lines");
        assert_eq!(again.to_lines(), lines);
    }
}

/// A stored document of any version: loads, sets aside what it cannot
/// read, and saves again without losing the backup.
pub fn stored_state(data: &[u8]) {
    let mut store = MemoryStore::default();
    let original = text(data);
    store.set(TRIPS_KEY, original).expect("memory store");
    let (book, issues) = TripBook::load(&mut store, NOW);
    for issue in &issues {
        if let Some(key) = &issue.backup_key {
            assert!(store.get(key).expect("memory store").is_some());
        }
    }
    if book.save(&mut store).is_ok() {
        let (again, more) = TripBook::load(&mut store, NOW);
        assert!(
            more.is_empty(),
            "a saved document reads back cleanly: {more:?}"
        );
        assert_eq!(again.trips(), book.trips());
        assert_eq!(again.settings, book.settings);
    }
}

/// JSON text as every document is read (repeated keys refused): parsed,
/// written and parsed again to the same value.
pub fn json_text(data: &[u8]) {
    if let Ok(value) = parse_strict(text(data)) {
        let written = serde_json::to_string(&value).expect("a tree has string keys");
        assert_eq!(parse_strict(&written).as_ref(), Ok(&value));
    }
}

/// A pattern, a newline, then a text to test it on.
pub fn regex(data: &[u8]) {
    let input = text(data);
    let (pattern, subject) = input.split_once('\n').unwrap_or((input, ""));
    if let Ok(re) = Regex::new(pattern) {
        let _ = re.is_match(subject);
    }
}

/// A fuzz entry point.
pub type Target = fn(&[u8]);

/// Every entry point by name, for replaying a corpus.
pub const TARGETS: [(&str, Target); 6] = [
    ("match_url", match_url),
    ("catalog", catalog),
    ("policy_pack", policy_pack),
    ("stored_state", stored_state),
    ("json_text", json_text),
    ("regex", regex),
];
