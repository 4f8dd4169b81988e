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
    let matched = engine.match_url(url, referrer, NOW);
    if let Some(m) = &matched {
        assert!(!m.host.is_empty());
        assert!(m.host.bytes().all(|b| !b.is_ascii_uppercase()));
        assert!(rewards_badge_fits(m));
    }
    // A lookalike is never a page the catalog matches, and names a real domain
    // of the store it imitates.
    if let Some((found, store)) = engine.lookalike(url, None) {
        assert!(matched.is_none(), "a matched page is never a lookalike");
        assert!(store
            .domains
            .iter()
            .any(|d| d.host.ends_with(&found.domain)));
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

/// The catalog hash the snapshot target's seeds are bound to.
pub const SNAPSHOT_FUZZ_HASH: u64 = 0x5eed;

/// An engine snapshot. The first byte chooses: even, the reader as the
/// worker runs it, every check included; odd, past the checksum and the
/// catalog hash (which a fuzzer could never forge), straight to the body's
/// reader. Either way: refused with an error, or an engine that answers
/// every question without a panic.
pub fn snapshot(data: &[u8]) {
    let Some((&mode, bytes)) = data.split_first() else {
        return;
    };
    let restored = if mode % 2 == 0 {
        Engine::from_snapshot(bytes, SNAPSHOT_FUZZ_HASH)
    } else {
        crate::engine::snapshot_unchecked(bytes)
    };
    let engine = match restored {
        Ok(engine) => engine,
        Err(e) => return assert!(!e.to_string().is_empty()),
    };
    let ids: Vec<String> = engine.stores().map(|s| s.id.clone()).collect();
    for id in ids.iter().take(64) {
        let _ = engine.store(id);
        let _ = engine.estimate(id, 12_345, crate::rewards::Program::CashBack, NOW);
        let _ = engine.shop_now_url(id, "trip", "https://example.com/");
    }
    let _ = engine.search("", 20);
    for url in [
        "https://www.macys.com/shop?cjevent=1",
        "https://www.rakuten.co.jp/",
        "https://a.b.c.example/x/y",
    ] {
        let _ = engine.match_url(url, Some("https://www.anrdoezrs.net/"), NOW);
    }
    // What was restored is written and restored again.
    let again = engine.snapshot(SNAPSHOT_FUZZ_HASH);
    assert!(Engine::from_snapshot(&again, SNAPSHOT_FUZZ_HASH).is_ok());
}

/// A fuzz entry point.
pub type Target = fn(&[u8]);

/// Every entry point by name, for replaying a corpus.
pub const TARGETS: [(&str, Target); 7] = [
    ("match_url", match_url),
    ("catalog", catalog),
    ("policy_pack", policy_pack),
    ("stored_state", stored_state),
    ("json_text", json_text),
    ("regex", regex),
    ("snapshot", snapshot),
];
