#![cfg(not(target_arch = "wasm32"))]
//! `shoptrip-catalog check` on a good catalog and on a bad one, as a
//! publisher runs it.
use std::process::Command;

fn check(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_shoptrip-catalog"))
        .arg("check")
        .args(args)
        .output()
        .expect("the command runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn a_good_catalog_prints_its_counts() {
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/catalogs/us.json"
    );
    let (code, out) = check(&[fixture, "--region", "US"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("valid: 187 stores, "), "{out}");
    assert!(
        out.contains(" offers, ") && out.contains(" boosts active now"),
        "{out}"
    );
    let (code, out) = check(&[fixture, "--region", "JP"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("region: the catalog is for region US, not JP"),
        "{out}"
    );
}

#[test]
fn a_bad_catalog_lists_every_problem_and_fails() {
    let dir = std::env::temp_dir().join(format!("shoptrip-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.json");
    std::fs::write(
        &bad,
        r#"{"schema":1,"region":"US","currency":"USD","stores":[
            {"id":"Bad Id","name":"x","domains":["x.example"],"offer":{"kind":"percent","rate":"6"}},
            {"id":"two","name":"Two","domains":["co.uk"],"offer":{"kind":"percent","rate":"101"}}]}"#,
    )
    .unwrap();
    let (code, out) = check(&[bad.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    for want in [
        "stores[0]: id: \"Bad Id\"",
        "store two: offer: rate 101",
        "refused: ",
    ] {
        assert!(out.contains(want), "{want} in {out}");
    }
    let (code, _) = check(&[dir.join("missing.json").to_str().unwrap()]);
    assert_eq!(code, 2);
}
