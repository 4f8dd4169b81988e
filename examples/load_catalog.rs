//! Loads the catalog file named on the command line, for profiling with
//! callgrind: `cargo build --release --example load_catalog` then
//! `valgrind --tool=callgrind target/release/examples/load_catalog FILE`.
use shoptrip::engine::Engine;

fn main() {
    let path = std::env::args().nth(1).expect("a catalog file");
    let text = std::fs::read_to_string(path).expect("readable");
    let engine = Engine::new(&text).expect("a valid catalog");
    println!("{} stores", engine.store_count());
}
