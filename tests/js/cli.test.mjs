// The `simgate` CLI (pkg/cli.js): output numbers equal the library's, the
// files it writes load, bad rows name their line and column, every command
// has --help, and large inputs show a progress bar.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Monitor, SemanticCache, Thresholds, VectorSet, calibrate, noiseFloor } from 'simgate';
import { escapeRegExp, readF32 } from './support/files.mjs';

const cli = new URL('../../pkg/cli.js', import.meta.url).pathname;
const run = (...args) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
const tmp = mkdtempSync(join(tmpdir(), 'simgate-cli-'));
const data = 'data/stsb-dev-minilm/scores.csv';

test('calibrate prints the library\'s numbers and writes a loadable config and a report', () => {
  const out = join(tmp, 'thresholds.json'), report = join(tmp, 'report.html');
  const r = run('calibrate', data, '--score', 'cos_full', '--class', 'class_id', '--class-names', 'captions,news,forum',
    '--prefix-columns', 'cos_p64,cos_p128,cos_p256', '--full-dims', '384', '--target-precision', '0.9', '--bootstrap', '200', '--out', out, '--report', report);
  assert.equal(r.status, 0, r.stderr);
  const bytes = (f) => readFileSync(new URL(`../../data/stsb-dev-minilm/${f}`, import.meta.url));
  const cal = calibrate(readF32(new URL('../../data/stsb-dev-minilm/cos_full.f32', import.meta.url)), new Uint8Array(bytes('label.u8')));
  assert.match(r.stdout, new RegExp(`F1-optimal\\s+${escapeRegExp(cal.best().threshold.toFixed(4))}\\s+${escapeRegExp(cal.best().precision.toFixed(3))}`));
  assert.match(r.stdout, new RegExp(`AUC ${escapeRegExp(cal.auc().toFixed(4))}`));
  assert.match(r.stdout, /news\s+0\.8178/);
  assert.match(r.stdout, /64\s+0\.8252\s+\+0\.0193/);
  const config = JSON.parse(readFileSync(out, 'utf8'));
  const t = new Thresholds(config);
  // The CSV holds shortest decimals of float32 scores; the CLI reads the
  // decimals, the library above got the float32 values.
  assert.ok(Math.abs(t.resolve().value - cal.atPrecision(0.9).threshold) < 1e-6);
  // forum has 15 same pairs: it keeps the default, and the CLI says so.
  assert.equal(t.resolve({ type: 'forum' }).source, 'default');
  assert.match(r.stdout, /warning: class "forum" has 15 same pairs/);
  assert.equal(t.resolve({ type: 'news' }).source, 'type');
  // The CLI writes exactly what the library's toConfig derives from the same data.
  const rowsCsv = readFileSync(data, 'utf8').trim().split('\n').map((l) => l.split(','));
  const col = (name) => rowsCsv.slice(1).map((r) => Number(r[rowsCsv[0].indexOf(name)]));
  const names = ['captions', 'news', 'forum'];
  const lib = calibrate(Float64Array.from(col('cos_full')), Uint8Array.from(col('label')), { classes: col('class_id').map((c) => names[c]) });
  const libConfig = lib.toConfig({ target: { precision: 0.9 }, prefixes: [64, 128, 256].map((dims) => ({ dims, scores: Float64Array.from(col(`cos_p${dims}`)) })), fullDims: 384 });
  assert.deepEqual(config, libConfig);
  lib.free();
  assert.ok(Math.abs(t.resolve({ dims: 64 }).value - (cal.atPrecision(0.9).threshold + config.dimensionAdjustment.table['64'])) < 1e-9);
  const html = readFileSync(report, 'utf8');
  assert.equal((html.match(/<svg /g) ?? []).length, 5, 'histogram, PR, 2 x reliability, prefixes');
  assert.ok(!/<script/i.test(html), 'self-contained, no scripts');
  cal.free();
});

test('explain prints band, decision and the sentence', () => {
  const out = join(tmp, 't.json');
  writeFileSync(out, JSON.stringify({ types: { Industry: 0.78 }, dimensionAdjustment: { table: { 256: -0.02 } } }));
  const r = run('explain', '--config', out, '--type', 'Industry', '--dims', '256', '--score', '0.77');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^threshold 0\.76 \(type, dimensions -0\.02\)\nband {6}medium\ndecision  match\nThreshold 0\.76 for Industry \(type threshold 0\.78, lowered 0\.02 for 256 of 768 dims\): the only candidate matches/);
  const p = run('explain', '--config', 'strict', '--spec', '<~Person', '--score', '0.5');
  assert.match(p.stdout, /decision {2}none/);
});

test('bad rows and bad options name the line, column or option', () => {
  const bad = join(tmp, 'bad.csv');
  writeFileSync(bad, 'score,label\n0.9,1\n0.8,yes\n');
  let r = run('calibrate', bad);
  assert.equal(r.status, 2);
  assert.equal(r.stderr, `simgate: ${bad}:3, column "label": cannot read "yes"\n`);
  writeFileSync(bad, 'score,label\n0.9,1\nNaN,0\n');
  assert.equal(run('calibrate', bad).stderr, `simgate: ${bad}:3, column "score": cannot read "NaN"\n`);
  writeFileSync(bad, 'score,label\n0.9,1,7\n');
  assert.equal(run('calibrate', bad).stderr, `simgate: ${bad}:2: expected 2 columns (score, label), found 3\n`);
  writeFileSync(bad, 'score,label\n0.9,1\n0.8,1\n');
  r = run('calibrate', bad);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /needs both classes, but there is no negative \(label 0\) pair/);
  assert.equal(run('calibrate', data, '--bogus', '1').stderr, 'simgate: unknown option --bogus\n');
  assert.match(run('calibrate', data, '--target-precision', '2').stderr, /--target-precision must be a number >= 1e-9 and <= 1, got "2"/);
  assert.match(run('frobnicate').stderr, /unknown command "frobnicate"/);
});

test('--help for every command', () => {
  for (const args of [['--help'], ['calibrate', '--help'], ['explain', '--help'], ['pack', '--help'], ['monitor', '--help'], ['check', '--help'], ['token', '--help']]) {
    const r = run(...args);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /Usage|simgate (calibrate|explain|pack|monitor|check|token)/);
  }
});

test('JSONL input, embedding pairs, and a progress bar past 100,000 rows', () => {
  const jsonl = join(tmp, 'pairs.jsonl');
  const lines = [];
  for (let i = 0; i < 200; i++) {
    const same = i % 3 === 0;
    const a = [1, (i % 7) / 7, 0.5, 0.1];
    const b = same ? [1, (i % 7) / 7 + 0.05, 0.45, 0.1] : [0.2, 1 - (i % 5) / 5, -0.5, 0.9];
    lines.push(JSON.stringify({ a, b, label: same ? 1 : 0 }));
  }
  writeFileSync(jsonl, lines.join('\n'));
  let r = run('calibrate', jsonl, '--dims', '4', '--prefixes', '2', '--bootstrap', '0');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /prefix dims\s+threshold/);
  const big = join(tmp, 'big.csv');
  const rows = ['score,label'];
  for (let i = 0; i < 150_000; i++) rows.push(`${((i * 7919) % 1000) / 1000},${i % 4 === 0 ? 1 : 0}`);
  writeFileSync(big, rows.join('\n'));
  r = run('calibrate', big, '--bootstrap', '0');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /reading big\.csv \[#+\] 100%/);
});

test('pack: JSONL (with namespaces) and raw float32 rows into a set file that fromBytes loads', async () => {
  const { VectorSet } = await import('simgate');
  const dims = 8;
  const vec = (i) => Array.from({ length: dims }, (_, j) => Math.sin(i * 7 + j) + (j === i % dims ? 1 : 0));
  const jsonl = join(tmp, 'embeddings.jsonl');
  const n = 120_000; // past 100,000 lines: a progress bar
  const lines = [];
  for (let i = 0; i < n; i++) lines.push(JSON.stringify({ id: `doc-${i}`, embedding: vec(i), namespace: i % 2 ? 'odd' : 'even' }));
  writeFileSync(jsonl, `${lines.join('\n')}\n`);
  const out = join(tmp, 'set.bin');
  const r = run('pack', jsonl, '--out', out, '--precision', 'b1,i8', '--model', 'test-model');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`wrote .*set.bin: ${n.toLocaleString('en')} rows of ${dims} dims \\(i8, b1, model test-model\\)`));
  assert.match(r.stderr, /packing embeddings.jsonl \[#+\] 100%/);
  const set = VectorSet.fromBytes(readFileSync(out));
  assert.equal(set.length, n);
  assert.equal(set.model, 'test-model');
  assert.deepEqual(set.precisions, ['i8', 'b1']);
  // The same rows built in JS give the same scores.
  const direct = new VectorSet(dims, { precisions: ['i8', 'b1'] });
  for (const ns of ['even', 'odd']) {
    const idx = [...Array(n).keys()].filter((i) => (i % 2 ? 'odd' : 'even') === ns);
    direct.add(new Float32Array(idx.flatMap(vec)), idx.map((i) => `doc-${i}`), { namespace: ns });
  }
  const q = new Float32Array(vec(5));
  assert.deepEqual(set.topK(q, 3, { namespace: 'odd' }).map((m) => m.id), direct.topK(q, 3, { namespace: 'odd' }).map((m) => m.id));
  assert.equal(set.topK(q, 1, { namespace: 'odd' })[0].id, 'doc-5');
  set.free();
  direct.free();

  // Raw float32 rows with --dims and an ids file.
  const raw = join(tmp, 'rows.f32'), ids = join(tmp, 'ids.txt');
  writeFileSync(raw, Buffer.from(new Float32Array([1, 0, 0, 0, 1, 0]).buffer));
  writeFileSync(ids, 'a\nb\n');
  assert.equal(run('pack', raw, '--dims', '3', '--ids', ids, '--out', out).status, 0);
  const small = VectorSet.fromBytes(readFileSync(out));
  assert.deepEqual(small.topK(new Float32Array([0, 1, 0]), 1).map((m) => m.id), ['b']);
  assert.deepEqual(small.precisions, ['i8']);
  small.free();

  // Bad input is named by line.
  const bad = join(tmp, 'bad.jsonl');
  writeFileSync(bad, `${JSON.stringify({ id: 'x', embedding: [1, 2] })}\n{"id": "y", "embedding": [1, "a"]}\n`);
  let e = run('pack', bad, '--out', out);
  assert.equal(e.status, 2);
  assert.equal(e.stderr, `simgate: ${bad}:2: embedding[1] is "a"; only finite numbers are allowed\n`);
  writeFileSync(bad, `${JSON.stringify({ id: 'x', embedding: [1, 2] })}\n${JSON.stringify({ id: 'x', embedding: [2, 1] })}\n`);
  e = run('pack', bad, '--out', out);
  assert.equal(e.stderr, `simgate: ${bad}:2: the id "x" appears twice; ids are unique within a set\n`);
  writeFileSync(bad, `${JSON.stringify({ id: 'x', embedding: [1, 2] })}\n${JSON.stringify({ id: 'y', embedding: [2, 1, 0] })}\n`);
  e = run('pack', bad, '--out', out);
  assert.equal(e.stderr, `simgate: ${bad}:2: the embedding has 3 values; the first row had 2\n`);
  e = run('pack', jsonl, '--out', out, '--precision', 'f16');
  assert.equal(e.status, 2);
  assert.match(e.stderr, /precisions\[0\] must be "f32", "i8" or "b1", got "f16"/);
  assert.match(run('pack', '--help').stdout, /simgate pack FILE --out set.bin/);

  // Metadata rides along: filters and metadata(id) read it from the file.
  const withMeta = join(tmp, 'meta.jsonl');
  writeFileSync(withMeta, [0, 1, 2, 3].map((i) => JSON.stringify({ id: `m${i}`, embedding: vec(i), ...(i === 3 ? {} : { metadata: { type: i % 2 ? 'Persona' : 'Industry', year: 2020 + i, tags: ['a', `t${i}`] } }) })).join('\n'));
  assert.equal(run('pack', withMeta, '--out', out, '--shards', '2').status, 0);
  const parts = [0, 1].map((s) => VectorSet.fromBytes(readFileSync(out.replace('set.bin', `set-${s}-of-2.bin`))));
  const found = parts.flatMap((p) => p.topK(q, 4, { filter: { type: 'Industry', year: { $gte: 2021 } } }).map((m) => m.id));
  assert.deepEqual(found, ['m2']);
  const holder = parts.find((p) => p.has('m1'));
  assert.deepEqual(holder.metadata('m1'), { type: 'Persona', year: 2021, tags: ['a', 't1'] });
  assert.deepEqual(parts.find((p) => p.has('m3')).metadata('m3'), {});
  parts.forEach((p) => p.free());
  writeFileSync(bad, `${JSON.stringify({ id: 'x', embedding: [1, 2], metadata: { ok: 1 } })}\n${JSON.stringify({ id: 'y', embedding: [2, 1], metadata: { 'a.b': 1 } })}\n`);
  e = run('pack', bad, '--out', out);
  assert.equal(e.status, 2);
  assert.match(e.stderr, /bad\.jsonl:2: "metadata" has a key "a\.b" that contains "\."/);
  writeFileSync(bad, `${JSON.stringify({ id: 'x', embedding: [1, 2], metadata: [1] })}\n`);
  assert.match(run('pack', bad, '--out', out).stderr, /bad\.jsonl:1: "metadata" must be an object, got \[1\]/);
});

test('calibrate --model stamps the config; --review lists the worst errors with their texts', () => {
  // The bundled pairs with their sentences and the MiniLM cosines as one TSV.
  const tsv = readFileSync('data/stsb-dev-minilm/pairs.tsv', 'utf8').trim().split('\n');
  const cos = readF32('data/stsb-dev-minilm/cos_full.f32');
  const file = join(tmp, 'texts.tsv');
  writeFileSync(file, [`${tsv[0]}\tscore`, ...tsv.slice(1).map((l, i) => `${l}\t${cos[i]}`)].join('\n'));
  const out = join(tmp, 'stamped.json'), report = join(tmp, 'review.html');
  const r = run('calibrate', file, '--model', 'all-MiniLM-L6-v2', '--review', '3', '--bootstrap', '0', '--out', out, '--report', report);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(JSON.parse(readFileSync(out, 'utf8')).model, 'all-MiniLM-L6-v2');
  const lines = r.stdout.split('\n');
  const at = lines.findIndex((l) => l.startsWith('different pairs accepted at '));
  assert.ok(at > 0, r.stdout);
  // The highest-scoring different pair, recomputed here.
  const labels = new Uint8Array(readFileSync('data/stsb-dev-minilm/label.u8'));
  const t = Number(/accepted at (\d\.\d+)/.exec(lines[at])[1]);
  let worst = -1;
  cos.forEach((c, i) => { if (labels[i] === 0 && c >= t - 5e-5 && (worst < 0 || c > cos[worst])) worst = i; });
  assert.match(lines[at + 1], new RegExp(`^  ${escapeRegExp(cos[worst].toFixed(4))}  #${worst}  "`));
  const sentence = tsv[worst + 1].split('\t')[5];
  assert.ok(lines[at + 1].includes(sentence), `${lines[at + 1]} should quote "${sentence}"`);
  assert.match(lines[at + 4], /^same pairs rejected at \d\.\d+ \(\d+; lowest first\):$/);
  assert.match(readFileSync(report, 'utf8'), /Worst errors at/);
});

test('monitor --cache: an error-bounded cache\'s promise, from its bytes or its stats JSON', () => {
  const c = new SemanticCache({ dims: 2, errorBound: 0.1, seed: 4, now: () => 0 });
  c.store(Float32Array.of(1, 0), 'A', { id: 'a' });
  // 400 lookups: high scores right, low ones wrong; every verify answered.
  for (let i = 0; i < 400; i++) {
    const s = 0.5 + (i % 50) / 100;
    const r = c.lookup(Float32Array.of(s, Math.sqrt(1 - s * s)));
    if (r.tier === 'verify') c.feedback('a', s >= 0.85);
  }
  const st = c.stats();
  assert.equal(typeof st.threshold, 'number');
  const bytes = join(tmp, 'cache.bin'), json = join(tmp, 'cache-stats.json');
  writeFileSync(bytes, c.toBytes());
  writeFileSync(json, JSON.stringify(st));
  c.free();
  for (const file of [bytes, json]) {
    const r = run('monitor', '--cache', file);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /error bound\s+10\.00% of lookups may be answered wrong/);
    assert.ok(r.stdout.includes(`serving at    ${st.threshold.toFixed(3)} and above`), r.stdout);
    assert.ok(r.stdout.includes(`lookups       400 (0 exact, ${st.served} served on a score)`), r.stdout);
    assert.ok(r.stdout.includes(`verified      ${st.verified} verdicts, ${st.verifiedWrong} said the cached answer was wrong`), r.stdout);
    assert.ok(r.stdout.includes(`- Serving at ${st.threshold.toFixed(2)}`) || r.stdout.includes('- Serving at'), r.stdout);
  }
  writeFileSync(join(tmp, 'plain.json'), '{"count": 3}');
  const plain = run('monitor', '--cache', join(tmp, 'plain.json'));
  assert.equal(plain.status, 2);
  assert.match(plain.stderr, /plain\.json: not the stats of an error-bounded cache \(no errorBound\)/);
  assert.match(run('monitor', '--cache', json, '--threshold', '0.9').stderr, /--cache takes no EVENTS file and no other option/);
});

test('monitor: stats per week, advice, a report and a review CSV that calibrate reads back', () => {
  const events = join(tmp, 'events.jsonl');
  const week = 7 * 24 * 3600 * 1000;
  const t0 = Date.UTC(2026, 10, 2); // a Monday
  const lines = [];
  for (let i = 0; i < 300; i++) {
    const score = i < 150 ? 0.9 + (i % 10) / 100 : 0.8 + (i % 20) / 100;
    lines.push(JSON.stringify({ score, time: t0 + (i < 150 ? 0 : week) + i * 1000, query: `q${i}`, match: `m${i}`, id: `e${i}` }));
  }
  writeFileSync(events, `${lines.join('\n')}\n`);
  const report = join(tmp, 'monitor.html'), sample = join(tmp, 'sample.csv');
  const r = run('monitor', events, '--threshold', '0.9', '--reference', data, '--reference-score', 'cos_full', '--report', report, '--sample-out', sample, '--seed', '3');
  assert.equal(r.status, 0, r.stderr);
  // The library on the same scores gives the same figures.
  const m = new Monitor({ threshold: 0.9, seed: 3 });
  m.recordMany(lines.map((l) => JSON.parse(l).score));
  const s = m.stats();
  assert.match(r.stdout, new RegExp(`all\\s+300\\s+${s.hits}\\s+${escapeRegExp((100 * s.hitRate).toFixed(1))}%\\s+${escapeRegExp(s.meanScoreOnHits.toFixed(4))}\\s+${s.borderline.count}`));
  assert.match(r.stdout, /week of 2026-11-02\s+150\s+150\s+100\.0%/);
  assert.match(r.stdout, /week of 2026-11-09\s+150\s+/);
  assert.match(r.stdout, /- Scores have drifted from the reference \(PSI \d+\.\d+, major\)/);
  assert.match(readFileSync(report, 'utf8'), /Per week: hit rate and mean score on hits/);
  const csv = readFileSync(sample, 'utf8').trim().split('\n');
  assert.equal(csv[0], 'score,query,match,id,type,time,label');
  assert.equal(csv.length - 1, 100);
  // A reviewer labels the sample; calibrate reads it back.
  const labeled = [csv[0], ...csv.slice(1).map((l, i) => `${l}${i % 3 ? 1 : 0}`)].join('\n');
  writeFileSync(join(tmp, 'labeled.csv'), labeled);
  const back = run('calibrate', join(tmp, 'labeled.csv'), '--bootstrap', '0');
  assert.equal(back.status, 0, back.stderr);
  assert.match(back.stdout, /100 pairs, 66 same \/ 34 different/);
  m.free();
  // Bad lines are named by line number; exactly one of --threshold / --config.
  writeFileSync(join(tmp, 'bad.jsonl'), '{"score": 0.9}\n{"score": "high"}\n');
  const bad = run('monitor', join(tmp, 'bad.jsonl'), '--threshold', '0.9');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /bad\.jsonl:2: "score" must be a number, got "high"/);
  writeFileSync(join(tmp, 'range.jsonl'), '{"score": 1.5}\n');
  assert.match(run('monitor', join(tmp, 'range.jsonl'), '--config', 'default').stderr, /range\.jsonl:1: score must be a finite number in \[-1, 1\], got 1\.5/);
  assert.match(run('monitor', events).stderr, /monitor needs --threshold or --config/);
  // Past 100,000 lines: a progress bar on stderr.
  const many = join(tmp, 'many.jsonl');
  writeFileSync(many, Array.from({ length: 120_000 }, (_, i) => `{"score": ${(i % 100) / 100}}`).join('\n'));
  const big = run('monitor', many, '--threshold', '0.5');
  assert.equal(big.status, 0, big.stderr);
  assert.match(big.stderr, /reading many\.jsonl \[#+\.*\] \d+% \([\d,]+ bytes\)/);
  assert.match(big.stdout, /all\s+120000\s+60000\s+50\.0%/);
});

test('check: the noise floor of a set file against a config, with warnings', () => {
  const set = new VectorSet(384, { precisions: ['i8'], model: 'all-MiniLM-L6-v2' });
  set.add(readF32('data/stsb-dev-minilm/emb_a.f32'));
  const file = join(tmp, 'check.bin');
  writeFileSync(file, set.toBytes());
  const floor = noiseFloor(set, { pairs: 5000, seed: 2 });
  const config = join(tmp, 'low.json');
  writeFileSync(config, JSON.stringify({ default: 0.2, model: 'text-embedding-3-small' }));
  const r = run('check', file, '--config', config, '--pairs', '5000', '--seed', '2');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`p99 ${escapeRegExp(floor.p99.toFixed(4))}`));
  assert.match(r.stdout, /warning: default = 0\.2000 is below the p99 of random pairs/);
  assert.match(r.stdout, /warning: the config was calibrated on text-embedding-3-small; the set holds all-MiniLM-L6-v2 embeddings/);
  const ok = run('check', file, '--config', 'default', '--pairs', '5000');
  assert.match(ok.stdout, /are above the noise floor's p99/);
  assert.match(run('check', file).stderr, /check needs --config/);
  set.free();
});

test('token prints a new random token and the TOKENS line that grants it', () => {
  const first = run('token', '--namespaces', 'acme,beta', '--write');
  assert.equal(first.status, 0, first.stderr);
  const token = /^token: (\S+)$/m.exec(first.stdout)[1];
  assert.match(token, /^[A-Za-z0-9_-]{43}$/, '32 random bytes, base64url');
  const table = JSON.parse(/^TOKENS with only this token: (.+)$/m.exec(first.stdout)[1]);
  const hash = createHash('sha256').update(token).digest('hex');
  assert.deepEqual(table, { [hash]: { namespaces: ['acme', 'beta'], write: true } });
  assert.ok(first.stdout.includes(`TOKENS line: "${hash}": {"namespaces":["acme","beta"],"write":true}`));
  const second = run('token', '--namespaces', '*', '--admin');
  assert.notEqual(/^token: (\S+)$/m.exec(second.stdout)[1], token, 'a new token each time');
  assert.match(second.stdout, /: \{"namespaces":"\*","write":false,"admin":true\}$/m);
  const missing = run('token', '--write');
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /^simgate: --namespaces is required/);
  assert.match(run('token', '--namespaces', 'a', '--bogus').stderr, /unknown option --bogus/);
});

test('options read the same way in every command: values after = or a space, dash values, flags without values', () => {
  const twoScores = run('explain', '--config', 'default', '--score', '-0.2', '--score=0.9');
  assert.equal(twoScores.status, 0, twoScores.stderr);
  assert.match(twoScores.stdout, /1 of 2 candidates match/);
  const cases = [
    [['explain', '--config', 'default', '--score'], 'simgate: --score needs a value\n'],
    [['explain', '--config=default', '--score', '0.9', '--nope=1'], 'simgate: unknown option --nope\n'],
    [['calibrate', 'x.csv', '-z'], 'simgate: unknown option -z\n'],
    [['token', '--namespaces', 'a', '--write=yes'], 'simgate: --write takes no value\n'],
    [['token', '--namespaces'], 'simgate: --namespaces needs a value\n'],
  ];
  for (const [args, stderr] of cases) {
    const r = run(...args);
    assert.equal(r.status, 2, args.join(' '));
    assert.equal(r.stderr, stderr, args.join(' '));
  }
  assert.match(run('token', '--namespaces', 'a', 'extra').stderr, /^simgate: unknown option extra/);
});
