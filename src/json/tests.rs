use super::*;
use serde_json::Value;

/// The same value in serde_json's model, to compare the two parsers.
fn to_serde(value: &Json) -> Value {
    match value {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => serde_json::from_str(n).unwrap(),
        Json::String(s) => Value::String(s.to_string()),
        Json::Array(items) => Value::Array(items.iter().map(to_serde).collect()),
        Json::Object(fields) => Value::Object(
            fields
                .iter()
                .map(|(k, v)| (k.to_string(), to_serde(v)))
                .collect(),
        ),
    }
}

#[test]
fn reads_what_serde_json_reads() {
    for text in [
        "null",
        " true ",
        "false",
        "0",
        "-0",
        "12.5e-3",
        "1E+2",
        "-7",
        r#""plain""#,
        r#""esc \" \\ \/ \b \f \n \r \t \u00e9 \ud83d\ude00 end""#,
        r#""ü ✓ 日本""#,
        "[]",
        "[1, [2, [3]], {}]",
        r#"{"a": 1, "b": [true, null], "c": {"d": "e"}}"#,
        include_str!("../../extension/catalogs/us.json"),
        include_str!("../../extension/catalogs/jp.json"),
        include_str!("../../data/standdown/rakuten-publisher-standown.json"),
        include_str!("../../data/standdown/shoptrip.json"),
    ] {
        let ours = parse(text).unwrap_or_else(|e| panic!("{e}: {text:.80}"));
        let theirs: Value = serde_json::from_str(text).unwrap();
        assert_eq!(to_serde(&ours), theirs, "{text:.80}");
    }
}

#[test]
fn refuses_what_is_not_json_and_says_where() {
    for (text, why) in [
        ("", "unexpected end"),
        ("[1,]", "expected a value"),
        ("{\"a\":1,}", "expected a key"),
        ("{\"a\" 1}", "expected :"),
        ("[1 2]", "expected , or ]"),
        ("01", "leading zero"),
        ("1.", "invalid number"),
        ("-", "invalid number"),
        ("1e", "invalid number"),
        (".5", "expected a value"),
        ("+1", "expected a value"),
        ("tru", "expected a value"),
        ("\"a", "end of the text in a string"),
        ("\"a\tb\"", "control character"),
        ("\"\\x\"", "invalid escape"),
        ("\"\\u12\"", "invalid escape"),
        ("\"\\ud800\"", "lone surrogate"),
        ("\"\\udc00\"", "lone surrogate"),
        ("\"\\ud800\\u0041\"", "lone surrogate"),
        ("{} {}", "trailing characters"),
        ("{\"a\":1,\"a\":2}", "repeated"),
        ("// c\n1", "expected a value"),
        ("NaN", "expected a value"),
    ] {
        let err = parse(text).expect_err(text);
        assert!(err.message.contains(why), "{text}: {err}");
        assert!(
            serde_json::from_str::<Value>(text).is_err() || why == "repeated",
            "{text}"
        );
    }
    let err = parse("{\n  \"a\": [1,\n   x]\n}").unwrap_err();
    assert_eq!((err.line, err.column), (3, 4), "{err}");
}

#[test]
fn repeated_keys_are_found_in_large_objects_too() {
    let mut text = String::from("{");
    for i in 0..40 {
        text.push_str(&format!("\"k{i}\":{i},"));
    }
    text.push_str("\"k3\":0}");
    assert!(parse(&text).unwrap_err().message.contains("repeated"));
    text.replace_range(text.len() - 7.., "\"k40\":0}");
    assert!(parse(&text).is_ok());
}

#[test]
fn deep_nesting_is_refused_not_a_stack_overflow() {
    let deep = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
    assert!(parse(&deep).is_ok());
    let deeper = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
    assert!(parse(&deeper).unwrap_err().message.contains("deeply"));
    let hostile = "{\"a\":".repeat(100_000);
    assert!(parse(&hostile).is_err());
}

#[test]
fn strings_without_escapes_are_borrowed() {
    let text = r#"{"plain":"abc","escaped":"a\nb"}"#;
    let value = parse(text).unwrap();
    assert!(matches!(
        value.get("plain"),
        Some(Json::String(Cow::Borrowed("abc")))
    ));
    assert!(matches!(value.get("escaped"), Some(Json::String(Cow::Owned(s))) if s == "a\nb"));
}

#[test]
fn writes_what_it_reads_back() {
    let mut w = Writer::default();
    w.object(|o| {
        o.str("s", "quote \" back \\ nl \n tab \t nul \u{0} del \u{7f} ✓");
        o.u64("u", u64::MAX);
        o.i64("i", i64::MIN);
        o.bool("b", true);
        o.str_or_null("n", None);
        o.opt_str("absent", None);
        o.key("list").strings(&["a", "b"]);
        o.key("empty")
            .array(Vec::<u8>::new(), |w, n| w.u64(n.into()));
    });
    let text = w.finish();
    let theirs: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        theirs["s"],
        "quote \" back \\ nl \n tab \t nul \u{0} del \u{7f} ✓"
    );
    assert_eq!(theirs["u"], u64::MAX);
    assert_eq!(theirs["i"], i64::MIN);
    assert_eq!(theirs["n"], Value::Null);
    assert!(theirs.get("absent").is_none());
    assert_eq!(theirs["list"][1], "b");
    assert_eq!(to_serde(&parse(&text).unwrap()), theirs);
    let pack = include_str!("../../data/standdown/shoptrip.json");
    assert_eq!(
        serde_json::from_str::<Value>(&parse(pack).unwrap().to_text()).unwrap(),
        serde_json::from_str::<Value>(pack).unwrap()
    );
}

#[test]
fn field_reader_names_each_wrong_field() {
    let value = parse(r#"{"name": 5, "tags": ["a", 1], "ok": true, "n": -1}"#).unwrap();
    let mut r = FieldReader::new(&value).unwrap();
    assert_eq!(r.string("name"), None);
    assert_eq!(r.strings("tags"), None);
    assert_eq!(r.bool("ok"), Some(true));
    assert_eq!(r.u64("n"), None);
    assert_eq!(r.i64("n"), Some(-1));
    let missing = r.str("missing");
    assert_eq!(r.required("missing", missing), None);
    assert_eq!(
        r.summary(),
        "name: must be a string, not a number; tags: must be an array of strings, not an array; \
         n: must be a whole number of 0 or more, not a number; missing: missing"
    );
    assert!(FieldReader::new(&Json::Null).is_none());
}
