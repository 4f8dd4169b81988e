use super::*;
use crate::catalog::Catalog;
use crate::rewards;
use crate::trips::{order, OsEntropy, TripBook};
use serde_json::json;

const DAY: i64 = 86_400_000;
// 2026-11-18T00:00:00Z
const NOW: i64 = 1_794_960_000_000;
/// Forty days before [`NOW`]: in October.
const OCTOBER: i64 = NOW - 40 * DAY;

fn catalog() -> Catalog {
    let json = json!({ "schema": 1, "region": "US", "currency": "USD", "stores": [
        { "id": "macys", "name": "Macy's, Inc.", "domains": ["macys.com"],
          "offer": { "kind": "percent", "rate": "6" } } ] });
    Catalog::parse(&json.to_string()).unwrap()
}

/// A trip started at `at`, with an order of `subtotal` at `at`, moved to `status`.
fn trip(book: &mut TripBook, at: i64, subtotal: Option<u64>, status: TripStatus) -> String {
    let c = catalog();
    let store = c.store("macys").unwrap();
    let id = book
        .start(
            &c.info(),
            store,
            Program::CashBack,
            "https://www.macys.com/",
            None,
            at,
            &mut OsEntropy,
            &|_| None,
        )
        .unwrap()
        .id
        .clone();
    if let Some(subtotal) = subtotal {
        let e = rewards::estimate(&c.info(), store, subtotal, Program::CashBack, at).unwrap();
        book.record_order(&id, order(subtotal, Some("A-1".into()), "page", at, e), at)
            .unwrap();
    }
    for next in match status {
        TripStatus::Pending => vec![TripStatus::Pending],
        TripStatus::Confirmed => vec![TripStatus::Pending, TripStatus::Confirmed],
        TripStatus::Expired => vec![TripStatus::Expired],
        _ => vec![],
    } {
        book.set_status(&id, next, at + DAY).unwrap();
    }
    id
}

#[test]
fn totals_group_by_program_and_status() {
    let mut book = TripBook::default();
    trip(&mut book, OCTOBER, Some(10_000), TripStatus::Confirmed);
    trip(
        &mut book,
        NOW - 30 * DAY,
        Some(5_000),
        TripStatus::Confirmed,
    );
    trip(&mut book, NOW - 2 * DAY, Some(2_000), TripStatus::Ordered);
    trip(&mut book, NOW - DAY, None, TripStatus::Activated);
    let totals = totals(book.trips());
    let find = |s| totals.iter().find(|t| t.status == s).unwrap();
    assert_eq!(
        (
            find(TripStatus::Confirmed).trips,
            find(TripStatus::Confirmed).value
        ),
        (2, 900)
    );
    assert_eq!(
        (
            find(TripStatus::Ordered).trips,
            find(TripStatus::Ordered).value
        ),
        (1, 120)
    );
    assert_eq!(find(TripStatus::Activated).value, 0);
}

/// The seeds' cash-back schedule, as the demo profile gives it.
const SEEDS: crate::payout::PayoutRule = crate::payout::PayoutRule::SEEDS_CASH_BACK;

#[test]
fn the_demo_profile_carries_the_seeds_rules() {
    let demo = crate::publisher::Profile::demo();
    assert_eq!(demo.program(Program::CashBack).unwrap().payout, SEEDS);
    let mr = demo.program(Program::MembershipRewards).unwrap();
    assert_eq!((mr.payout.minimum, mr.arrival_weeks), (500, Some((8, 12))));
}

#[test]
fn the_payout_plan_counts_confirmed_rewards_by_confirmation_date() {
    let mut book = TripBook::default();
    // Confirmed in October: paid on Feb 15 if the balance reaches $5.01.
    trip(&mut book, OCTOBER, Some(10_000), TripStatus::Confirmed);
    let plan = payout_plan(book.trips(), Program::CashBack, &SEEDS, NOW);
    assert_eq!(plan.next.date.to_string(), "2027-02-15");
    assert_eq!((plan.next.paid, plan.minimum), (600, 501));
    let small = {
        let mut b = TripBook::default();
        trip(&mut b, OCTOBER, Some(1_000), TripStatus::Confirmed);
        payout_plan(b.trips(), Program::CashBack, &SEEDS, NOW)
    };
    assert_eq!((small.next.paid, small.next.carried_over), (0, 60));
}

#[test]
fn rewards_by_month_split_confirmed_and_expected() {
    let mut book = TripBook::default();
    trip(&mut book, OCTOBER, Some(10_000), TripStatus::Confirmed);
    trip(&mut book, NOW - 2 * DAY, Some(2_000), TripStatus::Pending); // November
    trip(&mut book, NOW - 3 * DAY, None, TripStatus::Expired); // no order: not counted
    let rows = by_month(book.trips(), Program::CashBack, NOW, 3);
    assert_eq!(
        rows,
        vec![(2026, 9, 0, 0), (2026, 10, 600, 0), (2026, 11, 0, 120)]
    );
    let january = by_month(&[], Program::CashBack, NOW + 60 * DAY, 3);
    assert_eq!(
        january.iter().map(|r| (r.0, r.1)).collect::<Vec<_>>(),
        vec![(2026, 11), (2026, 12), (2027, 1)]
    );
}

#[test]
fn a_claim_is_offered_for_an_unconfirmed_order_after_seven_days() {
    let mut book = TripBook::default();
    let old = trip(&mut book, NOW - 8 * DAY, Some(12_000), TripStatus::Ordered);
    let fresh = trip(&mut book, NOW - 2 * DAY, Some(12_000), TripStatus::Ordered);
    let done = trip(
        &mut book,
        NOW - 30 * DAY,
        Some(12_000),
        TripStatus::Confirmed,
    );
    let text = claim_text(book.get(&old).unwrap(), NOW, "ShopTrip").unwrap();
    for want in [
        "Merchant: Macy's, Inc.",
        "Purchase date: 2026-11-10",
        "Order number: A-1",
        &format!("Trip id: {old}"),
        "Order subtotal: $120.00",
        "Estimated reward: $7.20",
        "- An ad or content blocker was on",
    ] {
        assert!(text.contains(want), "{want} in {text}");
    }
    assert!(!text
        .chars()
        .any(|c| c.is_ascii_digit() && text.contains("phone")));
    assert!(text.contains("I started this trip by clicking Shop Now in the ShopTrip extension"));
    // A publisher's build names the publisher.
    let theirs = claim_text(book.get(&old).unwrap(), NOW, "Example Rewards").unwrap();
    assert!(theirs
        .contains("I started this trip by clicking Shop Now in the Example Rewards extension"));
    assert!(!theirs.contains("ShopTrip"));
    assert_eq!(claim_text(book.get(&fresh).unwrap(), NOW, "ShopTrip"), None);
    assert_eq!(claim_text(book.get(&done).unwrap(), NOW, "ShopTrip"), None);
    assert_eq!(
        claimable_from(book.get(&fresh).unwrap()),
        Some(NOW - 2 * DAY + CLAIM_AFTER_MS)
    );
}

#[test]
fn csv_has_one_row_per_trip_and_defuses_formulas() {
    let mut book = TripBook::default();
    let id = trip(&mut book, NOW, Some(12_345), TripStatus::Ordered);
    let csv = csv(book.trips());
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert!(lines[0].starts_with("trip_id,store_id,store,started_utc,status"));
    assert_eq!(
        lines[1],
        format!("{id},macys,\"Macy's, Inc.\",2026-11-18T00:00:00Z,ordered,cash_back,USD,6% Cash Back,123.45,7.41,0,A-1,page")
    );
    assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
    assert_eq!(csv_cell("-1"), "'-1");
    assert_eq!(csv_cell("plain"), "plain");
    // A `;`-separated spreadsheet must not find a formula cell in a store name.
    assert_eq!(csv_cell("x;=1+1;"), "\"x;=1+1;\"");
}
