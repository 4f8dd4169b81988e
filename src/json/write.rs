//! Writing JSON text: strings escaped, objects and arrays through closures
//! so commas and nesting are always right.

use super::Json;
use std::fmt::Write as _;

/// Writes JSON text. Objects and arrays are written through closures, so
/// commas and nesting are always right.
#[derive(Debug, Default)]
pub struct Writer {
    out: String,
}

impl Writer {
    pub fn finish(self) -> String {
        self.out
    }

    pub fn string(&mut self, s: &str) {
        self.out.reserve(s.len() + 2);
        self.out.push('"');
        let mut run = 0;
        for (i, b) in s.bytes().enumerate() {
            let escape = match b {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                b'\n' => "\\n",
                b'\r' => "\\r",
                b'\t' => "\\t",
                0..=0x1f | 0x7f => "",
                _ => continue,
            };
            self.out.push_str(&s[run..i]);
            if escape.is_empty() {
                let _ = write!(self.out, "\\u{b:04x}");
            } else {
                self.out.push_str(escape);
            }
            run = i + 1;
        }
        self.out.push_str(&s[run..]);
        self.out.push('"');
    }

    pub fn u64(&mut self, n: u64) {
        let _ = write!(self.out, "{n}");
    }

    pub fn i64(&mut self, n: i64) {
        let _ = write!(self.out, "{n}");
    }

    pub fn bool(&mut self, b: bool) {
        self.out.push_str(if b { "true" } else { "false" });
    }

    pub fn null(&mut self) {
        self.out.push_str("null");
    }

    pub fn object(&mut self, fields: impl FnOnce(&mut Fields)) {
        self.out.push('{');
        fields(&mut Fields {
            writer: self,
            first: true,
        });
        self.out.push('}');
    }

    pub fn array<T>(
        &mut self,
        items: impl IntoIterator<Item = T>,
        mut item: impl FnMut(&mut Writer, T),
    ) {
        self.out.push('[');
        for (i, value) in items.into_iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            item(self, value);
        }
        self.out.push(']');
    }

    pub fn strings<S: AsRef<str>>(&mut self, items: &[S]) {
        self.array(items, |w, s| w.string(s.as_ref()));
    }

    pub fn value(&mut self, value: &Json) {
        match value {
            Json::Null => self.null(),
            Json::Bool(b) => self.bool(*b),
            Json::Number(n) => self.out.push_str(n),
            Json::String(s) => self.string(s),
            Json::Array(items) => self.array(items, |w, v| w.value(v)),
            Json::Object(fields) => self.object(|o| {
                for (k, v) in fields {
                    o.key(k).value(v);
                }
            }),
        }
    }
}

/// The fields of an object being written.
pub struct Fields<'w> {
    writer: &'w mut Writer,
    first: bool,
}

impl Fields<'_> {
    /// Starts the field `key`; write its value through the returned writer.
    #[inline(never)]
    pub fn key(&mut self, key: &str) -> &mut Writer {
        if !self.first {
            self.writer.out.push(',');
        }
        self.first = false;
        self.writer.string(key);
        self.writer.out.push(':');
        self.writer
    }

    pub fn str(&mut self, key: &str, value: &str) {
        self.key(key).string(value);
    }

    pub fn u64(&mut self, key: &str, value: u64) {
        self.key(key).u64(value);
    }

    pub fn i64(&mut self, key: &str, value: i64) {
        self.key(key).i64(value);
    }

    pub fn bool(&mut self, key: &str, value: bool) {
        self.key(key).bool(value);
    }

    /// The string, or `null`.
    pub fn str_or_null(&mut self, key: &str, value: Option<&str>) {
        match value {
            Some(v) => self.str(key, v),
            None => self.key(key).null(),
        }
    }

    /// The string, or no field at all.
    pub fn opt_str(&mut self, key: &str, value: Option<&str>) {
        if let Some(v) = value {
            self.str(key, v);
        }
    }

    pub fn opt_u64(&mut self, key: &str, value: Option<u64>) {
        if let Some(v) = value {
            self.u64(key, v);
        }
    }

    pub fn opt_i64(&mut self, key: &str, value: Option<i64>) {
        if let Some(v) = value {
            self.i64(key, v);
        }
    }
}
