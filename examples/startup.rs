//! What the extension's worker does when it starts, natively, for profiling
//! with callgrind: `cargo build --release --example startup` then
//! `valgrind --tool=callgrind target/release/examples/startup`. The engine
//! comes from the catalog's snapshot, as in a woken worker (the snapshot is
//! written first, as the build writes the shipped one).
use shoptrip::engine::{catalog_hash, Engine};
use shoptrip::navigation::{arrive, Navigation};
use shoptrip::storage::MemoryStore;
use shoptrip::trips::TripBook;

fn main() {
    let catalog = include_str!("../extension/catalogs/us.json");
    let hash = catalog_hash(catalog.as_bytes());
    let snapshot = Engine::new(catalog).expect("catalog").snapshot(hash);
    let engine = Engine::from_snapshot(&snapshot, hash).expect("snapshot");
    let mut store = MemoryStore::default();
    let (mut book, _) = TripBook::load(&mut store, 0);
    let nav = Navigation {
        url: "https://www.macys.com/shop/coats",
        referrer: None,
        hops: &[],
        tab_id: Some(1),
        cookie_names: &[],
    };
    let view = arrive(&engine, &mut book, &nav, 1_795_000_000_000).map(|(v, _)| v.badge);
    println!("{view:?}");
}
