use super::*;
use crate::rewards::Program;

const NOW: i64 = 1_795_000_000_000; // 2026-11-18
const US: &str = include_str!("../../../extension/catalogs/us.json");
const JP: &str = include_str!("../../../extension/catalogs/jp.json");

fn hash(catalog: &str) -> u64 {
    catalog_hash(catalog.as_bytes())
}

fn built(catalog: &str) -> Engine {
    Engine::new(catalog).expect("the bundled catalog")
}

/// Pages of every store, and lookalikes that must not match.
fn pages(engine: &Engine) -> Vec<String> {
    let mut pages = Vec::new();
    for store in engine.stores() {
        for entry in &store.domains {
            pages.push(format!("https://www.{}{}/x?y=1", entry.host, entry.path));
            pages.push(format!("https://{}.evil.example/", entry.host));
        }
    }
    pages
}

/// What an engine answers, as text, for everything a shopper can ask.
fn answers(engine: &Engine, pages: &[String]) -> Vec<String> {
    let mut seen = vec![
        format!("{:?} {}", engine.catalog(), engine.store_count()),
        format!(
            "{:?}",
            engine
                .search("a", 500)
                .iter()
                .map(|s| &s.id)
                .collect::<Vec<_>>()
        ),
    ];
    for page in pages {
        let found = engine.match_url(page, Some("https://www.anrdoezrs.net/click-1-2"), NOW);
        seen.push(format!(
            "{page} {:?}",
            found.map(|m| (m.store.id.clone(), m.offer, m.stand_down, m.host))
        ));
    }
    for store in engine.stores() {
        seen.push(format!(
            "{:?} {:?} {:?}",
            engine.store(&store.id).map(|s| format!("{s:?}")),
            engine.estimate(&store.id, 12_345, Program::CashBack, NOW),
            engine.shop_now_url(&store.id, "trip-1", "https://example.com/"),
        ));
    }
    seen
}

#[test]
fn a_snapshot_answers_exactly_as_the_engine_it_was_taken_of() {
    for catalog in [US, JP] {
        let engine = built(catalog);
        let snapshot = engine.snapshot(hash(catalog));
        let restored = Engine::from_snapshot(&snapshot, hash(catalog)).expect("restored");
        let pages = pages(&engine);
        assert!(pages.len() > 20, "{}", pages.len());
        assert_eq!(answers(&restored, &pages), answers(&engine, &pages));
        // A snapshot of the restored engine restores the same engine again.
        let again = restored.snapshot(hash(catalog));
        let twice = Engine::from_snapshot(&again, hash(catalog)).expect("restored twice");
        assert_eq!(answers(&twice, &pages), answers(&engine, &pages));
    }
}

#[test]
fn a_restored_engine_decodes_only_the_stores_it_is_asked_for() {
    let snapshot = built(US).snapshot(hash(US));
    let restored = Engine::from_snapshot(&snapshot, hash(US)).expect("restored");
    let decoded = |e: &Engine| match &e.loaded.stores {
        StoreTable::Encoded { decoded, .. } => decoded.iter().filter(|c| c.get().is_some()).count(),
        StoreTable::Parsed(_) => panic!("a restored engine keeps records"),
    };
    assert_eq!(decoded(&restored), 0);
    let found = restored.match_url("https://www.macys.com/shop/coats", None, NOW);
    assert_eq!(found.map(|m| m.store.id.clone()).as_deref(), Some("macys"));
    assert_eq!(decoded(&restored), 1);
    assert!(restored
        .match_url("https://macys.com.evil.example/", None, NOW)
        .is_none());
    assert_eq!(decoded(&restored), 1);
}

#[test]
fn a_snapshot_for_another_catalog_is_refused() {
    let snapshot = built(US).snapshot(hash(US));
    let edited = US.replacen("\"6\"", "\"7\"", 1);
    assert_ne!(edited, US);
    assert_eq!(
        Engine::from_snapshot(&snapshot, hash(&edited)).err(),
        Some(SnapshotError::OtherCatalog)
    );
    assert_eq!(
        Engine::from_snapshot(&snapshot, hash(JP)).err(),
        Some(SnapshotError::OtherCatalog)
    );
}

#[test]
fn a_snapshot_from_another_core_is_refused() {
    let snapshot = built(US).snapshot(hash(US));
    let envelope: Envelope = postcard::from_bytes(&snapshot).expect("envelope");
    let bits = usize::BITS;
    for (core, format, word_bits) in [
        ("0.0.9", FORMAT, bits),
        (CORE_VERSION, FORMAT + 1, bits),
        (CORE_VERSION, FORMAT, 96 - bits),
    ] {
        let other = postcard::to_allocvec(&Envelope {
            core,
            format,
            word_bits,
            ..envelope
        })
        .expect("envelope");
        let refused = Engine::from_snapshot(&other, hash(US)).err();
        assert!(
            matches!(refused, Some(SnapshotError::OtherCore(_))),
            "{refused:?}"
        );
        assert!(refused
            .unwrap()
            .to_string()
            .contains("written by ShopTrip core"));
    }
}

#[test]
fn every_truncation_and_every_flipped_byte_is_refused() {
    let snapshot = built(JP).snapshot(hash(JP));
    for len in 0..snapshot.len() {
        assert!(
            Engine::from_snapshot(&snapshot[..len], hash(JP)).is_err(),
            "{len}"
        );
    }
    for at in 0..snapshot.len() {
        let mut damaged = snapshot.clone();
        damaged[at] ^= 0x20;
        assert!(Engine::from_snapshot(&damaged, hash(JP)).is_err(), "{at}");
    }
    let mut longer = snapshot.clone();
    longer.push(0);
    assert_eq!(
        Engine::from_snapshot(&longer, hash(JP)).err(),
        Some(SnapshotError::Damaged("bytes follow its end"))
    );
    assert_eq!(
        Engine::from_snapshot(JP.as_bytes(), hash(JP)).err(),
        Some(SnapshotError::NotASnapshot)
    );
}

#[test]
fn a_body_that_passes_its_checksum_but_points_outside_its_tables_is_refused() {
    let engine = built(JP);
    let first = |n: usize| {
        let mut hot = HotTable::default();
        for i in 0..n {
            hot.push(engine.loaded.hot.get(i as StoreIndex).expect("record"));
        }
        hot
    };
    let loaded_hot = first(engine.loaded.hot.len() - 1);
    let records = engine.loaded.stores.records();
    let body = |hot: &HotTable, ids: &Slices| {
        postcard::to_allocvec(&BodyRef {
            region: "JP",
            currency: "JPY",
            updated: None,
            hot,
            index: &engine.loaded.index,
            ids,
            by_id: &engine.loaded.by_id,
            records: &records,
            lookalikes: &engine.loaded.lookalikes,
        })
        .expect("body")
    };
    assert!(Engine::from_body(&body(&engine.loaded.hot, &engine.loaded.ids)).is_ok());
    assert_eq!(
        Engine::from_body(&body(&loaded_hot, &engine.loaded.ids)).err(),
        Some(SnapshotError::Damaged("its tables disagree"))
    );
    // Fewer stores than the index names.
    let mut ids = Slices::default();
    let mut records_short = Slices::default();
    for i in 0..2 {
        ids.push(engine.loaded.ids.get(i).expect("id"));
        records_short.push(records.get(i).expect("record"));
    }
    let short = postcard::to_allocvec(&BodyRef {
        region: "JP",
        currency: "JPY",
        updated: None,
        hot: &first(2),
        index: &engine.loaded.index,
        ids: &ids,
        by_id: &engine.loaded.by_id,
        records: &records_short,
        lookalikes: &engine.loaded.lookalikes,
    })
    .expect("body");
    assert_eq!(
        Engine::from_body(&short).err(),
        Some(SnapshotError::Damaged("a store index is out of range"))
    );
}

#[test]
fn a_snapshot_keeps_the_built_in_stand_down_rules_whatever_packs_were_added() {
    let plain = built(US);
    let mut with_pack = built(US);
    let pack = r#"{ "schema": 1, "networks": [ { "id": "test-net", "name": "Test",
        "sessionDuration": 3600, "rules": [ { "kind": "domain", "domain": "macys.com" } ] } ] }"#;
    if with_pack.add_policy_pack("test", pack).is_ok() {
        assert_eq!(
            with_pack.snapshot(hash(US)).len(),
            plain.snapshot(hash(US)).len()
        );
    }
    let restored =
        Engine::from_snapshot(&with_pack.snapshot(hash(US)), hash(US)).expect("restored");
    let pages = pages(&plain);
    assert_eq!(answers(&restored, &pages), answers(&plain, &pages));
}

fn seeds_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/snapshot")
}

/// The snapshot fuzz target's seeds (fuzz/corpus/snapshot/), bound to its
/// catalog hash: a first byte of 0 reads a seed with every check, 1 past
/// the checksum. Written again after a format change with
/// `cargo test --lib write_fuzz_seeds -- --ignored`.
#[test]
#[ignore]
fn write_fuzz_seeds() {
    let tiny = serde_json::json!({ "schema": 1, "region": "US", "currency": "USD", "stores": [
        { "id": "a", "name": "A", "domains": ["a.example", "b.example/shop"],
          "offer": { "kind": "percent", "rate": "5" },
          "boosts": [{ "rate": "1", "from": "2026-01-01T00:00:00Z",
                       "until": "2027-01-01T00:00:00Z", "label": "x" }],
          "tracking": "https://t.example/c?s={store}&t={trip}&u={url}" },
        { "id": "b", "name": "B", "domains": ["c.example"], "offer": { "kind": "flat", "amount": "3" } }
    ]});
    let hash = crate::fuzzing::SNAPSHOT_FUZZ_HASH;
    let dir = seeds_dir();
    for (name, catalog) in [("jp", JP.to_owned()), ("tiny", tiny.to_string())] {
        let snapshot = built(&catalog).snapshot(hash);
        for (mode, prefix) in [(0u8, "checked"), (1, "unchecked")] {
            let seed: Vec<u8> = std::iter::once(mode)
                .chain(snapshot.iter().copied())
                .collect();
            std::fs::write(dir.join(format!("{prefix}-{name}")), &seed).expect("seed");
            if name == "tiny" && mode == 1 {
                std::fs::write(dir.join("unchecked-truncated"), &seed[..seed.len() - 7])
                    .expect("seed");
            }
        }
    }
    std::fs::write(dir.join("empty"), []).expect("seed");
}

#[test]
fn the_fuzz_seeds_are_snapshots_this_core_restores() {
    for name in ["checked-jp", "checked-tiny"] {
        let seed = std::fs::read(seeds_dir().join(name)).expect("seed");
        let restored = Engine::from_snapshot(&seed[1..], crate::fuzzing::SNAPSHOT_FUZZ_HASH);
        assert!(
            restored.is_ok(),
            "{name}: {:?} (write the seeds again after a format change: see write_fuzz_seeds)",
            restored.err()
        );
    }
}
