#![no_main]
// Change records under damage. The input drives a short history of writes
// to a small set (each recorded), then damages, truncates or reorders those
// records while replaying them onto a second set (writes carry metadata,
// and some change metadata alone): every apply is an Ok or an
// Error, never a trap; a refused record leaves the set unchanged; and
// replaying any prefix of the true records gives the live set at that
// point, bit for bit. The input itself is also applied as a record.
use libfuzzer_sys::fuzz_target;
use simgate::{ChangeKind, Metadata, Precision, Value, VectorSet};

const D: usize = 8;

/// Metadata from one byte: a type, sometimes a number, tags or a nested key.
fn meta(b: u8) -> Metadata {
    let s = |x: &str| Value::String(x.into());
    let mut e = vec![("type".to_string(), s(["A", "B", "C"][usize::from(b % 3)]))];
    if b & 8 != 0 {
        e.push(("n".into(), Value::Number(f64::from(b))));
    }
    if b & 16 != 0 {
        e.push(("tags".into(), Value::Array(vec![s("x"), s(["y", "z"][usize::from(b & 1)])])));
    }
    if b & 32 != 0 {
        e.push(("a".into(), Value::Object(vec![("b".into(), Value::Bool(b & 64 != 0))])));
    }
    Metadata::from_value("metadata", &Value::Object(e)).unwrap()
}

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let precisions: Vec<Precision> = Precision::ALL
        .into_iter()
        .enumerate()
        .filter(|(i, _)| (first % 7 + 1) & (1 << i) != 0)
        .map(|(_, p)| p)
        .collect();
    let mut live = VectorSet::with_options(D, &precisions, None).unwrap();
    let mut raw = live.clone();
    let _ = raw.apply(data);

    // A history: one write per 3 input bytes (op, id, value seed).
    let (script, damage) = rest.split_at(rest.len().min(48));
    let mut records = Vec::new();
    let mut states = vec![live.to_bytes()];
    for op in script.chunks_exact(3) {
        let id = format!("id{}", op[1] % 12);
        let ns = ["", "a", "b"][usize::from(op[1] / 12 % 3)];
        let row: Vec<f32> = (0..D)
            .map(|j| f32::from(op[2].wrapping_mul(j as u8 + 1) as i8) + 0.5)
            .collect();
        let m = [meta(op[2])];
        let rec = match op[0] % 4 {
            0 => {
                if live.has(&id) {
                    continue;
                }
                let at = live.len();
                let with = (op[0] & 4 != 0).then_some(&m[..]);
                live.add_with(D, Some(vec![id]), Some(ns), with, |o, out| out.copy_from_slice(&row[o..o + out.len()]))
                    .unwrap();
                live.record(ChangeKind::Add, &[at], &[]).unwrap()
            }
            1 => {
                live.upsert_with(D, vec![id.clone()], Some(ns), Some(&m), |o, out| out.copy_from_slice(&row[o..o + out.len()]))
                    .unwrap();
                let at = live.row_of(&id).unwrap();
                live.record(ChangeKind::Upsert, &[at], &[]).unwrap()
            }
            2 => {
                if !live.has(&id) {
                    continue;
                }
                live.set_metadata(&[id.clone()], &m).unwrap();
                let at = live.row_of(&id).unwrap();
                live.record(ChangeKind::Metadata, &[at], &[]).unwrap()
            }
            _ => {
                live.remove(&[id.clone()]);
                live.record(ChangeKind::Remove, &[], &[id]).unwrap()
            }
        };
        records.push(rec);
        states.push(live.to_bytes());
    }

    // Damaged replays: (record index, byte, how) triples.
    let mut replay = VectorSet::with_options(D, &precisions, None).unwrap();
    for hit in damage.chunks_exact(3) {
        if records.is_empty() {
            break;
        }
        let i = usize::from(hit[0]) % records.len();
        let mut rec = records[i].clone();
        match hit[2] % 3 {
            0 => {
                let at = usize::from(hit[1]) % rec.len();
                rec[at] ^= 1 << (hit[2] % 8);
            }
            1 => rec.truncate(usize::from(hit[1]) % rec.len()),
            _ => rec = records[usize::from(hit[1]) % records.len()].clone(),
        }
        let before = replay.to_bytes();
        match replay.apply(&rec) {
            Ok(true) => {
                // Only an intact record in order applies: the state is the live one's.
                let v = replay.version() as usize;
                assert_eq!(replay.to_bytes(), states[v], "record {i} applied as version {v}");
            }
            Ok(false) => assert_eq!(replay.to_bytes(), before),
            Err(_) => assert_eq!(replay.to_bytes(), before, "a refused record changed the set"),
        }
    }
    // Whatever happened, the true records bring it to the live set.
    for rec in &records {
        replay.apply(rec).unwrap();
    }
    assert_eq!(replay.to_bytes(), live.to_bytes());
});
