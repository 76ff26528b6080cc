//! Filters on hand-made rows: each rule of `eval`'s docs, once.

use super::Filter;
use crate::store::{Metadata, VectorSet};
use crate::value::Value;
use alloc::string::String;
use alloc::string::ToString;
use alloc::vec::Vec;

/// A tiny JSON reader for test literals (objects, arrays, strings without
/// escapes, numbers, true/false/null).
fn json(s: &str) -> Value {
    fn skip(b: &[u8], i: &mut usize) {
        while *i < b.len() && (b[*i] as char).is_whitespace() {
            *i += 1;
        }
    }
    fn val(b: &[u8], i: &mut usize) -> Value {
        skip(b, i);
        match b[*i] {
            b'{' => {
                *i += 1;
                let mut out = Vec::new();
                loop {
                    skip(b, i);
                    if b[*i] == b'}' {
                        *i += 1;
                        return Value::Object(out);
                    }
                    let Value::String(k) = val(b, i) else {
                        panic!("key")
                    };
                    skip(b, i);
                    *i += 1; // :
                    let v = val(b, i);
                    out.push((k, v));
                    skip(b, i);
                    if b[*i] == b',' {
                        *i += 1;
                    }
                }
            }
            b'[' => {
                *i += 1;
                let mut out = Vec::new();
                loop {
                    skip(b, i);
                    if b[*i] == b']' {
                        *i += 1;
                        return Value::Array(out);
                    }
                    out.push(val(b, i));
                    skip(b, i);
                    if b[*i] == b',' {
                        *i += 1;
                    }
                }
            }
            b'"' => {
                let start = *i + 1;
                *i = start;
                while b[*i] != b'"' {
                    *i += 1;
                }
                *i += 1;
                Value::String(String::from_utf8(b[start..*i - 1].to_vec()).unwrap())
            }
            b't' => {
                *i += 4;
                Value::Bool(true)
            }
            b'f' => {
                *i += 5;
                Value::Bool(false)
            }
            b'n' => {
                *i += 4;
                Value::Null
            }
            _ => {
                let start = *i;
                while *i < b.len() && b"-+.eE0123456789".contains(&b[*i]) {
                    *i += 1;
                }
                Value::Number(
                    core::str::from_utf8(&b[start..*i])
                        .unwrap()
                        .parse()
                        .unwrap(),
                )
            }
        }
    }
    val(s.as_bytes(), &mut 0)
}

fn set() -> VectorSet {
    let rows = [
        r#"{"type": "Industry", "year": 2020, "tags": ["a", "b"], "author": {"id": 7}}"#,
        r#"{"type": "Persona", "year": 2024, "tags": ["b"], "flag": true}"#,
        r#"{"type": "Industry", "year": "2022", "flag": false, "n": null}"#,
        r#"{}"#,
        r#"{"type": ["Industry", "Persona"], "year": 2021.5, "author": {}}"#,
    ];
    let meta: Vec<Metadata> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| Metadata::from_value(&alloc::format!("m{i}"), &json(r)).unwrap())
        .collect();
    let mut s = VectorSet::new(2).unwrap();
    let v: Vec<f32> = (0..rows.len()).flat_map(|i| [1.0, i as f32]).collect();
    s.add_with_metadata(&v, None, None, &meta).unwrap();
    s
}

fn rows(s: &VectorSet, f: &str) -> Vec<usize> {
    let f = Filter::from_value("filter", &json(f)).unwrap();
    f.rows(&s.meta).iter().collect()
}

#[test]
fn each_rule_once() {
    let s = set();
    // A plain value is $eq; an array key holding it matches.
    assert_eq!(rows(&s, r#"{"type": "Industry"}"#), [0, 2, 4]);
    // $ne: rows without the key, or with another type, match.
    assert_eq!(rows(&s, r#"{"type": {"$ne": "Industry"}}"#), [1, 3]);
    assert_eq!(rows(&s, r#"{"year": {"$ne": 2020}}"#), [1, 2, 3, 4]);
    // Ranges see only their own type: "2022" is a string.
    assert_eq!(rows(&s, r#"{"year": {"$gte": 2021}}"#), [1, 4]);
    assert_eq!(rows(&s, r#"{"year": {"$gt": "2021"}}"#), [2]);
    assert_eq!(rows(&s, r#"{"year": {"$gte": 2020, "$lt": 2022}}"#), [0, 4]);
    // $in / $nin over mixed types; $in: [] passes nothing, $nin: [] everything.
    assert_eq!(rows(&s, r#"{"year": {"$in": [2020, "2022"]}}"#), [0, 2]);
    assert_eq!(rows(&s, r#"{"year": {"$nin": [2020, "2022"]}}"#), [1, 3, 4]);
    assert!(rows(&s, r#"{"year": {"$in": []}}"#).is_empty());
    assert_eq!(rows(&s, r#"{"year": {"$nin": []}}"#), [0, 1, 2, 3, 4]);
    // Arrays: $eq holds, $nin shares none, an array operand is the same array.
    assert_eq!(rows(&s, r#"{"tags": "b"}"#), [0, 1]);
    assert_eq!(rows(&s, r#"{"tags": {"$nin": ["a"]}}"#), [1, 2, 3, 4]);
    assert_eq!(rows(&s, r#"{"tags": ["a", "b"]}"#), [0]);
    assert!(rows(&s, r#"{"tags": ["b", "a"]}"#).is_empty());
    // Dotted keys; $exists sees null, nested keys and {}.
    assert_eq!(rows(&s, r#"{"author.id": 7}"#), [0]);
    assert_eq!(rows(&s, r#"{"author": {"$exists": true}}"#), [0, 4]);
    assert_eq!(rows(&s, r#"{"n": {"$exists": true}}"#), [2]);
    assert_eq!(rows(&s, r#"{"n": null}"#), [2]);
    assert_eq!(rows(&s, r#"{"flag": {"$exists": false}}"#), [0, 3, 4]);
    assert_eq!(rows(&s, r#"{"flag": false}"#), [2]);
    // A key no row has: nothing equals it, everything differs from it.
    assert!(rows(&s, r#"{"nope": 1}"#).is_empty());
    assert_eq!(rows(&s, r#"{"nope": {"$ne": 1}}"#).len(), 5);
    // $and / $or / $not, and several keys AND together.
    assert_eq!(
        rows(&s, r#"{"type": "Industry", "year": {"$lt": 2021}}"#),
        [0]
    );
    assert_eq!(
        rows(&s, r#"{"$or": [{"flag": true}, {"tags": "a"}]}"#),
        [0, 1]
    );
    assert_eq!(rows(&s, r#"{"$not": {"type": "Industry"}}"#), [1, 3]);
    assert_eq!(
        rows(
            &s,
            r#"{"$and": [{"type": "Industry"}, {"$not": {"tags": "a"}}]}"#
        ),
        [2, 4]
    );
}

#[test]
fn mistakes_name_their_path() {
    let bad = |f: &str| {
        Filter::from_value("filter", &json(f))
            .unwrap_err()
            .message()
            .to_string()
    };

    assert_eq!(
        bad(r#"{}"#),
        "filter is an empty object; leave the filter out to search every row"
    );
    assert_eq!(
        bad(r#"{"year": {"$gte": true}}"#),
        "filter.year.$gte must be a number or a string (ranges compare numbers with numbers and strings with strings), got true"
    );
    assert_eq!(
        bad(r#"{"year": {"$in": 5}}"#),
        "filter.year.$in must be an array of strings, numbers, booleans or null, got 5"
    );
    assert_eq!(
        bad(r#"{"year": {"$regex": "x"}}"#),
        "filter.year has an unknown operator \"$regex\"; expected one of: $eq, $ne, $in, $nin, $lt, $lte, $gt, $gte, $exists"
    );
    assert!(bad(r#"{"$or": []}"#).starts_with("filter.$or is an empty array"));
    assert!(bad(r#"{"$or": [{"a": 1}, {"b": {"$lt": null}}]}"#)
        .starts_with("filter.$or[1].b.$lt must be"));
    assert!(bad(r#"{"author": {"id": 7}}"#).contains("(\"author.id\")"));
    assert!(
        bad(r#"{"a..b": 1}"#).starts_with("filter: the path \"a..b\" has a key \"\" that is empty")
    );
    assert!(bad(r#"{"$nor": []}"#).contains("unknown operator \"$nor\""));
    assert!(bad(r#"{"t": {"$eq": {"x": 1}}}"#).contains("filter.t.$eq must be"));
}
