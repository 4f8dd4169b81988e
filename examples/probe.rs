use shoptrip::Engine;
use std::time::Instant;
fn main() {
    let mut stores = Vec::new();
    for i in 0..10_000 {
        stores.push(format!(r#"{{"id":"s{i}","name":"Store {i}","domains":["store{i}.com"],"offer":{{"kind":"percent","rate":"5"}}}}"#));
    }
    let json = format!(
        r#"{{"schema":1,"region":"US","currency":"USD","stores":[{}]}}"#,
        stores.join(",")
    );
    let p = shoptrip::page_url::PageUrl::parse("https://news.example.org/2026/11/3/article.html")
        .unwrap();
    println!("{:?}", matches!(p.host, std::borrow::Cow::Borrowed(_)));
    let t = Instant::now();
    let _p = shoptrip::standdown::Policies::builtin();
    println!("policies {:?}", t.elapsed());
    let t = Instant::now();
    let c = shoptrip::catalog::Catalog::parse(&json).unwrap();
    println!("catalog parse {:?}", t.elapsed());
    let t = Instant::now();
    let e = Engine::with_catalog(c);
    println!("engine build {:?}", t.elapsed());
    let on: Vec<String> = (0..10000)
        .map(|i| format!("https://www.store{}.com/product/123?color=blue&size=3", i))
        .collect();
    let off: Vec<String> = (0..10000)
        .map(|i| format!("https://news.example.org/2026/11/{i}/article.html"))
        .collect();
    for (name, urls) in [("on", &on), ("off", &off)] {
        let t = Instant::now();
        let mut n = 0;
        for _ in 0..10 {
            for u in urls.iter() {
                if e.match_url(u, None, 0).is_some() {
                    n += 1;
                }
            }
        }
        println!("{name}: {:?}/url ({n})", t.elapsed() / 100_000);
        let t = Instant::now();
        for _ in 0..10 {
            for u in urls.iter() {
                let _ = shoptrip::page_url::PageUrl::parse(u);
            }
        }
        println!("{name} parse only: {:?}/url", t.elapsed() / 100_000);
    }
}
#[allow(dead_code)]
fn unused() {}
