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
            message: message.into(),
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

/// Result alias used throughout the core.
pub type Result<T> = core::result::Result<T, Error>;
