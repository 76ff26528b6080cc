//! Rows' metadata as bytes, for the set file and change records. Every
//! number is little-endian:
//!
//! ```text
//! paths     u32 P, then P x (u32 length, UTF-8 dotted path)
//! rows      per row: u32 E, then E x (u32 path index, u8 kind, value)
//!             kind as in `column::kind` (1 null, 2 false, 3 true, 4 number,
//!             5 string, 6 string array, 7 empty object); value: a number is
//!             an f64, a string u32 length + UTF-8, an array u32 count then
//!             that many strings; the other kinds have none
//! ```
//!
//! A row lists its entries in path-table order, each path once, so rows
//! have one spelling (a set read back writes the same bytes). Reading
//! checks every index, kind, length, key and number and that order, so a
//! damaged or crafted section is an error, never a trap or a row that
//! breaks the store's invariants.

use super::column::kind;
use super::record::{check_key, Leaf, Metadata};
use crate::error::{Error, Result};
use crate::store::bytes::Reader;
use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

/// The metadata of `rows` as bytes; the path table lists `first` (in
/// that order, even paths no row holds), then the rest as they appear.
pub(crate) fn encode_rows(first: &[&str], rows: &[Metadata]) -> Vec<u8> {
    // Keyed like the set's id index (one BTreeMap instantiation fewer in the wasm).
    let mut paths: BTreeMap<String, usize> = BTreeMap::new();
    let mut order: Vec<&str> = Vec::new();
    let all = first.iter().copied().chain(
        rows.iter()
            .flat_map(|m| m.entries.iter().map(|(p, _)| p.as_str())),
    );
    for p in all {
        if !paths.contains_key(p) {
            paths.insert(String::from(p), order.len());
            order.push(p);
        }
    }
    let mut out = Vec::new();
    let text = |out: &mut Vec<u8>, s: &str| {
        out.extend_from_slice(&(s.len() as u32).to_le_bytes());
        out.extend_from_slice(s.as_bytes());
    };
    out.extend_from_slice(&(order.len() as u32).to_le_bytes());
    for p in &order {
        text(&mut out, p);
    }
    for m in rows {
        out.extend_from_slice(&(m.entries.len() as u32).to_le_bytes());
        // In path-table order (see the module docs).
        let at: Vec<f64> = m
            .entries
            .iter()
            .map(|(p, _)| paths.get(p).copied().unwrap_or(0) as f64)
            .collect();
        for k in crate::order::order_by(&at, false) {
            let Some((p, leaf)) = m.entries.get(k as usize) else {
                continue;
            };
            let i = paths.get(p).copied().unwrap_or(0) as u32;
            out.extend_from_slice(&i.to_le_bytes());
            match leaf {
                Leaf::Null => out.push(kind::NULL),
                Leaf::Bool(false) => out.push(kind::FALSE),
                Leaf::Bool(true) => out.push(kind::TRUE),
                Leaf::EmptyObject => out.push(kind::OBJECT),
                Leaf::Number(n) => {
                    out.push(kind::NUMBER);
                    out.extend_from_slice(&n.to_le_bytes());
                }
                Leaf::String(s) => {
                    out.push(kind::STRING);
                    text(&mut out, s);
                }
                Leaf::Strings(list) => {
                    out.push(kind::STRINGS);
                    out.extend_from_slice(&(list.len() as u32).to_le_bytes());
                    for s in list {
                        text(&mut out, s);
                    }
                }
            }
        }
    }
    out
}

/// Reads the metadata of `n` rows (see the module docs): the path table and
/// the rows. The bytes must end exactly where the last row does.
pub(crate) fn decode_rows(bytes: &[u8], n: usize) -> Result<(Vec<String>, Vec<Metadata>)> {
    let mut r = Reader::new(bytes, bad);
    let count = r.u32()? as usize;
    if count > bytes.len() / 4 {
        return Err(bad(format!(
            "it lists {count} paths in {} bytes",
            bytes.len()
        )));
    }
    let mut paths = Vec::with_capacity(count);
    let mut unique = BTreeMap::new();
    for i in 0..count {
        let p = r.text()?;
        for key in p.split('.') {
            check_key("a metadata path", key).map_err(|e| bad(String::from(e.message())))?;
        }
        if unique.insert(p.clone(), i).is_some() {
            return Err(bad(format!("it lists the path \"{p}\" twice")));
        }
        paths.push(p);
    }
    if n > bytes.len() / 4 {
        return Err(bad(format!("{n} rows cannot fit in {} bytes", bytes.len())));
    }
    let mut rows = Vec::with_capacity(n);
    for row in 0..n {
        let e = r.u32()? as usize;
        if e > count {
            return Err(bad(format!(
                "row {row} has {e} entries but there are {count} paths"
            )));
        }
        let mut m = Metadata::default();
        let mut last: Option<usize> = None;
        for _ in 0..e {
            let i = r.u32()? as usize;
            let Some(path) = paths.get(i) else {
                return Err(bad(format!("row {row} names path {i} of {count}")));
            };
            // Entries come in path order, each path once: one spelling per row.
            if last.is_some_and(|l| i <= l) {
                return Err(bad(format!(
                    "row {row} lists \"{path}\" out of order or twice"
                )));
            }
            last = Some(i);
            let leaf = match r.u8()? {
                kind::NULL => Leaf::Null,
                kind::FALSE => Leaf::Bool(false),
                kind::TRUE => Leaf::Bool(true),
                kind::OBJECT => Leaf::EmptyObject,
                kind::NUMBER => {
                    let x = f64::from_le_bytes(r.array()?);
                    if !x.is_finite() {
                        return Err(bad(format!("row {row}'s \"{path}\" is not finite")));
                    }
                    Leaf::Number(x)
                }
                kind::STRING => Leaf::String(r.text()?),
                kind::STRINGS => {
                    let k = r.u32()? as usize;
                    if k > (bytes.len() - r.pos) / 4 {
                        return Err(bad(format!("row {row}'s \"{path}\" claims {k} strings")));
                    }
                    let mut list = Vec::with_capacity(k);
                    for _ in 0..k {
                        list.push(r.text()?);
                    }
                    Leaf::Strings(list)
                }
                other => {
                    return Err(bad(format!(
                        "row {row}'s \"{path}\" has kind {other}, which does not exist"
                    )))
                }
            };
            m.entries.push((path.clone(), leaf));
        }
        rows.push(m);
    }
    if r.pos != bytes.len() {
        return Err(bad(format!(
            "{} bytes follow the last row",
            bytes.len() - r.pos
        )));
    }
    Ok((paths, rows))
}

fn bad(why: String) -> Error {
    Error::value(format!("its metadata is damaged: {why}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Value;

    #[test]
    fn rows_round_trip_and_damage_is_an_error() {
        let v = |s: &str| Value::String(s.into());
        let a = Metadata::from_value(
            "m",
            &Value::Object(alloc::vec![
                ("type".into(), v("Industry")),
                ("year".into(), Value::Number(2024.5)),
                ("tags".into(), Value::Array(alloc::vec![v("a"), v("b")])),
                ("ok".into(), Value::Bool(true)),
                ("none".into(), Value::Null),
            ]),
        )
        .unwrap();
        let rows = [a.clone(), Metadata::default(), a];
        let bytes = encode_rows(&["z"], &rows);
        let (paths, back) = decode_rows(&bytes, 3).unwrap();
        assert_eq!(back, rows);
        assert_eq!(paths, ["z", "type", "year", "tags", "ok", "none"]);
        assert!(decode_rows(&bytes, 2).is_err());
        for cut in 0..bytes.len() {
            assert!(decode_rows(&bytes[..cut], 3).is_err(), "cut at {cut}");
        }
    }
}
