use super::*;
use crate::catalog::Catalog;
use crate::rewards::Program;
use crate::trips::OsEntropy;
use serde_json::{json, Value};

const NOW: i64 = 1_795_000_000_000; // 2026-11-18
const HOUR: i64 = 3_600_000;
const PUB: &str = "example-rewards";

fn catalog() -> Catalog {
    let json = json!({ "schema": 1, "region": "US", "currency": "USD", "stores": [
        { "id": "macys", "name": "Macy's", "domains": ["macys.com"], "offer": { "kind": "percent", "rate": "6" } } ] });
    Catalog::parse(&json.to_string()).unwrap()
}

/// A book with trips started with `publisher` at NOW + i hours.
fn book_with(publisher: Option<&str>, trips: usize) -> (TripBook, Vec<String>) {
    let c = catalog();
    let mut book = TripBook::default();
    book.publisher = publisher.map(str::to_owned);
    let ids = (0..trips)
        .map(|i| {
            book.start(
                &c.info(),
                c.store("macys").unwrap(),
                Program::CashBack,
                "https://www.macys.com/",
                Some(1),
                NOW + i as i64 * HOUR,
                &mut OsEntropy,
                &|_| None,
            )
            .unwrap()
            .id
            .clone()
        })
        .collect();
    (book, ids)
}

fn entry(id: &str, status: &str) -> Value {
    json!({ "id": id, "status": status, "updated": "2026-11-20T08:00:00Z" })
}

fn report(entries: Vec<Value>) -> String {
    json!({ "schema": 1, "trips": entries,
        "balance": { "pendingMinor": 0, "confirmedMinor": 720, "paidMinor": 1500 },
        "payouts": [{ "date": "2026-11-15", "amountMinor": 1500 }] })
    .to_string()
}

#[test]
fn the_request_names_ids_stores_and_start_times_of_this_publishers_trips_only() {
    let (mut book, ids) = book_with(Some(PUB), 3);
    book.publisher = None;
    let (demo_trip, _) = {
        let c = catalog();
        let t = book
            .start(
                &c.info(),
                c.store("macys").unwrap(),
                Program::CashBack,
                "https://www.macys.com/x?secret=1",
                Some(2),
                NOW,
                &mut OsEntropy,
                &|_| None,
            )
            .unwrap();
        (t.id.clone(), ())
    };
    let (body, asked) = request(&book, PUB);
    assert_eq!(
        asked,
        vec![ids[2].clone(), ids[1].clone(), ids[0].clone()],
        "newest first"
    );
    assert!(!asked.contains(&demo_trip), "a demo trip is never sent");
    let body: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body["schema"], 1);
    assert_eq!(
        body["trips"][2],
        json!({ "id": ids[0], "store": "macys", "startedAt": "2026-11-18T11:06:40Z" })
    );
    for trip in body["trips"].as_array().unwrap() {
        let keys: Vec<&String> = trip.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            ["id", "startedAt", "store"],
            "nothing else: no URL, no page, no order"
        );
    }
    assert!(
        !body.to_string().contains("macys.com"),
        "no page the shopper visited"
    );
    let (many, _) = book_with(Some(PUB), 520);
    assert_eq!(request(&many, PUB).1.len(), MAX_TRIPS_PER_REQUEST);
}

#[test]
fn pending_then_confirmed_with_the_publishers_amount_then_a_reversal() {
    let (mut book, ids) = book_with(Some(PUB), 1);
    let id = &ids[0];
    let outcome = apply(
        &mut book,
        PUB,
        &report(vec![entry(id, "pending")]),
        NOW + HOUR,
    )
    .unwrap();
    assert_eq!(
        (outcome.applied, outcome.ignored, outcome.skipped),
        (1, 0, 0)
    );
    assert_eq!(book.get(id).unwrap().status, TripStatus::Pending);
    let mut confirmed = entry(id, "confirmed");
    confirmed["orderMinor"] = json!(12_000);
    confirmed["rewardMinor"] = json!(720);
    confirmed["orderedAt"] = json!("2026-11-18T09:20:00Z");
    apply(&mut book, PUB, &report(vec![confirmed]), NOW + 2 * HOUR).unwrap();
    let trip = book.get(id).unwrap();
    assert_eq!(trip.status, TripStatus::Confirmed);
    assert_eq!(trip.reported_value(), Some(720));
    assert_eq!(
        crate::trips::report::reward_value(trip),
        Some(720),
        "the publisher's figure replaces the estimate"
    );
    let ledger = book.ledger().unwrap();
    assert_eq!(
        (ledger.balance.confirmed_minor, ledger.balance.paid_minor),
        (720, 1500)
    );
    assert_eq!(ledger.payouts[0].date.to_string(), "2026-11-15");
    let mut reversal = entry(id, "ineligible");
    reversal["reason"] = json!("Order returned");
    apply(&mut book, PUB, &report(vec![reversal]), NOW + 3 * HOUR).unwrap();
    let trip = book.get(id).unwrap();
    assert_eq!(trip.status, TripStatus::Ineligible);
    assert_eq!(
        trip.reported.as_ref().unwrap().reason.as_deref(),
        Some("Order returned")
    );
    let rule = crate::payout::PayoutRule::SEEDS_CASH_BACK;
    let plan =
        crate::trips::report::payout_plan(book.trips(), Program::CashBack, &rule, NOW + 3 * HOUR);
    assert_eq!(
        plan.next.paid + plan.next.carried_over,
        0,
        "a reversed reward is not paid out"
    );
    // A claim granted: ineligible → confirmed.
    apply(
        &mut book,
        PUB,
        &report(vec![entry(id, "confirmed")]),
        NOW + 4 * HOUR,
    )
    .unwrap();
    assert_eq!(book.get(id).unwrap().status, TripStatus::Confirmed);
}

#[test]
fn bad_entries_are_skipped_alone_and_listed() {
    let (mut book, ids) = book_with(Some(PUB), 4);
    apply(
        &mut book,
        PUB,
        &report(vec![entry(&ids[0], "confirmed")]),
        NOW,
    )
    .unwrap();
    let outcome = apply(
        &mut book,
        PUB,
        &report(vec![
            entry(&ids[0], "pending"),             // backwards
            entry("not-asked-about", "confirmed"), // not ours
            entry(&ids[2], "paid"),                // no such status
            json!({ "id": ids[3], "status": "pending", "updated": "yesterday" }),
            entry(&ids[1], "pending"),   // fine
            entry(&ids[1], "confirmed"), // the same trip again
        ]),
        NOW + HOUR,
    )
    .unwrap();
    assert_eq!(
        (outcome.applied, outcome.ignored, outcome.skipped),
        (1, 1, 4),
        "{:?}",
        outcome.problems
    );
    let problems = outcome.problems.join("\n");
    for want in [
        "trips[0]: skipped: confirmed → pending is not a move the publisher may make",
        "trips[1]: ignored: trip \"not-asked-about\" was not asked about",
        "trips[2]: skipped: status \"paid\" is not pending, confirmed or ineligible",
        "trips[3]: skipped: updated: \"yesterday\" is not an RFC 3339 time",
        "trips[5]: skipped: trip",
    ] {
        assert!(problems.contains(want), "{want}\n{problems}");
    }
    assert_eq!(
        book.get(&ids[0]).unwrap().status,
        TripStatus::Confirmed,
        "nothing goes back"
    );
    assert_eq!(book.get(&ids[1]).unwrap().status, TripStatus::Pending);
    assert_eq!(book.get(&ids[2]).unwrap().status, TripStatus::Activated);
    assert_eq!(book.get(&ids[3]).unwrap().status, TripStatus::Activated);
}

#[test]
fn another_publishers_or_a_demo_trip_is_not_asked_about() {
    let (mut book, ids) = book_with(Some("other-program"), 1);
    let outcome = apply(
        &mut book,
        PUB,
        &report(vec![entry(&ids[0], "confirmed")]),
        NOW,
    )
    .unwrap();
    assert_eq!((outcome.applied, outcome.ignored), (0, 1));
    assert_eq!(book.get(&ids[0]).unwrap().status, TripStatus::Activated);
}

#[test]
fn a_bad_document_is_refused_whole_and_changes_nothing() {
    let (mut book, ids) = book_with(Some(PUB), 1);
    let id = &ids[0];
    let good = entry(id, "confirmed");
    let with = |key: &str, value: Value| {
        let mut e = good.clone();
        e[key] = value;
        report(vec![e])
    };
    let huge = {
        let mut text = report(vec![good.clone()]);
        text.pop();
        format!("{text},\"padding\":\"{}\"}}", "x".repeat(MAX_REPORT_BYTES))
    };
    let cases: Vec<(String, &str)> = vec![
        ("{\"schema\":1,\"trips\":[".into(), "not valid JSON"),
        ("<html>502</html>".into(), "not valid JSON"),
        (json!({ "schema": 2, "trips": [good] }).to_string(), "schema 2 is not schema 1"),
        (json!({ "trips": [] }).to_string(), "no schema"),
        (with("rewardMinor", json!(-5)), "rewardMinor"),
        (with("rewardMinor", json!(1.5)), "rewardMinor"),
        (with("orderMinor", json!("12000")), "orderMinor"),
        (with("status", json!(3)), "status"),
        (json!({ "schema": 1, "trips": {} }).to_string(), "trips"),
        (format!("{{\"schema\":1,\"trips\":[{{\"id\":\"{id}\",\"id\":\"{id}\",\"status\":\"confirmed\",\"updated\":\"2026-11-20T08:00:00Z\"}}]}}"), "repeats the key"),
        (json!({ "schema": 1, "trips": [], "payouts": [{ "date": "Nov 15", "amountMinor": 1 }] }).to_string(), "payouts[0].date"),
        (json!({ "schema": 1, "trips": [], "balance": { "pendingMinor": -1, "confirmedMinor": 0, "paidMinor": 0 } }).to_string(), "pendingMinor"),
        (huge, "larger than"),
    ];
    let before = book.to_json();
    for (text, why) in cases {
        let refused = apply(&mut book, PUB, &text, NOW).unwrap_err();
        assert!(refused.0.contains(why), "{why}: {refused}");
        assert_eq!(book.to_json(), before, "{why}: nothing changed");
    }
    assert!(book.ledger().is_none());
}

#[test]
fn the_ledger_and_the_schedule_are_stored_with_the_trips() {
    use crate::storage::{KeyValueStore, MemoryStore};
    let (mut book, ids) = book_with(Some(PUB), 1);
    apply(
        &mut book,
        PUB,
        &report(vec![entry(&ids[0], "confirmed")]),
        NOW,
    )
    .unwrap();
    book.report_schedule.failed(Failure::Other, NOW);
    let mut store = MemoryStore::default();
    book.save(&mut store).unwrap();
    let (again, issues) = TripBook::load(&mut store, NOW);
    assert!(issues.is_empty(), "{issues:?}");
    assert_eq!(again.ledger(), book.ledger());
    assert_eq!(
        again.report_schedule, book.report_schedule,
        "a restarted worker keeps waiting"
    );
    assert_eq!(
        again.get(&ids[0]).unwrap().reported,
        book.get(&ids[0]).unwrap().reported
    );
    assert_eq!(again.get(&ids[0]).unwrap().publisher.as_deref(), Some(PUB));
    let stored = store.get(crate::trips::TRIPS_KEY).unwrap().unwrap();
    assert!(stored.contains("\"reportSchedule\""));
}

#[test]
fn failures_back_off_doubling_from_15_minutes_to_a_day_and_retry_after_is_honoured() {
    let mut s = ReportSchedule::default();
    assert!(s.due(NOW, false));
    s.succeeded(NOW);
    assert!(
        !s.due(NOW + 5 * HOUR, false),
        "every 6 hours in the background"
    );
    assert!(
        s.due(NOW + 5 * HOUR, true),
        "the trips page or Refresh ask sooner"
    );
    assert!(s.due(NOW + 6 * HOUR, false));
    let mut waits = Vec::new();
    for _ in 0..9 {
        s.failed(Failure::Other, NOW);
        waits.push((s.next_ms - NOW) / 60_000);
    }
    assert_eq!(waits, [15, 30, 60, 120, 240, 480, 960, 1440, 1440]);
    assert!(
        !s.due(NOW + HOUR, true),
        "after a failure the member's asks wait too"
    );
    s.succeeded(NOW);
    s.failed(
        Failure::Busy {
            retry_after_ms: Some(2 * HOUR),
        },
        NOW,
    );
    assert_eq!(s.next_ms - NOW, 2 * HOUR, "Retry-After, when longer");
    s.failed(
        Failure::Busy {
            retry_after_ms: Some(1_000),
        },
        NOW,
    );
    assert_eq!(
        s.next_ms - NOW,
        30 * 60_000,
        "never sooner than the backoff"
    );
    s.failed(
        Failure::Busy {
            retry_after_ms: Some(i64::MAX),
        },
        NOW,
    );
    assert_eq!(s.next_ms - NOW, BACKOFF_MAX_MS, "at most a day");
}

#[test]
fn the_publishers_moves_are_exactly_the_contracts() {
    use TripStatus::*;
    let all = [Activated, Ordered, Pending, Confirmed, Ineligible, Expired];
    let allowed: Vec<(TripStatus, TripStatus)> = all
        .iter()
        .flat_map(|&a| all.iter().map(move |&b| (a, b)))
        .filter(|&(a, b)| publisher_may_move(a, b))
        .collect();
    assert_eq!(
        allowed,
        [
            (Activated, Pending),
            (Activated, Confirmed),
            (Activated, Ineligible),
            (Ordered, Pending),
            (Ordered, Confirmed),
            (Ordered, Ineligible),
            (Pending, Pending),
            (Pending, Confirmed),
            (Pending, Ineligible),
            (Confirmed, Confirmed),
            (Confirmed, Ineligible),
            (Ineligible, Confirmed),
            (Ineligible, Ineligible),
        ]
    );
}
