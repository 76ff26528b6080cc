//! A JSON-like value: the common ground of JS objects, JSON files, threshold
//! configurations, row metadata and filters, read by the wasm layer once and
//! checked by whichever core module owns the rules for it.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

/// A JSON-like value, the common ground of JS objects and JSON files.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `null` or `undefined`.
    Null,
    /// A boolean.
    Bool(bool),
    /// A number (may be NaN or infinite when it came from JS).
    Number(f64),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// A plain object, keys in insertion order.
    Object(Vec<(String, Value)>),
    /// Anything else (a function, a typed array, a Map...), by type name.
    Other(String),
}

impl Value {
    /// How a value is described in error messages.
    pub fn describe(&self) -> String {
        match self {
            Value::Null => "null".into(),
            Value::Bool(b) => format!("{b}"),
            Value::Number(n) => format!("{n}"),
            Value::String(s) => format!("\"{s}\""),
            Value::Array(_) => "an array".into(),
            Value::Object(_) => "an object".into(),
            Value::Other(t) => t.clone(),
        }
    }
}
