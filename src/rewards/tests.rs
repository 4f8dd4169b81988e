use super::*;
use crate::catalog::Catalog;
use crate::time::parse_rfc3339;
use serde_json::json;

fn catalog(region: &str, currency: &str, stores: serde_json::Value) -> Catalog {
    let json = json!({ "schema": 1, "region": region, "currency": currency, "stores": stores });
    Catalog::parse(&json.to_string()).expect("catalog")
}

fn us() -> Catalog {
    catalog(
        "US",
        "USD",
        json!([
            { "id": "macys", "name": "Macy's", "domains": ["macys.com"],
              "offer": { "kind": "percent", "rate": "6", "upTo": true },
              "boosts": [
                { "offer": { "kind": "percent", "rate": "4" }, "from": "2026-11-27T00:00:00Z",
                  "until": "2026-12-01T08:00:00Z", "label": "Black Friday" },
                { "offer": { "kind": "percent", "rate": "95" }, "from": "2026-11-30T00:00:00Z",
                  "until": "2026-11-30T01:00:00Z", "label": "Silly" } ] },
            { "id": "hotels", "name": "Hotels.com", "domains": ["hotels.com"],
              "offer": { "kind": "flat", "amount": "25.00" } },
            { "id": "odd", "name": "Odd", "domains": ["odd.example"],
              "offer": { "kind": "percent", "rate": "6.5" }, "membershipRewards": false }
        ]),
    )
}

fn jp() -> Catalog {
    catalog(
        "JP",
        "JPY",
        json!([
            { "id": "books", "name": "楽天ブックス", "domains": ["books.rakuten.co.jp"],
              "offer": { "kind": "percent", "rate": "2" } },
            { "id": "fixed", "name": "Fixed", "domains": ["fixed.example.jp"],
              "offer": { "kind": "points", "points": 300 } }
        ]),
    )
}

fn est(
    c: &Catalog,
    store: &str,
    subtotal: u64,
    program: Program,
    at: &str,
) -> Result<Estimate, RewardError> {
    let store = c.store(store).expect("store");
    estimate(
        &c.info(),
        store,
        subtotal,
        program,
        parse_rfc3339(at).unwrap(),
    )
}

const NOV_1: &str = "2026-11-01T12:00:00Z";

#[test]
fn cash_back_is_subtotal_times_rate_rounded_half_up() {
    let c = us();
    let e = est(&c, "macys", 2000, Program::CashBack, NOV_1).unwrap();
    assert_eq!(
        e,
        Estimate {
            amount_minor: 120,
            points: 0,
            display: "$1.20".into()
        }
    );
    assert_eq!(
        est(&c, "odd", 999, Program::CashBack, NOV_1)
            .unwrap()
            .amount_minor,
        65
    ); // 64.935
    assert_eq!(
        est(&c, "odd", 1000, Program::CashBack, NOV_1)
            .unwrap()
            .amount_minor,
        65
    );
    assert_eq!(
        est(&c, "odd", 0, Program::CashBack, NOV_1).unwrap().display,
        "$0.00"
    );
}

#[test]
fn a_flat_offer_is_the_amount() {
    let c = us();
    let e = est(&c, "hotels", 123_456, Program::CashBack, NOV_1).unwrap();
    assert_eq!(e.amount_minor, 2500);
    assert_eq!(e.display, "$25.00");
}

#[test]
fn boosts_add_to_the_base_rate_inside_their_window_only() {
    let c = us();
    let at = |t| {
        est(&c, "macys", 10_000, Program::CashBack, t)
            .unwrap()
            .amount_minor
    };
    assert_eq!(at("2026-11-26T23:59:59Z"), 600);
    assert_eq!(at("2026-11-27T00:00:00Z"), 1000); // from is inclusive: 6% + 4%
    assert_eq!(at("2026-12-01T07:59:59Z"), 1000);
    assert_eq!(at("2026-12-01T08:00:00Z"), 600); // until is exclusive
    assert_eq!(at("2026-11-30T00:30:00Z"), 10_000); // 6 + 4 + 95 caps at 100%
}

#[test]
fn membership_rewards_points_are_the_cents_of_cash_back() {
    let c = us();
    let e = est(&c, "macys", 2000, Program::MembershipRewards, NOV_1).unwrap();
    assert_eq!(
        e,
        Estimate {
            amount_minor: 120,
            points: 120,
            display: "120 MR points".into()
        }
    );
    let e = est(&c, "hotels", 1, Program::MembershipRewards, NOV_1).unwrap();
    assert_eq!((e.points, e.display.as_str()), (2500, "2,500 MR points"));
    let err = est(&c, "odd", 100, Program::MembershipRewards, NOV_1).unwrap_err();
    assert!(
        err.to_string()
            .contains("does not offer membership_rewards"),
        "{err}"
    );
    let err = est(&jp(), "books", 100, Program::MembershipRewards, NOV_1).unwrap_err();
    assert!(err.to_string().contains("US accounts"), "{err}");
}

#[test]
fn japanese_points_are_one_per_yen() {
    let c = jp();
    let e = est(&c, "books", 6150, Program::Points, NOV_1).unwrap();
    assert_eq!(
        e,
        Estimate {
            amount_minor: 123,
            points: 123,
            display: "123 ポイント".into()
        }
    );
    let e = est(&c, "fixed", 1, Program::Points, NOV_1).unwrap();
    assert_eq!((e.points, e.amount_minor), (300, 300));
    let e = est(&c, "books", 6150, Program::CashBack, NOV_1).unwrap();
    assert_eq!(e.display, "¥123");
    assert!(est(&us(), "macys", 1, Program::Points, NOV_1).is_err());
}

#[test]
fn subtotals_beyond_a_javascript_number_are_refused() {
    let c = us();
    assert!(est(&c, "macys", MAX_SUBTOTAL_MINOR, Program::CashBack, NOV_1).is_ok());
    assert!(est(
        &c,
        "macys",
        MAX_SUBTOTAL_MINOR + 1,
        Program::CashBack,
        NOV_1
    )
    .is_err());
}

#[test]
fn programs_parse_by_their_api_names() {
    for p in Program::ALL {
        assert_eq!(Program::parse(p.as_str()), Ok(p));
    }
    assert!(Program::parse("cashback")
        .unwrap_err()
        .to_string()
        .contains("unknown program"));
}

#[test]
fn badges_fit_four_characters() {
    let pct = |bps| Offer::Percent {
        rate_bps: bps,
        up_to: false,
    };
    let usd = Currency::USD;
    let cases = [
        (pct(600), Program::CashBack, "6%"),
        (pct(650), Program::CashBack, "6.5%"),
        (pct(1250), Program::CashBack, "12%"),
        (pct(10_000), Program::CashBack, "100%"),
        (pct(600), Program::MembershipRewards, "6x"),
        (pct(650), Program::MembershipRewards, "6.5x"),
        (pct(1250), Program::MembershipRewards, "12x"),
        (Offer::Flat { amount_minor: 2500 }, Program::CashBack, "$25"),
        (
            Offer::Flat { amount_minor: 2500 },
            Program::MembershipRewards,
            "2500",
        ),
        (
            Offer::Flat {
                amount_minor: 150_000,
            },
            Program::MembershipRewards,
            "150K",
        ),
    ];
    for (offer, program, want) in cases {
        let got = badge(offer, usd, program);
        assert_eq!(got, want, "{offer:?} {program:?}");
        assert!(got.chars().count() <= 4);
    }
    assert_eq!(
        badge(
            Offer::Points { points: 300 },
            Currency::JPY,
            Program::Points
        ),
        "300P"
    );
    assert_eq!(
        badge(
            Offer::Points { points: 5000 },
            Currency::JPY,
            Program::Points
        ),
        "5KP"
    );
}

#[test]
fn offers_read_plainly() {
    let usd = Currency::USD;
    let six = Offer::Percent {
        rate_bps: 600,
        up_to: true,
    };
    assert_eq!(
        offer_text(six, usd, Program::CashBack),
        "Up to 6% Cash Back"
    );
    assert_eq!(
        offer_text(six, usd, Program::MembershipRewards),
        "Up to 6x MR points per $1"
    );
    assert_eq!(
        offer_text(Offer::Flat { amount_minor: 2500 }, usd, Program::CashBack),
        "$25.00 Cash Back"
    );
    assert_eq!(
        offer_text(
            Offer::Points { points: 300 },
            Currency::JPY,
            Program::Points
        ),
        "300 ポイント"
    );
}
