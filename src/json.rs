//! A small JSON reader and writer for everything the core stores or is
//! handed: catalogs, policy packs, the trips document, and the values that
//! cross to JavaScript.
//!
//! Why not serde: its derived code is generated per type and per format, and
//! was the largest part of the wasm after the URL parser (every catalog,
//! pack and trip type twice over). A document here is read once into a
//! [`Json`] tree that borrows its strings from the text, and each type reads
//! the fields it knows from that tree, reporting each wrong one by name.
//!
//! The reader is strict RFC 8259: no comments, no trailing commas, no lone
//! surrogates, nothing after the value. It also refuses an object that
//! repeats a key (which of two values wins differs between parsers) and
//! nesting deeper than [`MAX_DEPTH`], so no input can exhaust the stack.

mod fields;
mod write;

pub use fields::FieldReader;
pub use write::{Fields, Writer};

/// Text quoted for an error message: in double quotes, escaped as in JSON.
/// `{:?}` would do the same for ASCII, but brings the standard library's
/// Unicode printability tables and escaper into the wasm.
pub struct Quoted<'a>(pub &'a str);

impl std::fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut writer = Writer::default();
        writer.string(self.0);
        f.write_str(&writer.finish())
    }
}

use rustc_hash::FxHashSet;
use std::borrow::Cow;

pub const MAX_DEPTH: usize = 128;

#[derive(Debug, Clone, PartialEq)]
pub enum Json<'a> {
    Null,
    Bool(bool),
    /// A number as written; it matched the JSON number grammar.
    Number(&'a str),
    String(Cow<'a, str>),
    Array(Vec<Json<'a>>),
    Object(Vec<(Cow<'a, str>, Json<'a>)>),
}

impl<'a> Json<'a> {
    /// What the value is, for messages: "a string", "an object", ...
    pub fn kind(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Number(_) => "a number",
            Json::String(_) => "a string",
            Json::Array(_) => "an array",
            Json::Object(_) => "an object",
        }
    }

    #[inline(never)]
    pub fn get(&self, key: &str) -> Option<&Json<'a>> {
        match self {
            Json::Object(fields) => fields.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Json::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Json<'a>]> {
        match self {
            Json::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&[(Cow<'a, str>, Json<'a>)]> {
        match self {
            Json::Object(fields) => Some(fields),
            _ => None,
        }
    }

    /// An integer written without fraction or exponent, if it fits.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Json::Number(n) => n.parse().ok(),
            _ => None,
        }
    }

    #[inline(never)]
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Json::Number(n) => n.parse().ok(),
            _ => None,
        }
    }

    /// The string, taking it out of the tree without a copy when it was
    /// borrowed from the text.
    pub fn into_string(self) -> Option<Cow<'a, str>> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    /// The value as JSON text.
    #[inline(never)]
    pub fn to_text(&self) -> String {
        let mut w = Writer::default();
        w.value(self);
        w.finish()
    }
}

/// Why a text is not JSON, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub message: &'static str,
    pub line: usize,
    pub column: usize,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} at line {} column {}",
            self.message, self.line, self.column
        )
    }
}

impl std::error::Error for ParseError {}

/// Reads one JSON value that makes up all of `text` (whitespace aside).
pub fn parse(text: &str) -> Result<Json<'_>, ParseError> {
    let mut reader = Reader { text, pos: 0 };
    let value = reader
        .value(0)
        .and_then(|v| {
            reader.skip_ws();
            if reader.pos == text.len() {
                Ok(v)
            } else {
                Err("trailing characters after the value")
            }
        })
        .map_err(|message| reader.error(message))?;
    Ok(value)
}

/// Reads the one JSON value at the start of `text`; returns it and how many
/// bytes it took (what follows is the caller's).
pub fn parse_prefix(text: &str) -> Result<(Json<'_>, usize), ParseError> {
    let mut reader = Reader { text, pos: 0 };
    match reader.value(0) {
        Ok(value) => Ok((value, reader.pos)),
        Err(message) => Err(reader.error(message)),
    }
}

struct Reader<'a> {
    text: &'a str,
    pos: usize,
}

type Step<T> = Result<T, &'static str>;

impl<'a> Reader<'a> {
    fn error(&self, message: &'static str) -> ParseError {
        let before = &self.text.as_bytes()[..self.pos.min(self.text.len())];
        let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        let column = 1 + String::from_utf8_lossy(&before[line_start..])
            .chars()
            .count();
        ParseError {
            message,
            line,
            column,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        let bytes = self.text.as_bytes();
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    fn literal(&mut self, word: &str, value: Json<'a>) -> Step<Json<'a>> {
        if self.text[self.pos..].starts_with(word) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err("expected a value")
        }
    }

    fn value(&mut self, depth: usize) -> Step<Json<'a>> {
        self.skip_ws();
        match self.peek() {
            Some(b'{') => self.object(depth + 1),
            Some(b'[') => self.array(depth + 1),
            Some(b'"') => self.string().map(Json::String),
            Some(b'-' | b'0'..=b'9') => self.number().map(Json::Number),
            Some(b't') => self.literal("true", Json::Bool(true)),
            Some(b'f') => self.literal("false", Json::Bool(false)),
            Some(b'n') => self.literal("null", Json::Null),
            Some(_) => Err("expected a value"),
            None => Err("unexpected end of the text"),
        }
    }

    fn array(&mut self, depth: usize) -> Step<Json<'a>> {
        if depth > MAX_DEPTH {
            return Err("nested too deeply");
        }
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Json::Array(items));
        }
        loop {
            items.push(self.value(depth)?);
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Json::Array(items));
                }
                Some(_) => return Err("expected , or ] in an array"),
                None => return Err("unexpected end of the text"),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Step<Json<'a>> {
        if depth > MAX_DEPTH {
            return Err("nested too deeply");
        }
        self.pos += 1;
        let mut fields: Vec<(Cow<'a, str>, Json<'a>)> = Vec::new();
        // Past a few keys, a set finds repeats (a linear scan would make a
        // huge object quadratic).
        let mut keys: Option<FxHashSet<Cow<'a, str>>> = None;
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Json::Object(fields));
        }
        loop {
            self.skip_ws();
            if self.peek() != Some(b'"') {
                return Err("expected a key in quotes");
            }
            let key_at = self.pos;
            let key = self.string()?;
            self.skip_ws();
            if self.peek() != Some(b':') {
                return Err("expected : after a key");
            }
            self.pos += 1;
            let value = self.value(depth)?;
            let repeated = match &mut keys {
                Some(set) => !set.insert(key.clone()),
                None => {
                    let repeated = fields.iter().any(|(k, _)| *k == key);
                    if fields.len() >= 16 {
                        keys = Some(fields.iter().map(|(k, _)| k.clone()).collect());
                        keys.as_mut().map(|set| set.insert(key.clone()));
                    }
                    repeated
                }
            };
            if repeated {
                self.pos = key_at;
                return Err("a key repeated in one object");
            }
            fields.push((key, value));
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Json::Object(fields));
                }
                Some(_) => return Err("expected , or } in an object"),
                None => return Err("unexpected end of the text"),
            }
        }
    }

    /// A string; borrowed from the text unless it has escapes.
    fn string(&mut self) -> Step<Cow<'a, str>> {
        self.pos += 1;
        let bytes = self.text.as_bytes();
        let start = self.pos;
        loop {
            match bytes.get(self.pos) {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(Cow::Borrowed(&self.text[start..self.pos - 1]));
                }
                Some(b'\\') => break,
                Some(0..=0x1f) => return Err("a control character in a string"),
                Some(_) => self.pos += 1,
                None => return Err("unexpected end of the text in a string"),
            }
        }
        let mut owned = String::from(&self.text[start..self.pos]);
        loop {
            match bytes.get(self.pos) {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(Cow::Owned(owned));
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let escaped = match bytes.get(self.pos) {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.pos += 1;
                            let c = self.unicode_escape()?;
                            owned.push(c);
                            continue;
                        }
                        _ => return Err("an invalid escape in a string"),
                    };
                    owned.push(escaped);
                    self.pos += 1;
                }
                Some(0..=0x1f) => return Err("a control character in a string"),
                Some(_) => {
                    let run_start = self.pos;
                    while let Some(&b) = bytes.get(self.pos) {
                        if b == b'"' || b == b'\\' || b < 0x20 {
                            break;
                        }
                        self.pos += 1;
                    }
                    owned.push_str(&self.text[run_start..self.pos]);
                }
                None => return Err("unexpected end of the text in a string"),
            }
        }
    }

    /// After `\u`: four hex digits, or a surrogate pair of two escapes.
    fn unicode_escape(&mut self) -> Step<char> {
        let first = self.hex4()?;
        let code = match first {
            0xd800..=0xdbff => {
                if !self.text[self.pos..].starts_with("\\u") {
                    return Err("a lone surrogate in a string");
                }
                self.pos += 2;
                let second = self.hex4()?;
                if !(0xdc00..=0xdfff).contains(&second) {
                    return Err("a lone surrogate in a string");
                }
                0x10000 + ((first - 0xd800) << 10) + (second - 0xdc00)
            }
            0xdc00..=0xdfff => return Err("a lone surrogate in a string"),
            _ => first,
        };
        char::from_u32(code).ok_or("an invalid escape in a string")
    }

    fn hex4(&mut self) -> Step<u32> {
        let digits = self
            .text
            .get(self.pos..self.pos + 4)
            .ok_or("an invalid escape in a string")?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err("an invalid escape in a string");
        }
        self.pos += 4;
        u32::from_str_radix(digits, 16).map_err(|_| "an invalid escape in a string")
    }

    fn number(&mut self) -> Step<&'a str> {
        let bytes = self.text.as_bytes();
        let start = self.pos;
        let digits = |reader: &mut Self| {
            let from = reader.pos;
            while bytes.get(reader.pos).is_some_and(u8::is_ascii_digit) {
                reader.pos += 1;
            }
            reader.pos > from
        };
        if bytes.get(self.pos) == Some(&b'-') {
            self.pos += 1;
        }
        let int_start = self.pos;
        if !digits(self) {
            return Err("an invalid number");
        }
        if bytes[int_start] == b'0' && self.pos - int_start > 1 {
            return Err("a number with a leading zero");
        }
        if bytes.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            if !digits(self) {
                return Err("an invalid number");
            }
        }
        if let Some(b'e' | b'E') = bytes.get(self.pos) {
            self.pos += 1;
            if let Some(b'+' | b'-') = bytes.get(self.pos) {
                self.pos += 1;
            }
            if !digits(self) {
                return Err("an invalid number");
            }
        }
        Ok(&self.text[start..self.pos])
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
