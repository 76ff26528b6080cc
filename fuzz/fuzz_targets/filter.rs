#![no_main]
// Filters from arbitrary bytes. The input builds a JSON-like filter tree
// (any operator, key, value or shape, valid or not) and metadata for 70
// rows; parsing is an Ok or an Error, never a trap; a filter that parses is
// evaluated over the rows' columns (the word-at-a-time scans, the sparse
// $and path) and must agree with the same filter applied to each row's
// metadata alone; a filtered top-k returns exactly the passing rows.
use libfuzzer_sys::fuzz_target;
use simgate::{Filter, Metadata, Scratch, Search, Value, VectorSet};

/// Reads the input a byte at a time (zeros once it runs out).
struct Bytes<'a>(&'a [u8]);
impl Bytes<'_> {
    fn next(&mut self) -> u8 {
        let Some((&b, rest)) = self.0.split_first() else {
            return 0;
        };
        self.0 = rest;
        b
    }
}

const KEYS: [&str; 8] = ["type", "year", "tags", "a.b", "a", "$and", "$or", "$not"];
const OPS: [&str; 11] = ["$eq", "$ne", "$in", "$nin", "$lt", "$lte", "$gt", "$gte", "$exists", "$regex", "x"];
const WORDS: [&str; 6] = ["A", "B", "", "é", "😀", "ｱ"];

fn scalar(b: &mut Bytes) -> Value {
    match b.next() % 7 {
        0 => Value::Null,
        1 => Value::Bool(b.next() % 2 == 0),
        2 => Value::Number(f64::from(b.next() % 8) - 2.0),
        3 => Value::Number([f64::NAN, f64::INFINITY, -0.0, 1e300][usize::from(b.next() % 4)]),
        4 | 5 => Value::String(WORDS[usize::from(b.next()) % WORDS.len()].into()),
        _ => Value::Array((0..b.next() % 3).map(|_| scalar(b)).collect()),
    }
}

fn node(b: &mut Bytes, depth: u8) -> Value {
    let n = b.next() % 3;
    let mut entries = Vec::new();
    for _ in 0..n.max(u8::from(depth == 0)) {
        let key = KEYS[usize::from(b.next()) % KEYS.len()];
        let value = match key {
            "$and" | "$or" if depth < 4 => Value::Array((0..b.next() % 3).map(|_| node(b, depth + 1)).collect()),
            "$not" if depth < 4 => node(b, depth + 1),
            _ if b.next() % 2 == 0 => scalar(b),
            _ => Value::Object(
                (0..b.next() % 3)
                    .map(|_| (OPS[usize::from(b.next()) % OPS.len()].to_string(), scalar(b)))
                    .collect(),
            ),
        };
        entries.push((key.to_string(), value));
    }
    Value::Object(entries)
}

fn meta(b: &mut Bytes) -> Metadata {
    let mut e = Vec::new();
    for key in ["type", "year", "tags"] {
        if b.next() % 4 != 0 {
            let v = scalar(b);
            let ok = match &v {
                Value::Number(x) => x.is_finite(),
                Value::Array(xs) => xs.iter().all(|x| matches!(x, Value::String(_))),
                _ => true,
            };
            if ok {
                e.push((key.to_string(), v));
            }
        }
    }
    match b.next() % 4 {
        0 => e.push(("a".into(), Value::Object(vec![("b".into(), scalar(b).clone())]))),
        1 => e.push(("a".into(), Value::Object(Vec::new()))),
        _ => {}
    }
    Metadata::from_value("m", &Value::Object(e)).unwrap_or_default()
}

fuzz_target!(|data: &[u8]| {
    let mut b = Bytes(data);
    let tree = node(&mut b, 0);
    let rows: Vec<Metadata> = (0..70).map(|_| meta(&mut b)).collect();
    let Ok(filter) = Filter::from_value("filter", &tree) else {
        return;
    };
    let mut set = VectorSet::new(2).unwrap();
    let vectors: Vec<f32> = (0..rows.len()).flat_map(|i| [1.0, i as f32 * 0.01]).collect();
    set.add_with_metadata(&vectors, None, None, &rows).unwrap();
    let want: Vec<usize> = (0..rows.len()).filter(|&i| filter.passes(&rows[i])).collect();
    let search = Search { filter: Some(&filter), ..Search::default() };
    let mut scratch = Scratch::default();
    let mut got: Vec<usize> = set
        .top_k_with(&[1.0, 0.0], rows.len(), None, &search, &mut scratch)
        .unwrap()
        .into_iter()
        .map(|m| m.index)
        .collect();
    got.sort_unstable();
    assert_eq!(got, want, "{tree:?}");
});
