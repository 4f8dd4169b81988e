//! Reading the JSON documents ShopTrip is handed or has stored (catalogs,
//! policy packs, the trips document) with serde_json, and saying what is
//! wrong with one in the words the rest of ShopTrip uses.
//!
//! Two things serde_json leaves to its caller are done here:
//! - **Strict input.** [`parse_strict`] refuses an object that repeats a key:
//!   which of two values wins differs between parsers, so a feed or a stored
//!   document that repeats one is refused rather than guessed at. (Derived
//!   structs refuse a repeated field of their own; this covers whole trees.)
//! - **Messages.** serde's "invalid type: integer `5`, expected a string"
//!   becomes "must be a string, not the number 5", with the field's path in
//!   front ([`Refusal`]), so a publisher reads one style of message for a
//!   wrong type and for a wrong value.

use serde::de::{self, DeserializeOwned, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};
use std::fmt;

/// What was wrong and where: `path` is empty for the value itself, else like
/// `categories[0].offer.rate`; `at` is the same place as steps into the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub path: String,
    pub message: String,
    pub at: Vec<Step>,
}

impl Refusal {
    fn at(at: Vec<Step>, message: String) -> Refusal {
        Refusal {
            path: path_text(&at),
            message,
            at,
        }
    }
}

/// One step into a JSON tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// Steps as a path: `categories[0].offer.rate`.
fn path_text(steps: &[Step]) -> String {
    let mut path = String::new();
    for step in steps {
        match step {
            Step::Key(key) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Step::Index(i) => path.push_str(&format!("[{i}]")),
        }
    }
    path
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// A JSON tree, refusing repeated keys at any depth. Nesting is limited by
/// serde_json's recursion limit (128), so no input exhausts the stack.
pub fn parse_strict(text: &str) -> Result<Value, String> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = StrictValue::deserialize(&mut deserializer)
        .and_then(|v| deserializer.end().map(|()| v.0))
        .map_err(|e| plain_words(&e.to_string()))?;
    Ok(value)
}

/// Reads a `T` from text, naming the first wrong field by its path.
///
/// Every typed read in the core goes through serde_json's text reader, one
/// instance of each type's derived code; reading from a `Value` as well
/// would add a second, and a path-tracking deserializer (serde_path_to_error)
/// a third: together 30 KB of gzipped wasm for ShopTrip's types. A refused
/// value is rare (a broken feed, a damaged store), so its path is found
/// afterwards instead ([`refusal`]).
pub fn read<T: DeserializeOwned>(text: &str) -> Result<T, Refusal> {
    serde_json::from_str::<Object<T>>(text)
        .map(|Object(t)| t)
        .map_err(|e| refusal::<Object<T>>(text, &e))
}

/// Why `text` is not a `T`: the path of the first wrong field, found by
/// reading the text's tree again with parts of it taken out ([`locate`]).
pub fn refusal<T: DeserializeOwned>(text: &str, error: &serde_json::Error) -> Refusal {
    let tree = match parse_strict(text) {
        Ok(tree) => tree,
        Err(message) => return Refusal::at(Vec::new(), message),
    };
    let reread = |tree: &Value| {
        serde_json::from_str::<T>(&tree.to_string())
            .err()
            .map(|e| plain_words(&e.to_string()))
    };
    // The tree's fields are in sorted order, maybe not the text's: the
    // error to look for is the one the tree gives.
    let Some(message) = reread(&tree) else {
        return Refusal::at(Vec::new(), plain_words(&error.to_string()));
    };
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.trim_end_matches('`');
        let mut at = lacking(&tree, field).unwrap_or_default();
        at.push(Step::Key(field.to_owned()));
        return Refusal::at(at, "missing".into());
    }
    let fails_alike = |tree: &Value| reread(tree).as_deref() == Some(message.as_str());
    Refusal::at(locate(&tree, &fails_alike), message)
}

/// The path of the value that makes `tree` fail as it does. serde reads an
/// object's fields in the tree's order (sorted keys) and an array's items in
/// order, and stops at the first wrong one: the culprit is the first field
/// or item that, kept with only those before it, still fails alike. A
/// missing required field only fails after every field present was read,
/// so leaving fields out never hides the error being looked for.
fn locate(tree: &Value, fails_alike: &dyn Fn(&Value) -> bool) -> Vec<Step> {
    let mut work = tree.clone();
    let mut steps: Vec<Step> = Vec::new();
    loop {
        let Some(node) = node_at(&mut work, &steps) else {
            return steps;
        };
        // A value of the wrong kind fails as well with nothing in it: the
        // culprit is the value itself, not something inside.
        let emptied = match node {
            Value::Object(fields) => Some(Value::Object(std::mem::take(fields))),
            Value::Array(items) => Some(Value::Array(std::mem::take(items))),
            _ => None,
        };
        if let Some(full) = emptied {
            let itself = fails_alike(&work);
            if let Some(node) = node_at(&mut work, &steps) {
                *node = full;
            }
            if itself {
                return steps;
            }
        }
        let Some(node) = node_at(&mut work, &steps) else {
            return steps;
        };
        let step = match node {
            Value::Object(fields) => {
                let all = std::mem::take(fields);
                let keys: Vec<&String> = all.keys().collect();
                let found = (0..keys.len()).find(|&i| {
                    if let Some(fields) = fields_at(&mut work, &steps) {
                        *fields = keys[..=i]
                            .iter()
                            .map(|&key| (key.clone(), all[key].clone()))
                            .collect();
                    }
                    fails_alike(&work)
                });
                // Later fields stay out: one of them may fail alike.
                found.map(|i| Step::Key(keys[i].clone()))
            }
            Value::Array(items) => {
                let all = std::mem::take(items);
                let found = (0..all.len()).find(|&i| {
                    if let Some(Value::Array(items)) = node_at(&mut work, &steps) {
                        *items = all[..=i].to_vec();
                    }
                    fails_alike(&work)
                });
                found.map(Step::Index)
            }
            _ => None,
        };
        match step {
            Some(step) => steps.push(step),
            None => return steps,
        }
    }
}

/// The value `steps` lead to.
pub fn node_at<'v>(tree: &'v mut Value, steps: &[Step]) -> Option<&'v mut Value> {
    steps.iter().try_fold(tree, |here, step| match step {
        Step::Key(key) => here.get_mut(key.as_str()),
        Step::Index(i) => here.get_mut(*i),
    })
}

fn fields_at<'v>(tree: &'v mut Value, steps: &[Step]) -> Option<&'v mut Map<String, Value>> {
    node_at(tree, steps).and_then(Value::as_object_mut)
}

/// The first object, depth first, that has no `field`.
fn lacking(tree: &Value, field: &str) -> Option<Vec<Step>> {
    let below =
        |step: Step, value: &Value| lacking(value, field).map(|rest| [vec![step], rest].concat());
    match tree {
        Value::Object(fields) if !fields.contains_key(field) => Some(Vec::new()),
        Value::Object(fields) => fields
            .iter()
            .find_map(|(key, value)| below(Step::Key(key.clone()), value)),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, item)| below(Step::Index(i), item)),
        _ => None,
    }
}

/// serde's message, without serde_json's position suffix, in ShopTrip's
/// words: "must be X, not Y".
pub fn plain_words(message: &str) -> String {
    let message = match message.rfind(" at line ") {
        Some(at) if message[at..].contains(" column ") => &message[..at],
        _ => message,
    };
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = message.strip_prefix(prefix) {
            if let Some((found, expected)) = rest.split_once(", expected ") {
                return format!(
                    "must be {}, not {}",
                    expected_words(expected),
                    found_words(found)
                );
            }
        }
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        if let Some((found, expected)) = rest.split_once("`, expected ") {
            let expected = expected.trim_start_matches("one of ").replace('`', "\"");
            return format!("must be {expected}, not {}", quoted(found));
        }
    }
    // serde reads a struct from an array too, by position; a short one fails
    // this way, and for ShopTrip's documents it is an array in an object's
    // place.
    if message.starts_with("invalid length ") && message.contains(", expected struct ") {
        return "must be an object, not an array".into();
    }
    if let Some(field) = message.strip_prefix("duplicate field `") {
        return format!("repeats the key \"{}\"", field.trim_end_matches('`'));
    }
    if message.starts_with("EOF while parsing") || message.starts_with("expected ") {
        return format!("not valid JSON: {message}");
    }
    message.to_owned()
}

fn expected_words(expected: &str) -> String {
    match expected {
        "a boolean" => "true or false".into(),
        "a sequence" => "an array".into(),
        "a borrowed string" => "a string".into(),
        "u8" | "u16" | "u32" | "u64" | "usize" => "a whole number of 0 or more".into(),
        "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number".into(),
        e if e.starts_with("struct ") || e == "a map" => "an object".into(),
        e => e.to_owned(),
    }
}

fn found_words(found: &str) -> String {
    let after = |prefix: &str| {
        found
            .strip_prefix(prefix)
            .map(|v| v.trim_matches('`').to_owned())
    };
    if let Some(n) = after("integer ").or_else(|| after("floating point ")) {
        return format!("the number {n}");
    }
    if let Some(b) = after("boolean ") {
        return b;
    }
    if found.starts_with("string ") {
        return format!("the {found}");
    }
    match found {
        "sequence" => "an array".into(),
        "map" => "an object".into(),
        "unit value" | "null" => "null".into(),
        other => other.to_owned(),
    }
}

/// serde reads a struct from a JSON array too, by position
/// (`["percent", "5"]` for `{"kind": "percent", "rate": "5"}`). What
/// publishers write is objects: these read a field's structs only from
/// objects, for `#[serde(deserialize_with = "...")]`.
pub mod object {
    use super::Object;
    use serde::{Deserialize, Deserializer};

    /// A struct, from an object only.
    pub fn required<'de, D, T>(deserializer: D) -> Result<T, D::Error>
    where
        D: Deserializer<'de>,
        T: Deserialize<'de>,
    {
        Object::<T>::deserialize(deserializer).map(|Object(t)| t)
    }

    /// A list of structs, each from an object only.
    pub fn list<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
    where
        D: Deserializer<'de>,
        T: Deserialize<'de>,
    {
        Vec::<Object<T>>::deserialize(deserializer)
            .map(|items| items.into_iter().map(|Object(t)| t).collect())
    }

    /// An optional struct, from an object only.
    pub fn optional<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
    where
        D: Deserializer<'de>,
        T: Deserialize<'de>,
    {
        Option::<Object<T>>::deserialize(deserializer).map(|found| found.map(|Object(t)| t))
    }

    /// An optional list of structs, each from an object only.
    pub fn optional_list<'de, D, T>(deserializer: D) -> Result<Option<Vec<T>>, D::Error>
    where
        D: Deserializer<'de>,
        T: Deserialize<'de>,
    {
        Option::<Vec<Object<T>>>::deserialize(deserializer)
            .map(|found| found.map(|items| items.into_iter().map(|Object(t)| t).collect()))
    }
}

/// A `T` read from a JSON object and nothing else.
struct Object<T>(T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Object<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ObjectVisitor<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectVisitor<T> {
            type Value = T;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map))
            }
        }
        deserializer
            .deserialize_map(ObjectVisitor(std::marker::PhantomData))
            .map(Object)
    }
}

/// Text quoted for a message, in double quotes and escaped as in JSON, so a
/// publisher can search their feed for it.
pub fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

/// What a JSON value is, for messages: "a string", "an object", ...
pub fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A `Value` whose objects never repeat a key. Fields that hold any JSON
/// read into it rather than into `Value`, so the wasm has one tree builder.
pub struct StrictValue(pub Value);

impl<'de> Deserialize<'de> for StrictValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StrictVisitor).map(StrictValue)
    }
}

struct StrictVisitor;

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(v.into())
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(v.into())
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(StrictValue(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if object.contains_key(&key) {
                return Err(de::Error::custom(format_args!(
                    "an object repeats the key \"{key}\""
                )));
            }
            let StrictValue(value) = map.next_value()?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Offer {
        kind: String,
        rate: Option<u32>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Store {
        id: String,
        offer: Offer,
        domains: Vec<String>,
    }

    fn refused(json: &str) -> String {
        read::<Store>(json).unwrap_err().to_string()
    }

    #[test]
    fn repeated_keys_are_refused_at_any_depth() {
        assert!(parse_strict(r#"{"a":1,"a":1}"#)
            .unwrap_err()
            .contains("repeats the key \"a\""));
        assert!(parse_strict(r#"[{"b":{"c":1,"c":2}}]"#).is_err());
        assert!(parse_strict(r#"{"a":1,"b":{"a":1}}"#).is_ok());
        assert!(read::<Store>(r#"{"id":"x","id":"y"}"#)
            .unwrap_err()
            .to_string()
            .contains("repeats the key \"id\""));
    }

    #[test]
    fn nothing_may_follow_the_value_and_nesting_is_bounded() {
        assert!(parse_strict("{} {}").is_err());
        assert!(parse_strict("[1,]").is_err());
        assert!(parse_strict("").unwrap_err().contains("not valid JSON"));
        let deep = "[".repeat(100_000) + &"]".repeat(100_000);
        assert!(parse_strict(&deep).is_err());
    }

    #[test]
    fn messages_name_the_path_and_quote_what_was_found() {
        assert_eq!(
            refused(r#"{"id":"a","domains":["x"],"offer":{"kind":5}}"#),
            "offer.kind: must be a string, not the number 5"
        );
        assert_eq!(
            refused(r#"{"id":"a","domains":["x", 6.5],"offer":{"kind":"p"}}"#),
            "domains[1]: must be a string, not the number 6.5"
        );
        assert_eq!(
            refused(r#"{"id":"a","domains":"x","offer":{"kind":"p"}}"#),
            "domains: must be an array, not the string \"x\""
        );
        assert_eq!(
            refused(r#"{"id":"a","domains":[],"offer":{"kind":"p","rate":-2}}"#),
            "offer.rate: must be a whole number of 0 or more, not the number -2"
        );
        assert_eq!(refused(r#"{"id":"a","domains":[]}"#), "offer: missing");
        assert_eq!(
            refused(r#"{"id":"a","domains":[],"offer":[]}"#),
            "offer: must be an object, not an array"
        );
    }
}
