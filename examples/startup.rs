//! What the extension's worker does when it starts, natively, for profiling
//! with callgrind: `cargo build --release --example startup` then
//! `valgrind --tool=callgrind target/release/examples/startup`.
use shoptrip::engine::Engine;
use shoptrip::navigation::{arrive, Navigation};
use shoptrip::storage::MemoryStore;
use shoptrip::trips::TripBook;

fn main() {
    let catalog = include_str!("../extension/catalogs/us.json");
    let engine = Engine::new(catalog).expect("catalog");
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
