//! The one error type of the core.
//!
//! Every fallible call returns [`Error`]; the wasm layer turns it into a JS
//! `TypeError`, `RangeError` or `Error` at exactly one place, so a caller gets a
//! thrown exception with a message it can act on and the instance stays usable.

use alloc::string::String;
use core::fmt;

/// What kind of mistake the caller made; decides the JS error class.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// A value of the wrong type or shape (JS `TypeError`).
    Type,
    /// A number outside the range the operation accepts (JS `RangeError`).
    Range,
    /// Anything else: well-typed input that cannot be processed, e.g. a zero
    /// vector whose cosine is undefined, or memory that cannot be reserved.
    Value,
}

/// An error with a message naming the parameter (and, for data, the row or
/// index) that was wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    message: String,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: js_spelling(message.into()),
        }
    }

    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    pub(crate) fn type_error(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Type, message)
    }

    pub(crate) fn range(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Range, message)
    }

    pub(crate) fn value(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Value, message)
    }

    /// The same error, its message prefixed with the parameter it came
    /// from (`"bytes: the set file is truncated ..."`).
    pub fn within(self, name: &str) -> Self {
        Error {
            kind: self.kind,
            message: alloc::format!("{name}: {}", self.message),
        }
    }

    /// Which JS error class this maps to.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The sentence shown to the user.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl core::error::Error for Error {}

/// Rust formats infinite floats as `inf`; messages are read by JS users, who
/// write `Infinity`. Every message passes through here, so the numbers in
/// them can be formatted with plain `{}`.
fn js_spelling(message: String) -> String {
    // A byte scan, not `str::contains`: that pulls ~2 KB of substring
    // search into the wasm for a message that is a few dozen bytes long.
    if !message.as_bytes().windows(3).any(|w| w == b"inf") {
        return message;
    }
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut out = String::with_capacity(message.len() + 8);
    let mut rest = message.as_str();
    let mut after_word = false;
    while let Some(ch) = rest.chars().next() {
        let tail = rest.get(3..).and_then(|r| r.chars().next());
        if !after_word && rest.starts_with("inf") && tail.is_none_or(|c| !is_word(c)) {
            out.push_str("Infinity");
            rest = rest.get(3..).unwrap_or_default();
            after_word = true;
        } else {
            out.push(ch);
            rest = rest.get(ch.len_utf8()..).unwrap_or_default();
            after_word = is_word(ch);
        }
    }
    out
}

/// Result alias used throughout the core.
pub type Result<T> = core::result::Result<T, Error>;
