//! A reader for the store shape nearly every catalog entry has: `id`, `name`,
//! `domains` and an `offer`, with strings that need no unescaping and
//! integer numbers, read straight from the text in a few hundred
//! instructions, borrowing every string, with no tree built.
//!
//! It is an optimisation only: on anything else (another key, an escape, a
//! float, `null`, a repeated key, bad JSON) the general reader
//! ([`RawStore::from_json`]) reads that store, or the whole document, so the
//! two can never disagree about what a store says. The tests check that they
//! agree on every store this reader accepts.

use super::raw::{DecimalText, RawOffer, RawStore};
use crate::json::{parse_prefix, Json};
use std::borrow::Cow;

struct Cursor<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn skip_ws(&mut self) {
        let bytes = self.text.as_bytes();
        while self.pos < bytes.len() && matches!(bytes[self.pos], b' ' | b'\t' | b'\n' | b'\r') {
            self.pos += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> Option<()> {
        self.skip_ws();
        (self.text.as_bytes().get(self.pos) == Some(&byte)).then(|| self.pos += 1)
    }

    fn peek(&mut self) -> Option<u8> {
        self.skip_ws();
        self.text.as_bytes().get(self.pos).copied()
    }

    /// A string with no escapes and no control characters, borrowed.
    fn string(&mut self) -> Option<&'a str> {
        self.eat(b'"')?;
        let start = self.pos;
        let bytes = self.text.as_bytes();
        while self.pos < bytes.len() {
            match bytes[self.pos] {
                b'"' => {
                    self.pos += 1;
                    return self.text.get(start..self.pos - 1);
                }
                b'\\' | 0..=0x1f => return None,
                _ => self.pos += 1,
            }
        }
        None
    }

    /// A non-negative integer without leading zeros, as its text.
    fn integer(&mut self) -> Option<&'a str> {
        self.skip_ws();
        let bytes = self.text.as_bytes();
        let start = self.pos;
        while self.pos < bytes.len() && bytes[self.pos].is_ascii_digit() {
            self.pos += 1;
        }
        let digits = &self.text[start..self.pos];
        let next = bytes.get(self.pos).copied();
        let leading_zero = digits.len() > 1 && digits.starts_with('0');
        let valid = (1..=18).contains(&digits.len())
            && !leading_zero
            && !matches!(next, Some(b'.' | b'e' | b'E'));
        valid.then_some(digits)
    }

    fn boolean(&mut self) -> Option<bool> {
        self.skip_ws();
        let rest = &self.text[self.pos..];
        if rest.starts_with("true") {
            self.pos += 4;
            Some(true)
        } else if rest.starts_with("false") {
            self.pos += 5;
            Some(false)
        } else {
            None
        }
    }

    fn decimal(&mut self) -> Option<DecimalText<'a>> {
        match self.peek()? {
            b'"' => self.string().map(|s| DecimalText(Cow::Borrowed(s))),
            _ => self.integer().map(|s| DecimalText(Cow::Borrowed(s))),
        }
    }

    /// `[ element, ... ]`, reading each element with `element`.
    fn array<T>(&mut self, mut element: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        self.eat(b'[')?;
        let mut items = Vec::new();
        if self.peek()? == b']' {
            self.pos += 1;
            return Some(items);
        }
        loop {
            items.push(element(self)?);
            match self.peek()? {
                b',' => self.pos += 1,
                b']' => {
                    self.pos += 1;
                    return Some(items);
                }
                _ => return None,
            }
        }
    }

    /// `{ "key": value, ... }`, calling `field` for each key.
    fn object(&mut self, mut field: impl FnMut(&mut Self, &'a str) -> Option<()>) -> Option<()> {
        self.eat(b'{')?;
        if self.peek()? == b'}' {
            self.pos += 1;
            return Some(());
        }
        loop {
            let key = self.string()?;
            self.eat(b':')?;
            field(self, key)?;
            match self.peek()? {
                b',' => self.pos += 1,
                b'}' => {
                    self.pos += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }
}

fn set_once<T>(slot: &mut Option<T>, value: T) -> Option<()> {
    // A repeated key is the general reader's error to report.
    slot.is_none().then(|| *slot = Some(value))
}

fn offer<'a>(c: &mut Cursor<'a>) -> Option<RawOffer<'a>> {
    let mut offer = RawOffer {
        kind: None,
        rate: None,
        up_to: None,
        amount: None,
        points: None,
    };
    c.object(|c, key| match key {
        "kind" => set_once(&mut offer.kind, Cow::Borrowed(c.string()?)),
        "rate" => set_once(&mut offer.rate, c.decimal()?),
        "amount" => set_once(&mut offer.amount, c.decimal()?),
        "points" => set_once(&mut offer.points, c.decimal()?),
        "upTo" => set_once(&mut offer.up_to, c.boolean()?),
        _ => None,
    })?;
    Some(offer)
}

fn domains<'a>(c: &mut Cursor<'a>) -> Option<Vec<Cow<'a, str>>> {
    c.array(|c| c.string().map(Cow::Borrowed))
}

/// Reads one store at the start of `text`; returns it and the bytes read.
pub fn store(text: &str) -> Option<(RawStore<'_>, usize)> {
    let mut c = Cursor { text, pos: 0 };
    let mut id = None;
    let mut name = None;
    let mut store_domains = None;
    let mut store_offer = None;
    let mut tracking = None;
    let mut membership_rewards = None;
    let mut exclusions = None;
    c.object(|c, key| match key {
        "id" => set_once(&mut id, Cow::Borrowed(c.string()?)),
        "name" => set_once(&mut name, Cow::Borrowed(c.string()?)),
        "domains" => set_once(&mut store_domains, domains(c)?),
        "offer" => set_once(&mut store_offer, offer(c)?),
        "tracking" => set_once(&mut tracking, c.string()?.to_owned()),
        "membershipRewards" => set_once(&mut membership_rewards, c.boolean()?),
        "exclusions" => set_once(&mut exclusions, c.array(|c| c.string().map(str::to_owned))?),
        _ => None,
    })?;
    let store = RawStore {
        id,
        name,
        domains: store_domains,
        offer: store_offer,
        tracking,
        membership_rewards,
        exclusions,
        ..RawStore::default()
    };
    Some((store, c.pos))
}

/// Reads a JSON array of stores: the fast reader where it can, the general
/// one where it cannot. `None` when a store has a problem the general reader
/// reports (the caller then reads the whole document that way).
#[cfg(all(test, not(target_arch = "wasm32")))]
pub fn stores(array: &str) -> Option<Vec<RawStore<'_>>> {
    let mut c = Cursor {
        text: array,
        pos: 0,
    };
    stores_at(&mut c)
}

fn stores_at<'a>(c: &mut Cursor<'a>) -> Option<Vec<RawStore<'a>>> {
    c.array(|c| {
        c.skip_ws();
        let rest = &c.text[c.pos..];
        let (store, used) = store(rest).or_else(|| {
            let (value, used) = parse_prefix(rest).ok()?;
            Some((RawStore::from_json(&value).ok()?, used))
        })?;
        c.pos += used;
        Some(store)
    })
}

/// One JSON value at the start of the cursor's text, skipped over.
fn value<'a>(c: &mut Cursor<'a>) -> Option<Json<'a>> {
    c.skip_ws();
    let (value, used) = parse_prefix(&c.text[c.pos..]).ok()?;
    c.pos += used;
    Some(value)
}

/// The top level of a catalog, read in one pass with the stores.
pub struct Document<'a> {
    /// The raw JSON text of `schema`.
    pub schema: Option<&'a str>,
    pub region: Option<String>,
    pub currency: Option<String>,
    pub updated: Option<String>,
    pub stores: Option<Vec<RawStore<'a>>>,
}

/// Reads a whole catalog document, or `None` when the general reader must
/// (anything refused, repeated or unexpected).
pub fn document(json: &str) -> Option<Document<'_>> {
    let mut c = Cursor { text: json, pos: 0 };
    let mut doc = Document {
        schema: None,
        region: None,
        currency: None,
        updated: None,
        stores: None,
    };
    fn text<'a>(c: &mut Cursor<'a>, slot: &mut Option<String>) -> Option<()> {
        set_once(slot, value(c)?.into_string()?.into_owned())
    }
    c.object(|c, key| match key {
        "schema" => match value(c)? {
            Json::Number(n) => set_once(&mut doc.schema, n),
            _ => None,
        },
        "region" => text(c, &mut doc.region),
        "currency" => text(c, &mut doc.currency),
        "updated" => text(c, &mut doc.updated),
        "stores" => set_once(&mut doc.stores, stores_at(c)?),
        _ => value(c).map(drop),
    })?;
    // Nothing but white space may follow.
    c.skip_ws();
    (c.pos == json.len()).then_some(doc)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn same(a: &RawStore, b: &RawStore) -> bool {
        let decimal = |d: &Option<DecimalText>| d.as_ref().map(|d| d.0.to_string());
        let offer = |o: &Option<RawOffer>| {
            o.as_ref().map(|o| {
                let kind = o.kind.as_deref().map(str::to_owned);
                (
                    kind,
                    decimal(&o.rate),
                    o.up_to,
                    decimal(&o.amount),
                    decimal(&o.points),
                )
            })
        };
        a.id == b.id
            && a.name == b.name
            && a.domains == b.domains
            && offer(&a.offer) == offer(&b.offer)
            && a.tracking == b.tracking
            && a.membership_rewards == b.membership_rewards
            && a.exclusions == b.exclusions
            && b.categories.is_none()
            && b.coupons.is_none()
    }

    fn general(input: &str) -> RawStore<'_> {
        RawStore::from_json(&crate::json::parse(input).expect("JSON")).expect("a store")
    }

    #[test]
    fn agrees_with_the_general_reader_wherever_it_reads() {
        let inputs = [
            r#"{"id":"s1","name":"Store 1","domains":["store1.com"],"offer":{"kind":"percent","rate":"6"}}"#,
            r#" { "id" : "a" , "name":"Ünïcode ✓", "domains" : [ "x.com" , "y.com" ] , "offer" : { "kind" : "flat" , "amount" : 25 } } "#,
            r#"{"offer":{"kind":"points","points":300,"upTo":false},"domains":[],"id":"b"}"#,
            r#"{"id":"c","offer":{"kind":"percent","rate":"6.5","upTo":true}}"#,
            r#"{"id":"d","tracking":"https://t.example/x?s={store}","membershipRewards":false,"exclusions":["Gift cards",""]}"#,
            r#"{}"#,
        ];
        for input in inputs {
            let (fast, used) = store(input).unwrap_or_else(|| panic!("not read: {input}"));
            let slow = general(input);
            assert!(same(&fast, &slow), "{input}");
            assert!(input[used..].trim().is_empty(), "{input}");
        }
    }

    #[test]
    fn leaves_everything_else_to_the_general_reader() {
        for input in [
            r#"{"id":"a\"b"}"#,
            r#"{"id":"a\u0041"}"#,
            r#"{"id":null}"#,
            r#"{"id":"a","id":"b"}"#,
            r#"{"id":"a","categories":[]}"#,
            r#"{"id":"a","tracking":5}"#,
            r#"{"id":"a","exclusions":[1]}"#,
            r#"{"id":"a","membershipRewards":"no"}"#,
            r#"{"offer":{"kind":"percent","rate":6.5}}"#,
            r#"{"offer":{"kind":"percent","rate":-1}}"#,
            r#"{"offer":{"kind":"percent","rate":06}}"#,
            r#"{"offer":{"kind":"percent","rate":1e2}}"#,
            "{\"name\":\"tab\there\"}",
            r#"{"domains":["a.com",]}"#,
            r#"{"id":"a",}"#,
            r#"{"id" "a"}"#,
            r#"["not a store"]"#,
            r#"{"id":"a""#,
        ] {
            assert!(store(input).is_none(), "read: {input}");
        }
    }

    #[test]
    fn arrays_mix_both_readers() {
        let array = r#"[ {"id":"a","domains":["a.com"]}, {"id":"b","coupons":[],"tracking":"https://t.example/x"} ,{"id":"c"} ]"#;
        let stores = stores(array).expect("stores");
        let ids: Vec<_> = stores
            .iter()
            .map(|s| s.id.as_deref().unwrap_or(""))
            .collect();
        assert_eq!(ids, vec!["a", "b", "c"]);
        assert_eq!(stores[1].tracking.as_deref(), Some("https://t.example/x"));
        assert!(
            super::stores(r#"[{"id":5}]"#).is_none(),
            "a type error goes to the explaining path"
        );
        assert!(super::stores("[]").expect("empty").is_empty());
        assert!(super::stores(r#"[{"id":"a"} {"id":"b"}]"#).is_none());
    }

    #[test]
    fn reads_whole_documents_or_leaves_them_to_the_general_reader() {
        let doc = document(
            r#" {"schema":1,"region":"US","note":{"x":[1,2]},"currency":"USD","stores":[{"id":"a"}]} "#,
        )
        .expect("read");
        assert_eq!(doc.schema, Some("1"));
        assert_eq!(doc.region.as_deref(), Some("US"));
        assert_eq!(doc.stores.map(|s| s.len()), Some(1));
        for refused in [
            r#"{"schema":1,"schema":2}"#,
            r#"{"region":5}"#,
            r#"{"region":null}"#,
            r#"{"stores":null}"#,
            r#"{"stores":[]} x"#,
            r#"[]"#,
            r#"{"stores":[{"id":5}]}"#,
        ] {
            assert!(document(refused).is_none(), "read: {refused}");
        }
    }

    #[test]
    fn reads_the_bundled_catalogs_like_the_general_reader() {
        for json in [
            include_str!("../../extension/catalogs/us.json"),
            include_str!("../../extension/catalogs/jp.json"),
        ] {
            let doc = crate::json::parse(json).unwrap();
            let items = doc.get("stores").and_then(Json::as_array).unwrap();
            let ours = document(json).expect("read").stores.unwrap();
            assert_eq!(ours.len(), items.len());
            for (a, item) in ours.iter().zip(items) {
                let b = RawStore::from_json(item).unwrap();
                assert_eq!(a.id, b.id);
                assert_eq!(a.name, b.name);
                assert_eq!(a.domains, b.domains);
                assert_eq!(a.tracking, b.tracking);
                assert_eq!(a.categories.is_some(), b.categories.is_some());
            }
        }
    }
}
