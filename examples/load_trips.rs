//! Loads a stored document of 10,000 trips, natively, for profiling the
//! worker's start with many trips: `cargo run --release --example load_trips`.
use shoptrip::storage::{KeyValueStore, MemoryStore};
use shoptrip::trips::{TripBook, TRIPS_KEY};
use std::time::Instant;

fn main() {
    let trip = |i: usize| {
        format!(
            r#"{{"id":"{i:032x}","storeId":"macys","storeName":"Store","startedMs":{},"program":"cash_back","currency":"USD","offer":{{"kind":"percent","rateBps":500,"upTo":false,"text":"5% Cash Back"}},"startUrl":"https://www.macys.com/","status":"confirmed","history":[{{"status":"activated","atMs":1}}],"order":{{"subtotalMinor":10000,"orderedMs":2,"source":"page","estimate":{{"amountMinor":500,"points":0,"display":"$5.00"}}}}}}"#,
            1_795_000_000_000i64 - i as i64 * 1000
        )
    };
    let trips: Vec<String> = (0..10_000).map(trip).collect();
    let doc = format!(
        r#"{{"version":3,"trips":[{}],"standDowns":[],"settings":{{}}}}"#,
        trips.join(",")
    );
    let mut store = MemoryStore::default();
    store.set(TRIPS_KEY, &doc).unwrap();
    let start = Instant::now();
    let (book, issues) = TripBook::load(&mut store, 1_795_000_000_000);
    let loaded = start.elapsed();
    let start = Instant::now();
    let text = book.to_json();
    let saved = start.elapsed();
    println!(
        "{} trips, {} issues, {} bytes: load {:?}, to_json {:?}",
        book.trips().len(),
        issues.len(),
        text.len(),
        loaded,
        saved
    );
}
