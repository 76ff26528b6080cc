//! Change records on the bundled MiniLM embeddings: a set rebuilt from a
//! snapshot and the records after it equals the live set byte for byte,
//! at every precision; replay is idempotent; gaps, mismatches and damage
//! are errors that leave the set unchanged.

mod sample;

use sample::read_f32;
use simgate::{Change, ChangeKind, Metadata, Precision, Value, VectorSet};

const D: usize = 384;

/// A seeded xorshift, printed on failure so a run can be replayed.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Random metadata: a type, a year, tags and a nested author, each present
/// or not (half the rows of a write get none at all).
fn random_meta(rng: &mut Rng) -> Metadata {
    let s = |x: &str| Value::String(x.into());
    let mut entries = Vec::new();
    if rng.below(3) > 0 {
        entries.push((
            "type".into(),
            s(["Industry", "Persona", "Skill"][rng.below(3)]),
        ));
    }
    if rng.below(2) == 0 {
        entries.push(("year".into(), Value::Number(2000.0 + rng.below(25) as f64)));
    }
    if rng.below(2) == 0 {
        let tags = (0..rng.below(4))
            .map(|i| s(&format!("t{}", i + rng.below(5))))
            .collect();
        entries.push(("tags".into(), Value::Array(tags)));
    }
    if rng.below(4) == 0 {
        entries.push((
            "author".into(),
            Value::Object(vec![("id".into(), Value::Number(rng.below(9) as f64))]),
        ));
    }
    Metadata::from_value("metadata", &Value::Object(entries)).unwrap()
}

/// One recorded write on `live`: what a Durable Object would do per request.
fn random_write(live: &mut VectorSet, rows: &[f32], rng: &mut Rng, next_id: &mut usize) -> Vec<u8> {
    let pick = |rng: &mut Rng| {
        let r = rng.below(rows.len() / D);
        rows[r * D..(r + 1) * D].to_vec()
    };
    let namespaces = ["", "tenant-a", "tenant-b"];
    let ns = namespaces[rng.below(3)];
    let ns = (!ns.is_empty()).then_some(ns);
    if *next_id > 0 && rng.below(5) == 0 {
        // Metadata alone, on ids the set holds.
        let ids: Vec<String> = (0..*next_id)
            .map(|i| format!("e{i}"))
            .filter(|id| live.has(id))
            .take(1 + rng.below(3))
            .collect();
        let meta: Vec<Metadata> = ids.iter().map(|_| random_meta(rng)).collect();
        live.set_metadata(&ids, &meta).unwrap();
        let at: Vec<usize> = ids.iter().map(|id| live.row_of(id).unwrap()).collect();
        return live.record(ChangeKind::Metadata, &at, &[]).unwrap();
    }
    match rng.below(4) {
        0 => {
            let n = 1 + rng.below(3);
            let mut v = Vec::new();
            let mut ids = Vec::new();
            for _ in 0..n {
                v.extend(pick(rng));
                ids.push(format!("e{}", *next_id));
                *next_id += 1;
            }
            let before = live.len();
            let meta: Vec<Metadata> = (0..n).map(|_| random_meta(rng)).collect();
            let with = rng.below(2) == 0;
            live.add_with(
                v.len(),
                Some(ids),
                ns,
                with.then_some(&meta[..]),
                |o, out| out.copy_from_slice(&v[o..o + out.len()]),
            )
            .unwrap();
            let at: Vec<usize> = (before..live.len()).collect();
            live.record(ChangeKind::Add, &at, &[]).unwrap()
        }
        1 | 2 => {
            // Upsert: an existing id half the time.
            let id = if *next_id > 0 && rng.below(2) == 0 {
                format!("e{}", rng.below(*next_id))
            } else {
                *next_id += 1;
                format!("e{}", *next_id - 1)
            };
            let v = pick(rng);
            let meta = [random_meta(rng)];
            live.upsert_with(v.len(), vec![id.clone()], ns, Some(&meta), |o, out| {
                out.copy_from_slice(&v[o..o + out.len()])
            })
            .unwrap();
            let at = [live.row_of(&id).unwrap()];
            live.record(ChangeKind::Upsert, &at, &[]).unwrap()
        }
        _ => {
            let ids: Vec<String> = (0..1 + rng.below(2))
                .map(|_| format!("e{}", rng.below((*next_id).max(1))))
                .collect();
            live.remove(&ids);
            live.record(ChangeKind::Remove, &[], &ids).unwrap()
        }
    }
}

fn precisions_under_test() -> Vec<Vec<Precision>> {
    vec![
        vec![Precision::F32],
        vec![Precision::I8],
        vec![Precision::B1, Precision::I8],
        vec![Precision::F32, Precision::I8, Precision::B1],
    ]
}

#[test]
fn a_snapshot_and_the_records_after_it_give_the_live_set_bit_for_bit() {
    let rows = read_f32("emb_a.f32");
    for precisions in precisions_under_test() {
        for seed in [1u64, 7, 42] {
            let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
            let mut live = VectorSet::with_options(D, &precisions, Some("minilm")).unwrap();
            let mut records = Vec::new();
            let mut next_id = 0;
            let mut snapshots = vec![(0usize, live.to_bytes())];
            for step in 0..300 {
                records.push(random_write(&mut live, &rows, &mut rng, &mut next_id));
                assert_eq!(live.version(), step as u64 + 1);
                if step % 97 == 0 {
                    snapshots.push((records.len(), live.to_bytes()));
                }
            }
            let want = live.to_bytes();
            for (taken_after, snapshot) in &snapshots {
                let mut replay = VectorSet::from_bytes(snapshot).unwrap();
                assert_eq!(replay.version(), *taken_after as u64);
                // Every record, from the first: those in the snapshot are skipped.
                for (i, rec) in records.iter().enumerate() {
                    let applied = replay.apply(rec).unwrap();
                    assert_eq!(applied, i >= *taken_after, "seed {seed}, record {i}");
                }
                assert_eq!(
                    replay.to_bytes(),
                    want,
                    "seed {seed}, {precisions:?}, snapshot after {taken_after} records"
                );
                // Again: idempotent.
                for rec in &records {
                    assert!(!replay.apply(rec).unwrap());
                }
                assert_eq!(replay.to_bytes(), want);
            }
        }
    }
}

#[test]
fn a_one_row_record_costs_the_row_not_the_set() {
    let rows = read_f32("emb_a.f32");
    let mut live = VectorSet::with_options(D, &[Precision::I8], None).unwrap();
    let ids: Vec<String> = (0..1000).map(|i| format!("row-{i}")).collect();
    live.add(&rows[..1000 * D], Some(ids)).unwrap();
    live.upsert(&rows[5 * D..6 * D], vec!["row-17".into()], Some("t"))
        .unwrap();
    let rec = live.record(ChangeKind::Upsert, &[17], &[]).unwrap();
    // 384 i8 values, 4 blocks of scales and norms, the id, the headers.
    assert!(rec.len() < 1024, "{} bytes", rec.len());
    assert!(rec.len() > D, "{} bytes", rec.len());
    let change = Change::from_bytes(&rec).unwrap();
    assert_eq!(
        (change.kind(), change.seq(), change.len()),
        (ChangeKind::Upsert, 2, 1)
    );
    let gone = live
        .record(ChangeKind::Remove, &[], &["row-3".into()])
        .unwrap();
    assert!(gone.len() < 80, "{} bytes", gone.len());
}

#[test]
fn gaps_mismatches_and_damage_are_errors_and_the_set_is_unchanged() {
    let rows = read_f32("emb_b.f32");
    let mut live = VectorSet::with_options(D, &[Precision::I8], None).unwrap();
    let mut records = Vec::new();
    for i in 0..3 {
        live.upsert(&rows[i * D..(i + 1) * D], vec![format!("x{i}")], None)
            .unwrap();
        records.push(live.record(ChangeKind::Upsert, &[i], &[]).unwrap());
    }
    let mut replay = VectorSet::with_options(D, &[Precision::I8], None).unwrap();
    let before = replay.to_bytes();
    let err = replay.apply(&records[1]).unwrap_err();
    assert_eq!(
        err.message(),
        "the change record is seq 2, but the set is at version 0: records 1..=1 are missing"
    );
    assert_eq!(replay.to_bytes(), before);

    let mut other = VectorSet::with_options(D, &[Precision::F32], None).unwrap();
    let err = other.apply(&records[0]).unwrap_err();
    assert_eq!(
        err.message(),
        "the change record is for 384 dims at i8, but the set has 384 dims at f32"
    );

    // Every single-byte change and every truncation is refused.
    let rec = &records[0];
    for at in 0..rec.len() {
        let mut bad = rec.clone();
        bad[at] ^= 0x20;
        assert!(
            replay.apply(&bad).is_err(),
            "byte {at} flipped was accepted"
        );
        assert!(
            replay.apply(&rec[..at]).is_err(),
            "truncated at {at} was accepted"
        );
    }
    assert_eq!(replay.to_bytes(), before);
    assert_eq!(
        replay.apply(&rec[..rec.len() - 1]).unwrap_err().message(),
        format!(
            "the change record is damaged: its header describes {} bytes, but it has {}",
            rec.len(),
            rec.len() - 1
        )
    );
    assert_eq!(
        replay.apply(b"not a record at all, just some bytes").unwrap_err().message(),
        "not a simgate change record: it does not start with \"SIMGCHG\" (records come from add, upsert or remove with record: true)"
    );
    // In order, every record applies.
    for rec in &records {
        assert!(replay.apply(rec).unwrap());
    }
    assert_eq!(replay.to_bytes(), live.to_bytes());
}

#[test]
fn set_files_keep_the_version() {
    let rows = read_f32("emb_a.f32");
    let mut set = VectorSet::with_options(D, &[Precision::I8], None).unwrap();
    set.add(&rows[..10 * D], None).unwrap();
    set.remove(&["nothing".into()]);
    assert_eq!(set.version(), 2);
    let loaded = VectorSet::from_bytes(&set.to_bytes()).unwrap();
    assert_eq!(loaded.version(), 2);
}
