//! A small JSON value with a strict parser and a compact writer.
//!
//! Every value that crosses into the library — a profile from JavaScript, a
//! provider's response body — arrives as JSON text and is read here, so the
//! same code runs natively under `cargo test` and in the browser. Values from
//! JavaScript are turned into text by `JSON.stringify`, which already refuses
//! cycles, BigInt and throwing getters; this parser then bounds nesting so
//! that no input can exhaust the stack.

use std::fmt::Write as _;

/// Deepest nesting of arrays and objects the parser accepts.
pub const MAX_DEPTH: usize = 128;

/// The largest integer JavaScript holds exactly (2^53 - 1).
pub const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// A parsed JSON value. Object members keep their order and duplicates.
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    /// `null`
    Null,
    /// `true` or `false`
    Bool(bool),
    /// Any number, as JavaScript holds it.
    Number(f64),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Json>),
    /// An object, members in document order.
    Object(Vec<(String, Json)>),
}

/// Why text was not JSON, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// What was wrong.
    pub reason: &'static str,
    /// Byte offset into the text.
    pub offset: usize,
}

impl Json {
    /// The member `key` of an object (the last one, as `JSON.parse` keeps).
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(members) => members
                .iter()
                .rev()
                .find(|(name, _)| name == key)
                .map(|(_, value)| value),
            _ => None,
        }
    }

    /// The first of `keys` that is present and not `null`.
    pub fn get_any(&self, keys: &[&str]) -> Option<&Json> {
        keys.iter()
            .filter_map(|key| self.get(key))
            .find(|value| !value.is_null())
    }

    /// Follows a path of object keys.
    pub fn pointer(&self, path: &[&str]) -> Option<&Json> {
        path.iter().try_fold(self, |value, key| value.get(key))
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(text) => Some(text),
            _ => None,
        }
    }

    /// The number, if this is one.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Json::Number(number) => Some(*number),
            _ => None,
        }
    }

    /// The boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Json::Bool(flag) => Some(*flag),
            _ => None,
        }
    }

    /// The elements, if this is an array.
    pub fn as_array(&self) -> Option<&[Json]> {
        match self {
            Json::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The members, if this is an object.
    pub fn as_object(&self) -> Option<&[(String, Json)]> {
        match self {
            Json::Object(members) => Some(members),
            _ => None,
        }
    }

    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Json::Null)
    }

    /// The JavaScript `typeof`-style name of this value, for messages that
    /// must describe a value without showing it.
    pub fn type_name(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "boolean",
            Json::Number(_) => "number",
            Json::String(_) => "string",
            Json::Array(_) => "array",
            Json::Object(_) => "object",
        }
    }

    /// Writes compact JSON text that `JSON.parse` reads back to an equal value.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        write_value(self, &mut out);
        out
    }
}

/// A safe integer written without a fraction, as JavaScript prints it.
pub fn integer_text(number: f64) -> Option<String> {
    if number.fract() == 0.0 && number.abs() <= MAX_SAFE_INTEGER {
        // The range check above makes the cast exact.
        Some(format!("{}", number as i64))
    } else {
        None
    }
}

/// Parses JSON text (RFC 8259), allowing surrounding white space.
pub fn parse(text: &str) -> Result<Json, ParseError> {
    let mut parser = Parser {
        bytes: text.as_bytes(),
        at: 0,
    };
    parser.skip_space();
    let value = parser.value(0)?;
    parser.skip_space();
    if parser.at < parser.bytes.len() {
        return Err(parser.fail("unexpected text after the value"));
    }
    Ok(value)
}

struct Parser<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn fail(&self, reason: &'static str) -> ParseError {
        ParseError {
            reason,
            offset: self.at,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.at += 1;
        }
    }

    fn expect_word(&mut self, word: &[u8], value: Json) -> Result<Json, ParseError> {
        if self.bytes.get(self.at..self.at + word.len()) == Some(word) {
            self.at += word.len();
            Ok(value)
        } else {
            Err(self.fail("unknown literal"))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json, ParseError> {
        match self.peek() {
            None => Err(self.fail("unexpected end of text")),
            Some(b'n') => self.expect_word(b"null", Json::Null),
            Some(b't') => self.expect_word(b"true", Json::Bool(true)),
            Some(b'f') => self.expect_word(b"false", Json::Bool(false)),
            Some(b'"') => self.string().map(Json::String),
            Some(b'[') => self.array(depth + 1),
            Some(b'{') => self.object(depth + 1),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.fail("unexpected character")),
        }
    }

    fn array(&mut self, depth: usize) -> Result<Json, ParseError> {
        if depth > MAX_DEPTH {
            return Err(self.fail("nested too deeply"));
        }
        self.at += 1;
        let mut items = Vec::new();
        self.skip_space();
        if self.peek() == Some(b']') {
            self.at += 1;
            return Ok(Json::Array(items));
        }
        loop {
            self.skip_space();
            items.push(self.value(depth)?);
            self.skip_space();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    return Ok(Json::Array(items));
                }
                _ => return Err(self.fail("expected ',' or ']'")),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Json, ParseError> {
        if depth > MAX_DEPTH {
            return Err(self.fail("nested too deeply"));
        }
        self.at += 1;
        let mut members = Vec::new();
        self.skip_space();
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Ok(Json::Object(members));
        }
        loop {
            self.skip_space();
            if self.peek() != Some(b'"') {
                return Err(self.fail("expected a member name"));
            }
            let name = self.string()?;
            self.skip_space();
            if self.peek() != Some(b':') {
                return Err(self.fail("expected ':'"));
            }
            self.at += 1;
            self.skip_space();
            let value = self.value(depth)?;
            members.push((name, value));
            self.skip_space();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return Ok(Json::Object(members));
                }
                _ => return Err(self.fail("expected ',' or '}'")),
            }
        }
    }

    fn number(&mut self) -> Result<Json, ParseError> {
        let start = self.at;
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        match self.peek() {
            Some(b'0') => self.at += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.fail("expected a digit")),
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.fail("expected a digit after '.'"));
            }
            self.digits();
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.at += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.at += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.fail("expected a digit in the exponent"));
            }
            self.digits();
        }
        let text = std::str::from_utf8(self.bytes.get(start..self.at).unwrap_or_default())
            .map_err(|_| self.fail("invalid number"))?;
        let number: f64 = text.parse().map_err(|_| self.fail("invalid number"))?;
        if number.is_finite() {
            Ok(Json::Number(number))
        } else {
            Err(self.fail("number out of range"))
        }
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.at += 1;
        }
    }

    fn string(&mut self) -> Result<String, ParseError> {
        self.at += 1;
        let mut out = String::new();
        loop {
            // Copy the run of plain characters in one go.
            let run_start = self.at;
            while let Some(byte) = self.peek() {
                if byte == b'"' || byte == b'\\' || byte < 0x20 {
                    break;
                }
                self.at += 1;
            }
            let run = self.bytes.get(run_start..self.at).unwrap_or_default();
            // The input came from a &str and runs end at ASCII bytes, so a run
            // is always whole UTF-8.
            out.push_str(std::str::from_utf8(run).map_err(|_| self.fail("invalid UTF-8"))?);

            match self.peek() {
                None => return Err(self.fail("unterminated string")),
                Some(b'"') => {
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.at += 1;
                    self.escape(&mut out)?;
                }
                Some(_) => return Err(self.fail("control character in string")),
            }
        }
    }

    fn escape(&mut self, out: &mut String) -> Result<(), ParseError> {
        let Some(kind) = self.peek() else {
            return Err(self.fail("unterminated escape"));
        };
        self.at += 1;
        let simple = match kind {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let unit = self.hex4()?;
                out.push(self.code_point(unit)?);
                return Ok(());
            }
            _ => return Err(self.fail("unknown escape")),
        };
        out.push(simple);
        Ok(())
    }

    /// Decodes a `\u` escape, joining surrogate pairs. A lone surrogate
    /// becomes U+FFFD, as a JavaScript string would hold it unpaired.
    fn code_point(&mut self, unit: u32) -> Result<char, ParseError> {
        if (0xD800..0xDC00).contains(&unit)
            && self.bytes.get(self.at..self.at + 2) == Some(b"\\u".as_slice())
        {
            let save = self.at;
            self.at += 2;
            let low = self.hex4()?;
            if (0xDC00..0xE000).contains(&low) {
                let joined = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                return Ok(char::from_u32(joined).unwrap_or('\u{FFFD}'));
            }
            self.at = save;
        }
        Ok(char::from_u32(unit).unwrap_or('\u{FFFD}'))
    }

    fn hex4(&mut self) -> Result<u32, ParseError> {
        let digits = self
            .bytes
            .get(self.at..self.at + 4)
            .ok_or_else(|| self.fail("short \\u escape"))?;
        let mut value = 0u32;
        for &digit in digits {
            let nibble = (digit as char)
                .to_digit(16)
                .ok_or_else(|| self.fail("bad \\u escape"))?;
            value = value * 16 + nibble;
        }
        self.at += 4;
        Ok(value)
    }
}

fn write_value(value: &Json, out: &mut String) {
    match value {
        Json::Null => out.push_str("null"),
        Json::Bool(true) => out.push_str("true"),
        Json::Bool(false) => out.push_str("false"),
        Json::Number(number) => write_number(*number, out),
        Json::String(text) => write_string(text, out),
        Json::Array(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                write_value(item, out);
            }
            out.push(']');
        }
        Json::Object(members) => {
            out.push('{');
            for (index, (name, item)) in members.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                write_string(name, out);
                out.push(':');
                write_value(item, out);
            }
            out.push('}');
        }
    }
}

fn write_number(number: f64, out: &mut String) {
    out.push_str(&number_text(number));
}

/// A number as JSON text: safe integers without a fraction, other finite
/// numbers in their shortest round-trip form, and `null` for NaN and the
/// infinities (as `JSON.stringify` writes them).
pub fn number_text(number: f64) -> String {
    if !number.is_finite() {
        return "null".to_owned();
    }
    if let Some(integer) = integer_text(number) {
        return integer;
    }
    fraction_text(number)
}

/// In the browser, JavaScript's own number printing: it is already there,
/// and Rust's float formatting would add about a tenth to the module.
#[cfg(target_arch = "wasm32")]
fn fraction_text(number: f64) -> String {
    js_sys::Number::from(number)
        .to_string_with_radix(10)
        .map(String::from)
        .unwrap_or_else(|_| "null".to_owned())
}

#[cfg(not(target_arch = "wasm32"))]
fn fraction_text(number: f64) -> String {
    // Debug prints the shortest round-trip form, with an exponent only for
    // very large or small magnitudes, as JavaScript does.
    format!("{number:?}")
}

/// Appends `text` as a JSON string literal.
pub fn write_string(text: &str, out: &mut String) {
    out.push('"');
    for character in text.chars() {
        match character {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_nested_values_in_order() {
        let value = parse(r#" {"a":[1,-2.5e3,true,null],"b":{"c":"x\u00e9\n"},"a":0} "#);
        let value = value.expect("valid JSON");
        assert_eq!(value.get("a"), Some(&Json::Number(0.0)));
        assert_eq!(
            value.pointer(&["b", "c"]).and_then(Json::as_str),
            Some("x\u{e9}\n")
        );
        assert_eq!(value.as_object().map(<[_]>::len), Some(3));
    }

    #[test]
    fn joins_surrogate_pairs_and_replaces_lone_ones() {
        let pair = parse(r#""\ud83d\ude00""#).expect("valid");
        assert_eq!(pair.as_str(), Some("\u{1F600}"));
        let lone = parse(r#""\ud83dx""#).expect("valid");
        assert_eq!(lone.as_str(), Some("\u{FFFD}x"));
    }

    #[test]
    fn rejects_what_json_parse_rejects() {
        for text in [
            "",
            "{",
            "[1,]",
            "{\"a\":1,}",
            "01",
            "1.",
            "-",
            "+1",
            "'a'",
            "nul",
            "\"\t\"",
            "{a:1}",
            "[1 2]",
            "1e",
            "\"\\x\"",
            "\"\\u12\"",
            "1e400",
            "[]]",
        ] {
            assert!(parse(text).is_err(), "accepted {text:?}");
        }
    }

    #[test]
    fn bounds_nesting_instead_of_overflowing_the_stack() {
        let deep = "[".repeat(100_000);
        assert_eq!(
            parse(&deep).map_err(|error| error.reason),
            Err("nested too deeply")
        );
        let fine = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&fine).is_ok());
    }

    #[test]
    fn writes_text_that_reads_back_equal() {
        let text = r#"{"s":"q\"\\\u0001/é","n":[0,-1,1.5,1e300,9007199254740991],"o":{}}"#;
        let value = parse(text).expect("valid");
        assert_eq!(parse(&value.to_text()), Ok(value));
    }

    #[test]
    fn agrees_with_serde_json_on_numbers() {
        for text in ["0", "-0", "123456789", "1.25e-7", "9007199254740993", "1E2"] {
            let ours = parse(text).expect("valid").as_f64();
            let theirs: f64 = serde_json::from_str(text).expect("valid");
            assert_eq!(ours, Some(theirs), "{text}");
        }
    }

    #[test]
    fn integer_text_refuses_unsafe_integers() {
        assert_eq!(integer_text(42.0).as_deref(), Some("42"));
        assert_eq!(integer_text(MAX_SAFE_INTEGER + 1.0), None);
        assert_eq!(integer_text(1.5), None);
    }
}
