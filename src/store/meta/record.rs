//! One row's metadata as the store sees it: a JSON-like object flattened to
//! dotted paths (`{ author: { id: 7 } }` is the path `author.id` holding 7),
//! checked against the limits once, on the way in, and rebuilt into an
//! object on the way out.
//!
//! Why flatten: a filter addresses nested values by dotted key (Vectorize's
//! convention), and a column per path is what lets a filter run over
//! columns instead of parsing documents per row. Keys may not contain `.`,
//! so a path splits back into its keys without ambiguity.

use crate::error::{Error, Result};
use crate::value::Value;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

/// Most bytes of one row's metadata written as compact JSON.
pub const MAX_METADATA_BYTES: usize = 10 * 1024;
/// Most bytes of one key.
pub const MAX_KEY_BYTES: usize = 512;
/// Deepest nesting of objects within one row's metadata.
pub const MAX_DEPTH: usize = 8;

/// A value at the end of a path.
#[derive(Clone, Debug, PartialEq)]
pub enum Leaf {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A finite number.
    Number(f64),
    /// A string.
    String(String),
    /// An array of strings (tags).
    Strings(Vec<String>),
    /// `{}`: kept so that the key exists and reads back.
    EmptyObject,
}

/// One row's metadata: `(dotted path, leaf)` in document order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Metadata {
    pub(crate) entries: Vec<(String, Leaf)>,
}

impl Metadata {
    /// Metadata from a JSON-like object, checked: keys non-empty, at most
    /// [`MAX_KEY_BYTES`], without `.` or `"`, not starting with `$`; nesting
    /// at most [`MAX_DEPTH`]; values strings, finite numbers, booleans,
    /// null, arrays of strings or objects of those; at most
    /// [`MAX_METADATA_BYTES`] as compact JSON. `name` is how errors call it
    /// (`metadata[3]`).
    pub fn from_value(name: &str, v: &Value) -> Result<Metadata> {
        let Value::Object(entries) = v else {
            return Err(Error::type_error(format!(
                "{name} must be an object such as {{ \"type\": \"Industry\" }}, got {}",
                v.describe()
            )));
        };
        let mut out = Metadata::default();
        flatten(name, "", entries, 1, &mut out.entries)?;
        let size = json_len(v);
        if size > MAX_METADATA_BYTES {
            return Err(Error::range(format!(
                "{name} is {size} bytes as JSON; metadata is at most {MAX_METADATA_BYTES} bytes per row"
            )));
        }
        Ok(out)
    }

    /// Bytes a row with this metadata adds to the columns: a kind byte per
    /// path, a number's 8 bytes, a string's 4-byte code, an array's
    /// 4-byte start, length and codes (distinct strings are stored once per
    /// column, so their text is not counted per row).
    pub fn bytes_per_row(&self) -> usize {
        self.entries
            .iter()
            .map(|(_, leaf)| {
                1 + match leaf {
                    Leaf::Number(_) => 8,
                    Leaf::String(_) => 4,
                    Leaf::Strings(list) => 8 + 4 * list.len(),
                    _ => 0,
                }
            })
            .sum()
    }

    /// Whether the row has no metadata.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The `(path, leaf)` pairs, in document order.
    pub fn entries(&self) -> &[(String, Leaf)] {
        &self.entries
    }

    /// The leaf at `path`, if any.
    pub fn get(&self, path: &str) -> Option<&Leaf> {
        self.entries.iter().find(|(p, _)| p == path).map(|(_, l)| l)
    }

    /// The metadata as a nested object again.
    pub fn to_value(&self) -> Value {
        let mut root: Vec<(String, Value)> = Vec::new();
        for (path, leaf) in &self.entries {
            insert(&mut root, path, leaf_value(leaf));
        }
        Value::Object(root)
    }
}

fn leaf_value(leaf: &Leaf) -> Value {
    match leaf {
        Leaf::Null => Value::Null,
        Leaf::Bool(b) => Value::Bool(*b),
        Leaf::Number(n) => Value::Number(*n),
        Leaf::String(s) => Value::String(s.clone()),
        Leaf::Strings(list) => Value::Array(list.iter().cloned().map(Value::String).collect()),
        Leaf::EmptyObject => Value::Object(Vec::new()),
    }
}

/// Puts `value` at dotted `path` inside `obj`, creating the objects on the way.
fn insert(obj: &mut Vec<(String, Value)>, path: &str, value: Value) {
    let (key, rest) = match path.split_once('.') {
        Some((k, r)) => (k, Some(r)),
        None => (path, None),
    };
    let Some(rest) = rest else {
        obj.push((String::from(key), value));
        return;
    };
    let at = match obj.iter().position(|(k, _)| k == key) {
        Some(i) => i,
        None => {
            obj.push((String::from(key), Value::Object(Vec::new())));
            obj.len() - 1
        }
    };
    if let Some((_, Value::Object(inner))) = obj.get_mut(at) {
        insert(inner, rest, value);
    }
}

/// Checks one key of an object at `name`.
pub(crate) fn check_key(name: &str, key: &str) -> Result<()> {
    let why = if key.is_empty() {
        Some("is empty")
    } else if key.len() > MAX_KEY_BYTES {
        Some("is longer than 512 bytes")
    } else if key.contains('.') {
        Some("contains \".\" (nest an object instead; filters address it as \"a.b\")")
    } else if key.contains('"') {
        Some("contains '\"'")
    } else if key.starts_with('$') {
        Some("starts with \"$\", which marks filter operators")
    } else {
        None
    };
    match why {
        None => Ok(()),
        Some(why) => Err(Error::value(format!(
            "{name} has a key \"{}\" that {why}; keys are non-empty, at most {MAX_KEY_BYTES} bytes, without \".\" or '\"', and do not start with \"$\"",
            short(key)
        ))),
    }
}

/// A dotted path of metadata keys (`"type"`, `"entity.type"`), checked
/// key by key; returned as given.
pub fn check_path_key(name: &str, path: &str) -> Result<String> {
    for key in path.split('.') {
        check_key(name, key)?;
    }
    Ok(String::from(path))
}

/// A key cut to a readable length for messages.
fn short(key: &str) -> &str {
    let mut end = key.len().min(40);
    while !key.is_char_boundary(end) {
        end -= 1;
    }
    key.get(..end).unwrap_or(key)
}

fn flatten(
    name: &str,
    prefix: &str,
    entries: &[(String, Value)],
    depth: usize,
    out: &mut Vec<(String, Leaf)>,
) -> Result<()> {
    if depth > MAX_DEPTH {
        return Err(Error::range(format!(
            "{name} nests objects more than {MAX_DEPTH} deep"
        )));
    }
    for (key, value) in entries {
        check_key(name, key)?;
        let path = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        let at = format!("{name}.{key}");
        let leaf = match value {
            Value::Null => Leaf::Null,
            Value::Bool(b) => Leaf::Bool(*b),
            Value::Number(n) if n.is_finite() => Leaf::Number(*n),
            Value::Number(n) => {
                return Err(Error::range(format!(
                    "{at} is {n}; metadata numbers must be finite"
                )))
            }
            Value::String(s) => Leaf::String(s.clone()),
            Value::Array(items) => {
                let mut list = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    match item {
                        Value::String(s) => list.push(s.clone()),
                        other => {
                            return Err(Error::type_error(format!(
                                "{at}[{i}] must be a string (metadata arrays hold strings), got {}",
                                other.describe()
                            )))
                        }
                    }
                }
                Leaf::Strings(list)
            }
            Value::Object(inner) if inner.is_empty() => Leaf::EmptyObject,
            Value::Object(inner) => {
                flatten(&at, &path, inner, depth + 1, out)?;
                continue;
            }
            Value::Other(t) => {
                return Err(Error::type_error(format!(
                "{at} must be a string, number, boolean, null, array of strings or object, got {t}"
            )))
            }
        };
        out.push((path, leaf));
    }
    Ok(())
}

/// Bytes of `v` written as compact JSON (`JSON.stringify`): numbers in
/// their shortest round-trip form, strings with JSON's escapes.
pub(crate) fn json_len(v: &Value) -> usize {
    match v {
        Value::Null | Value::Other(_) => 4,
        Value::Bool(true) => 4,
        Value::Bool(false) => 5,
        Value::Number(n) => number_len(*n),
        Value::String(s) => string_len(s),
        Value::Array(items) => {
            2 + items.iter().map(json_len).sum::<usize>() + items.len().saturating_sub(1)
        }
        Value::Object(entries) => {
            2 + entries
                .iter()
                .map(|(k, x)| string_len(k) + 1 + json_len(x))
                .sum::<usize>()
                + entries.len().saturating_sub(1)
        }
    }
}

fn string_len(s: &str) -> usize {
    2 + s
        .chars()
        .map(|c| match c {
            '"' | '\\' | '\n' | '\r' | '\t' | '\u{8}' | '\u{c}' => 2,
            c if (c as u32) < 0x20 => 6,
            c => c.len_utf8(),
        })
        .sum::<usize>()
}

/// JS writes numbers from 1e-6 up to 1e21 in plain notation, others with an
/// exponent (`1.5e+21`, `1e-7`); the digits are the shortest that
/// round-trip, which Rust's plain formatting gives too (read off it here, so
/// the exponent formatter stays out of the .wasm).
fn number_len(n: f64) -> usize {
    let a = libm::fabs(n);
    let plain = format!("{a}");
    let sign = usize::from(n < 0.0);
    if a == 0.0 || (1e-6..1e21).contains(&a) {
        return sign + plain.len();
    }
    let (digits, exp) = if a >= 1e21 {
        (plain.trim_end_matches('0').len(), plain.len() - 1)
    } else {
        let frac = plain.get(2..).unwrap_or("");
        let zeros = frac.len() - frac.trim_start_matches('0').len();
        (frac.len() - zeros, zeros + 1)
    };
    let exp_digits = format!("{exp}").len();
    sign + digits + usize::from(digits > 1) + 2 + exp_digits
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    fn obj(entries: Vec<(&str, Value)>) -> Value {
        Value::Object(entries.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    #[test]
    fn nested_objects_flatten_to_dotted_paths_and_back() {
        let v = obj(vec![
            ("type", Value::String("Industry".into())),
            (
                "author",
                obj(vec![
                    ("id", Value::Number(7.0)),
                    ("tags", Value::Array(vec![Value::String("a".into())])),
                ]),
            ),
            ("empty", obj(vec![])),
            ("n", Value::Null),
        ]);
        let m = Metadata::from_value("metadata[0]", &v).unwrap();
        let paths: Vec<&str> = m.entries.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(paths, ["type", "author.id", "author.tags", "empty", "n"]);
        assert_eq!(m.to_value(), v);
    }

    #[test]
    fn limits_are_errors_naming_the_path() {
        let bad = |v: Value| Metadata::from_value("metadata[2]", &v).unwrap_err();
        assert_eq!(
            bad(obj(vec![("a.b", Value::Null)])).message(),
            "metadata[2] has a key \"a.b\" that contains \".\" (nest an object instead; filters address it as \"a.b\"); keys are non-empty, at most 512 bytes, without \".\" or '\"', and do not start with \"$\""
        );
        assert!(bad(obj(vec![("$x", Value::Null)]))
            .message()
            .contains("starts with \"$\""));
        assert_eq!(
            bad(obj(vec![("x", Value::Number(f64::NAN))])).message(),
            "metadata[2].x is NaN; metadata numbers must be finite"
        );
        assert_eq!(
            bad(obj(vec![("t", Value::Array(vec![Value::Number(1.0)]))])).message(),
            "metadata[2].t[0] must be a string (metadata arrays hold strings), got 1"
        );
        let mut deep = Value::Null;
        for _ in 0..9 {
            deep = obj(vec![("k", deep)]);
        }
        assert!(bad(deep)
            .message()
            .ends_with("nests objects more than 8 deep"));
        let big = obj(vec![("s", Value::String("x".repeat(10 * 1024)))]);
        assert_eq!(
            bad(big).message(),
            "metadata[2] is 10248 bytes as JSON; metadata is at most 10240 bytes per row"
        );
        assert!(Metadata::from_value("m", &Value::String("x".into())).is_err());
    }

    #[test]
    fn json_length_matches_what_json_stringify_writes() {
        // JSON.stringify({"a":1e21,"b":[" \"q\"\n"],"c":0.000001,"d":-1.5e-7,"e":true})
        // is {"a":1e+21,"b":[" \"q\"\n"],"c":0.000001,"d":-1.5e-7,"e":true}: 62 bytes.
        // And 1.25e+300, -0 (written 0), 123.5, 1e-300: as JS writes them.
        for (x, js) in [
            (1.25e300, "1.25e+300"),
            (-0.0, "0"),
            (123.5, "123.5"),
            (1e-300, "1e-300"),
            (2.5e-7, "2.5e-7"),
        ] {
            assert_eq!(number_len(x), js.len(), "{x}");
        }
        let v = obj(vec![
            ("a", Value::Number(1e21)),
            ("b", Value::Array(vec![Value::String(" \"q\"\n".into())])),
            ("c", Value::Number(0.000001)),
            ("d", Value::Number(-1.5e-7)),
            ("e", Value::Bool(true)),
        ]);
        assert_eq!(json_len(&v), 62);
    }
}
