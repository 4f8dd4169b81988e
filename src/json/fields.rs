//! Reading a type's fields from a parsed JSON object, naming each field
//! that is there but of the wrong kind.

use super::Json;
use std::borrow::Cow;

/// Reads the fields of one JSON object into a type, collecting a message for
/// each field that is there but of the wrong kind. Fields it is not asked
/// for are ignored (newer documents may carry more).
pub struct FieldReader<'j, 'a> {
    object: &'j [(Cow<'a, str>, Json<'a>)],
    pub problems: Vec<(String, String)>,
}

impl<'j, 'a> FieldReader<'j, 'a> {
    /// `None` when `value` is not an object.
    pub fn new(value: &'j Json<'a>) -> Option<FieldReader<'j, 'a>> {
        Some(FieldReader {
            object: value.as_object()?,
            problems: Vec::new(),
        })
    }

    #[inline(never)]
    pub fn raw(&self, key: &str) -> Option<&'j Json<'a>> {
        self.object.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    fn wrong(&mut self, key: &str, expected: &str, found: &Json) {
        self.problems.push((
            key.to_owned(),
            format!("must be {expected}, not {}", found.kind()),
        ));
    }

    /// A field read by `read`, which says what it expected when it fails.
    pub fn field<T>(
        &mut self,
        key: &str,
        expected: &str,
        read: impl FnOnce(&'j Json<'a>) -> Option<T>,
    ) -> Option<T> {
        let value = self.raw(key)?;
        match read(value) {
            Some(v) => Some(v),
            None => {
                self.wrong(key, expected, value);
                None
            }
        }
    }

    pub fn str(&mut self, key: &str) -> Option<&'j str> {
        self.field(key, "a string", Json::as_str)
    }

    pub fn string(&mut self, key: &str) -> Option<String> {
        self.str(key).map(str::to_owned)
    }

    /// A string borrowed from the document when it had no escapes.
    pub fn cow(&mut self, key: &str) -> Option<Cow<'a, str>> {
        self.field(key, "a string", |v| match v {
            Json::String(Cow::Borrowed(s)) => Some(Cow::Borrowed(*s)),
            Json::String(Cow::Owned(s)) => Some(Cow::Owned(s.clone())),
            _ => None,
        })
    }

    pub fn bool(&mut self, key: &str) -> Option<bool> {
        self.field(key, "true or false", Json::as_bool)
    }

    #[inline(never)]
    pub fn i64(&mut self, key: &str) -> Option<i64> {
        self.field(key, "a whole number", Json::as_i64)
    }

    pub fn u64(&mut self, key: &str) -> Option<u64> {
        self.field(key, "a whole number of 0 or more", Json::as_u64)
    }

    pub fn array(&mut self, key: &str) -> Option<&'j [Json<'a>]> {
        self.field(key, "an array", Json::as_array)
    }

    /// An array of strings; one message for the whole field otherwise.
    pub fn strings(&mut self, key: &str) -> Option<Vec<Cow<'a, str>>> {
        self.field(key, "an array of strings", |v| {
            v.as_array()?
                .iter()
                .map(|item| match item {
                    Json::String(s) => Some(s.clone()),
                    _ => None,
                })
                .collect()
        })
    }

    /// Like [`FieldReader::field`] for a value that must be present.
    pub fn required<T>(&mut self, key: &str, value: Option<T>) -> Option<T> {
        if value.is_none() && self.raw(key).is_none() {
            self.problems.push((key.to_owned(), "missing".to_owned()));
        }
        value
    }

    /// Every problem as one line: `field: message; field: message`.
    pub fn summary(&self) -> String {
        self.problems
            .iter()
            .map(|(field, message)| format!("{field}: {message}"))
            .collect::<Vec<_>>()
            .join("; ")
    }
}
