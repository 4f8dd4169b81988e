//! Ad-hoc profiling target for callgrind: catalog load only.
fn main() {
    let mut stores = Vec::new();
    for i in 0..10_000 {
        stores.push(format!(r#"{{"id":"s{i}","name":"Store {i}","domains":["store{i}.com"],"offer":{{"kind":"percent","rate":"{}"}}}}"#, 1 + i % 12));
    }
    let json = format!(
        r#"{{"schema":1,"region":"US","currency":"USD","stores":[{}]}}"#,
        stores.join(",")
    );
    let _ = shoptrip::standdown::Policies::builtin();
    let t = std::time::Instant::now();
    let c = shoptrip::catalog::Catalog::parse(&json).unwrap();
    let e = shoptrip::Engine::with_catalog(c);
    println!("{} stores in {:?}", e.store_count(), t.elapsed());
}
