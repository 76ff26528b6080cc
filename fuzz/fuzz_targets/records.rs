#![no_main]
// Change records under damage. The input drives a short history of writes
// to a small set (each recorded), then damages, truncates or reorders those
// records while replaying them onto a second set: every apply is an Ok or an
// Error, never a trap; a refused record leaves the set unchanged; and
// replaying any prefix of the true records gives the live set at that
// point, bit for bit. The input itself is also applied as a record.
use libfuzzer_sys::fuzz_target;
use simgate::{ChangeKind, Precision, VectorSet};

const D: usize = 8;

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
        let rec = match op[0] % 3 {
            0 => {
                if live.has(&id) {
                    continue;
                }
                let at = live.len();
                live.add_from(D, Some(vec![id]), Some(ns), |o, out| out.copy_from_slice(&row[o..o + out.len()]))
                    .unwrap();
                live.record(ChangeKind::Add, &[at], &[]).unwrap()
            }
            1 => {
                live.upsert(&row, vec![id.clone()], Some(ns)).unwrap();
                let at = live.row_of(&id).unwrap();
                live.record(ChangeKind::Upsert, &[at], &[]).unwrap()
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
