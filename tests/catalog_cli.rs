#![cfg(not(target_arch = "wasm32"))]
//! `shoptrip-catalog check` on a good catalog and on a bad one, and
//! `check-publisher` on a good profile and a bad one, as a publisher runs them.
use std::process::Command;

/// `shoptrip-catalog SUBCOMMAND ARGS…`: its exit code and what it printed.
fn run(subcommand: &str, args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_shoptrip-catalog"))
        .arg(subcommand)
        .args(args)
        .output()
        .expect("the command runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

fn check(args: &[&str]) -> (i32, String) {
    run("check", args)
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

fn check_publisher(profile: &str) -> (i32, String) {
    run("check-publisher", &[profile])
}

#[test]
fn a_good_publisher_profile_prints_its_summary() {
    let profile = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/publisher/publisher.json"
    );
    let (code, out) = check_publisher(profile);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains(
            "valid: Example Rewards (example-rewards), regions US JP, programs cash_back points"
        ),
        "{out}"
    );
}

#[test]
fn a_bad_publisher_profile_lists_every_problem_and_fails() {
    let profile = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/publisher-bad/publisher.json"
    );
    let (code, out) = check_publisher(profile);
    assert_eq!(code, 1, "{out}");
    for want in [
        "name: \"<img src=x onerror=alert(1)>Rewards\" must be plain text",
        "regions[0].feed: \"http://feeds.example-rewards.test/us.json\" is not an https URL",
        "trips: needs account",
        "refused: 3 problems",
    ] {
        assert!(out.contains(want), "{want} in {out}");
    }
    // The document's problems come first; with them fixed, its files are
    // checked: the small icon and the missing catalog.
    let text = std::fs::read_to_string(profile).unwrap();
    let mut fixed: serde_json::Value = serde_json::from_str(&text).unwrap();
    fixed["name"] = "Example Rewards".into();
    fixed["regions"][0]["feed"] = "https://feeds.example-rewards.test/us.json".into();
    fixed.as_object_mut().unwrap().remove("trips");
    let dir = std::env::temp_dir().join(format!("shoptrip-bad-publisher-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/publisher-bad/icon.png"
        ),
        dir.join("icon.png"),
    )
    .unwrap();
    let path = dir.join("publisher.json");
    std::fs::write(&path, fixed.to_string()).unwrap();
    let (code, out) = check_publisher(path.to_str().unwrap());
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("brand.icon: is 64 px wide; it must be at least 128 px"),
        "{out}"
    );
    assert!(out.contains("regions[0].catalog: cannot be read"), "{out}");
    std::fs::remove_dir_all(&dir).ok();
}
