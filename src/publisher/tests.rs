use super::*;
use serde_json::{json, Value};

/// PUBLISHER.md's example profile.
fn good() -> Value {
    json!({
      "schema": 1,
      "id": "example-rewards",
      "name": "Example Rewards",
      "homepage": "https://rewards.example.com/",
      "support": "https://rewards.example.com/help/missing-cash-back",
      "privacy": "https://rewards.example.com/privacy",
      "brand": { "color": "#0b7a75", "icon": "icon.png" },
      "firefoxId": "button@rewards.example.com",
      "regions": [
        { "region": "US", "currency": "USD", "catalog": "catalog-us.json",
          "feed": "https://feeds.rewards.example.com/us.json" }
      ],
      "programs": {
        "cash_back": { "payout": { "period": "quarter", "monthsAfter": 2, "day": 15, "minimumMinor": 501 } },
        "membership_rewards": { "payout": { "period": "quarter", "monthsAfter": 2, "day": 15, "minimumPoints": 500 },
                                "arrivalWeeks": [8, 12] }
      },
      "account": {
        "authorize": "https://rewards.example.com/oauth/authorize",
        "token": "https://rewards.example.com/oauth/token",
        "revoke": "https://rewards.example.com/oauth/revoke",
        "clientId": "example-rewards-button",
        "scope": "trips"
      },
      "trips": "https://api.rewards.example.com/v1/trips"
    })
}

fn problems(profile: &Value) -> Vec<String> {
    match Profile::parse(&profile.to_string()) {
        Ok(_) => Vec::new(),
        Err(e) => e.problems.iter().map(ToString::to_string).collect(),
    }
}

fn has(found: &[String], want: &str) -> bool {
    found.iter().any(|p| p.starts_with(want))
}

#[test]
fn the_contracts_example_is_read_whole() {
    let profile = Profile::parse(&good().to_string()).unwrap();
    assert_eq!(profile.name, "Example Rewards");
    assert!(!profile.demo);
    assert_eq!(
        profile.regions[0].feed.as_deref(),
        Some("https://feeds.rewards.example.com/us.json")
    );
    let mr = profile.program(Program::MembershipRewards).unwrap();
    assert_eq!(mr.arrival_weeks, Some((8, 12)));
    assert_eq!(mr.payout.minimum, 500);
    assert_eq!(
        profile.program(Program::CashBack).unwrap().payout,
        PayoutRule::SEEDS_CASH_BACK
    );
    assert!(profile.program(Program::Points).is_none());
    assert_eq!(profile.check_offers(Program::MembershipRewards), Ok(()));
    assert_eq!(
        profile.check_offers(Program::Points),
        Err("Example Rewards does not offer points".to_owned())
    );
    assert_eq!(
        profile.account.as_ref().unwrap().client_id,
        "example-rewards-button"
    );
    let summary = serde_json::to_value(profile.summary()).unwrap();
    assert_eq!(
        summary["programs"],
        json!(["cash_back", "membership_rewards"])
    );
    assert_eq!(
        (summary["account"].clone(), summary["trips"].clone()),
        (json!(true), json!(true))
    );
}

#[test]
fn every_problem_is_listed_with_its_field() {
    let mut bad = good();
    bad["id"] = json!("Example Rewards!");
    bad["name"] = json!("<b>Example</b>");
    bad["homepage"] = json!("http://rewards.example.com/");
    bad["support"] = json!("not a url");
    bad["brand"]["color"] = json!("#7fd3cf");
    bad["brand"]["icon"] = json!("../icon.png");
    bad["firefoxId"] = json!("button");
    bad["regions"][0]["feed"] = json!("http://feeds.rewards.example.com/us.json");
    bad["regions"][0]["currency"] = json!("EUR");
    bad["programs"]["cash_back"]["payout"]["period"] = json!("week");
    bad["programs"]["cash_back"]["payout"]["day"] = json!(31);
    bad["programs"]["membership_rewards"]["payout"]["minimumMinor"] = json!(500);
    bad["programs"]["membership_rewards"]["arrivalWeeks"] = json!([12, 8]);
    bad.as_object_mut().unwrap().remove("account");
    let found = problems(&bad);
    for want in [
        "id: \"Example Rewards!\" must be 1 to 64 of a-z, 0-9 and -",
        "name: \"<b>Example</b>\" must be plain text",
        "homepage: \"http://rewards.example.com/\" is not an https URL",
        "support: \"not a url\" is not a URL",
        "brand.color: #7fd3cf: white text on it has a contrast of",
        "brand.icon: \"../icon.png\" must be a path inside the profile's folder",
        "firefoxId: \"button\" must be name@domain",
        "regions[0].currency: \"EUR\" is not the currency of US (USD)",
        "regions[0].feed: \"http://feeds.rewards.example.com/us.json\" is not an https URL",
        "programs.cash_back.payout.period: \"week\" must be \"month\" or \"quarter\"",
        "programs.cash_back.payout.day: must be 1 to 28",
        "programs.membership_rewards.payout: membership_rewards pays by minimumPoints",
        "programs.membership_rewards.arrivalWeeks: must be [min, max] weeks",
        "trips: needs account",
        // With no region in USD left, Membership Rewards has none to serve.
        "programs.membership_rewards: Membership Rewards is for US members",
    ] {
        assert!(has(&found, want), "{want}\nin {found:#?}");
    }
    assert_eq!(found.len(), 15, "{found:#?}");
}

#[test]
fn wrong_types_unknown_fields_and_other_schemas_are_refused_by_name() {
    let mut typed = good();
    typed["regions"][0]["region"] = json!(5);
    assert_eq!(
        problems(&typed),
        ["regions[0].region: must be a string, not the number 5"]
    );
    let mut misspelt = good();
    misspelt["homePage"] = json!("https://x.example/");
    assert!(
        problems(&misspelt)[0].contains("homePage"),
        "{:?}",
        problems(&misspelt)
    );
    let mut other = good();
    other["schema"] = json!(2);
    assert_eq!(
        problems(&other),
        ["schema: schema 2 is not supported (this ShopTrip reads schema 1)"]
    );
    assert!(problems(&json!([1]))[0].contains("must be a JSON object"));
    assert!(
        Profile::parse("{\"schema\":1,\"schema\":1}").is_err(),
        "a repeated key"
    );
    assert!(Profile::parse("").is_err());
}

#[test]
fn programs_need_their_region_and_at_least_one_is_offered() {
    let mut jp_only = good();
    jp_only["regions"] = json!([{ "region": "JP", "currency": "JPY", "catalog": "jp.json" }]);
    jp_only["programs"]["points"] =
        json!({ "payout": { "period": "month", "monthsAfter": 1, "day": 1, "minimumPoints": 1 } });
    let found = problems(&jp_only);
    assert!(
        has(
            &found,
            "programs.membership_rewards: Membership Rewards is for US members"
        ),
        "{found:?}"
    );
    assert_eq!(found.len(), 1, "{found:?}");
    let mut none = good();
    none["programs"] = json!({});
    assert!(has(
        &problems(&none),
        "programs: at least one reward program is needed"
    ));
    let mut no_regions = good();
    no_regions["regions"] = json!([]);
    assert!(has(
        &problems(&no_regions),
        "regions: at least one region is needed"
    ));
    let mut twice = good();
    twice["regions"] = json!([good()["regions"][0], good()["regions"][0]]);
    assert!(has(
        &problems(&twice),
        "regions[1].region: US is listed twice"
    ));
}

#[test]
fn a_monthly_schedule_is_read() {
    let mut monthly = good();
    monthly["programs"]["cash_back"]["payout"] =
        json!({ "period": "month", "monthsAfter": 1, "day": 1, "minimumMinor": 1000 });
    let profile = Profile::parse(&monthly.to_string()).unwrap();
    let rule = profile.program(Program::CashBack).unwrap().payout;
    assert_eq!(
        (rule.period, rule.months_after, rule.day, rule.minimum),
        (Period::Month, 1, 1, 1000)
    );
}

#[test]
fn the_brand_colour_keeps_text_readable() {
    assert!((contrast([0, 0, 0], [255, 255, 255]) - 21.0).abs() < 1e-9);
    assert!((contrast([255, 255, 255], [255, 255, 255]) - 1.0).abs() < 1e-9);
    // The demo's teal passes; a light teal and a mid grey do not.
    assert!(contrast(parse_color("#0b7a75").unwrap(), [255; 3]) >= MIN_CONTRAST);
    assert!(contrast(parse_color("#767676").unwrap(), [255; 3]) >= MIN_CONTRAST);
    assert!(contrast(parse_color("#777777").unwrap(), [255; 3]) < MIN_CONTRAST);
    assert_eq!(parse_color("#0B7A75"), Some([11, 122, 117]));
    for bad in ["0b7a75", "#0b7a7", "#0b7a7g", "#0b7a750", ""] {
        assert_eq!(parse_color(bad), None, "{bad}");
    }
}

/// A PNG signature and header chunk for a `w`×`h` image.
fn png(w: u32, h: u32) -> Vec<u8> {
    let mut bytes = vec![
        0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n', 0, 0, 0, 13,
    ];
    bytes.extend_from_slice(b"IHDR");
    bytes.extend_from_slice(&w.to_be_bytes());
    bytes.extend_from_slice(&h.to_be_bytes());
    bytes.extend_from_slice(&[8, 6, 0, 0, 0]);
    bytes
}

#[test]
fn the_icon_is_a_square_png_of_at_least_128_px() {
    assert_eq!(check_icon(&png(128, 128)), Ok(()));
    assert_eq!(check_icon(&png(512, 512)), Ok(()));
    assert!(check_icon(&png(128, 64))
        .unwrap_err()
        .contains("must be square"));
    assert!(check_icon(&png(64, 64))
        .unwrap_err()
        .contains("at least 128 px"));
    assert_eq!(check_icon(b"GIF89a").unwrap_err(), "is not a PNG image");
    assert_eq!(check_icon(&[]).unwrap_err(), "is not a PNG image");
}

fn catalog(region: &str, currency: &str) -> String {
    json!({ "schema": 1, "region": region, "currency": currency, "stores": [
        { "id": "shop", "name": "Shop", "domains": ["shop.example"], "offer": { "kind": "percent", "rate": "5" } } ] })
    .to_string()
}

#[test]
fn the_files_a_profile_names_are_checked() {
    let profile = Profile::parse(&good().to_string()).unwrap();
    let files = |icon: Vec<u8>, us: Option<String>| {
        move |path: &str| -> Result<Vec<u8>, String> {
            match path {
                "icon.png" => Ok(icon.clone()),
                "catalog-us.json" => us
                    .clone()
                    .map(String::into_bytes)
                    .ok_or_else(|| "no such file".to_owned()),
                _ => Err("no such file".into()),
            }
        }
    };
    assert_eq!(
        profile.check_files(&files(png(256, 256), Some(catalog("US", "USD"))), None),
        Ok(())
    );
    let e = profile
        .check_files(&files(png(100, 100), Some(catalog("JP", "JPY"))), None)
        .unwrap_err();
    let found: Vec<String> = e.problems.iter().map(ToString::to_string).collect();
    assert!(has(&found, "brand.icon: is 100 px wide"), "{found:?}");
    assert!(
        has(
            &found,
            "regions[0].catalog: is a catalog for JP in JPY, not US in USD"
        ),
        "{found:?}"
    );
    let e = profile
        .check_files(&files(vec![1, 2], None), None)
        .unwrap_err();
    let found: Vec<String> = e.problems.iter().map(ToString::to_string).collect();
    assert!(has(&found, "brand.icon: is not a PNG image"), "{found:?}");
    assert!(
        has(&found, "regions[0].catalog: cannot be read: no such file"),
        "{found:?}"
    );
    let refused = files(png(128, 128), Some("{\"schema\":1}".into()));
    let e = profile.check_files(&refused, None).unwrap_err();
    assert!(e.problems[0].message.starts_with("refused: "), "{e}");
}

#[test]
fn the_demo_is_shoptrip_with_the_seeds_rules_and_no_account() {
    let demo = Profile::demo();
    assert!(demo.demo);
    assert_eq!(demo.name, "ShopTrip");
    assert!(demo.account.is_none() && demo.trips.is_none());
    assert_eq!(
        demo.program(Program::CashBack).unwrap().payout,
        PayoutRule::SEEDS_CASH_BACK
    );
    assert_eq!(
        demo.regions
            .iter()
            .map(|r| r.catalog.as_str())
            .collect::<Vec<_>>(),
        ["catalogs/us.json", "catalogs/jp.json"]
    );
    // Its files are the extension's own: the shipped icon and catalogs.
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/extension/");
    let read = |path: &str| std::fs::read(format!("{root}{path}")).map_err(|e| e.to_string());
    assert_eq!(demo.check_files(&read, None), Ok(()));
}

#[test]
fn no_input_panics_the_profile_reader() {
    for text in [
        "",
        "{",
        "null",
        "[]",
        "{\"schema\":1}",
        "{\"schema\":1e400}",
        "\"x\"",
        "{\"schema\":\"1\"}",
    ] {
        assert!(Profile::parse(text).is_err(), "{text}");
    }
}

#[test]
fn a_publishers_build_takes_its_feed_for_the_shoppers_region() {
    let profile = Profile::parse(&good().to_string()).unwrap();
    let mut settings = crate::settings::Settings::default();
    assert!(profile.apply_to(&mut settings));
    assert_eq!(
        settings.feed_url.as_deref(),
        Some("https://feeds.rewards.example.com/us.json")
    );
    assert!(!profile.apply_to(&mut settings), "already in line");
    settings.region = crate::settings::Region::parse("JP").unwrap();
    assert!(profile.apply_to(&mut settings), "no JP region: no feed");
    assert_eq!(settings.feed_url, None);
    // The demo leaves the developer's feed alone.
    settings
        .set_feed_url(Some("https://feeds.example/dev.json"))
        .unwrap();
    assert!(!Profile::demo().apply_to(&mut settings));
    assert_eq!(
        settings.feed_url.as_deref(),
        Some("https://feeds.example/dev.json")
    );
}
