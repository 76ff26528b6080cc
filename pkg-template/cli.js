#!/usr/bin/env node
// The `simgate` command line: calibrate thresholds from labeled pairs (with a
// self-contained HTML report), and explain a decision from a saved config.
// It calls the same wasm API as the library (./node.js).
import { createReadStream, openSync, readFileSync, readSync, closeSync, fstatSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { basename } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { calibrate, cosine, Thresholds, VectorSet, band, explain, decide, shardOf, toCosine, version } from './node.js';
import { renderReport } from './report.js';
import { InputError, parseRows } from './table.js';
import { configOptions, pairsFromRows, perClassTable, prefixRows, prefixTable, reviewLines, reviewList, textColumns, textTable } from './dataset.js';
import { Progress, UsageError, fmt, num, parseArgs, readConfig } from './cli-args.js';
import { cmdCheck, cmdMonitor } from './cli-monitor.js';

const HELP = {
  main: `simgate ${version()} - calibrated, explained match decisions from embedding similarity scores

Usage:
  simgate calibrate FILE [options]     thresholds, metrics and an HTML report from labeled pairs
  simgate explain --config FILE ...    the band, decision and explanation for one score
  simgate pack FILE --out set.bin      a set file (VectorSet.fromBytes) from embeddings
  simgate monitor EVENTS ...           hit rate, borderline hits, drift and advice from logged scores
  simgate check SET --config FILE      the set's noise floor against the configured thresholds
  simgate token --namespaces A,B       a new bearer token and its TOKENS line
  simgate COMMAND --help               options of a command`,
  token: `simgate token --namespaces A,B [--write] [--admin]

Prints a new random bearer token (32 random bytes, base64url) and the line
that grants it: its SHA-256 hex mapped to { namespaces, write, admin }. Put
the line into the TOKENS secret (a JSON object of such lines) and give the
token to its holder; TOKENS holds hashes only, so the token is shown once.

Options:
  --namespaces A,B   namespaces the token may read (and write); "*" for all.
                     A request that names none uses the first ("" for "*")
  --write            the token may write (default: read only)
  --admin            the token may call operator endpoints (/stats, /monitor, /compact)`,
  calibrate: `simgate calibrate FILE [options]

FILE is CSV, TSV or JSONL (by extension; "-" reads CSV from stdin) with a header
(CSV/TSV) or keys (JSONL): a score column, a 0/1 label column, optionally a
class column. With --dims, two embedding columns (a, b: space-separated floats
in CSV/TSV, arrays in JSONL) replace the score, and scores are computed at
every prefix.

Options:
  --score COL             score column (default: score)
  --label COL             label column (default: label)
  --class COL             class column (default: class, when present)
  --class-names A,B,...   names for numeric class ids 0, 1, ...
  --prefix-columns C,...  more score columns, one per Matryoshka prefix, named
                          like cos_p64 (the number is the prefix dims)
  --full-dims D           the embeddings' full dims, with --prefix-columns
                          (written to the config's dimensionAdjustment)
  --dims D                embedding pairs of D dims in columns a and b
  --prefixes P,...        prefixes to calibrate with --dims (default 64,128,256)
  --target-precision P    write the lowest threshold reaching precision P
                          (instead of the F-optimal one) as the default and
                          as the type threshold of each class with at least
                          30 same pairs; a class with fewer keeps the default
                          (a warning names it)
  --beta B                F-beta to optimize (default 1)
  --bootstrap N           bootstrap rounds for the threshold interval (default 1000, 0 = off)
  --seed S                bootstrap seed (default 1)
  --model NAME            the embedding model that produced the scores,
                          stamped into the config (a Matcher then refuses a
                          set of another model)
  --review N              list the N worst errors at the chosen threshold:
                          the highest-scoring different pairs accepted and
                          the lowest-scoring same pairs rejected, with their
                          texts (text_a/text_b or sentence1/sentence2
                          columns) when the file has them (default 10, 0 = off)
  --scale S               the score columns are another engine's numbers on
                          scale S, converted to cosine first: cosine, unit
                          ((1+cos)/2), distance (1-cos: pgvector <=>, LanceDB
                          cosine), negative-inner-product (pgvector <#>), l2
                          (pgvector <->), l2-squared (LanceDB l2); the last
                          three assume unit-length vectors
  --out FILE              write the ThresholdConfig JSON here
  --report FILE           write a self-contained HTML report here
  --help                  this text`,
  pack: `simgate pack FILE --out set.bin [--precision i8,b1] [--model NAME] [--dims D --ids IDS] [--shards N]

Builds a set file that VectorSet.fromBytes() loads without re-parsing (in a
Worker: from R2, KV or a static asset). FILE is JSONL, one embedding per line:
  {"id": "doc-1", "embedding": [0.12, -0.4, ...], "namespace": "tenant-a",
   "metadata": {"type": "Industry", "year": 2024, "tags": ["saas"]}}
(id required and unique; namespace and metadata optional; metadata is what
filters and typed lookups read: strings, finite numbers, booleans, null,
string arrays and nested objects, at most 10 KiB as JSON), or, with --dims,
raw little-endian float32 rows with their ids one per line in --ids.

Options:
  --out FILE          where to write the set file (required)
  --precision P,...   encodings to keep: f32, i8, b1 (default i8; e.g. b1,i8
                      for a sign-bit coarse pass reranked at int8)
  --model NAME        the embedding model, stamped into the file
  --dims D            FILE is raw float32 rows of D dims
  --ids FILE          with --dims: one id per line, one per row
  --shards N          write N set files (set-0-of-N.bin, ...), each row in
                      shard shardOf(id, N): 32-bit FNV-1a of the id's UTF-8
                      bytes modulo N, the hash a sharded Worker routes by
  --help              this text`,
  explain: `simgate explain --config FILE --score S [--type T] [--field F] [--spec SPEC] [--dims P] [--candidates N]

Resolves the threshold for the lookup from the config (a ThresholdConfig JSON,
e.g. written by 'simgate calibrate --out'), then prints the band of the score,
the decision, and the explanation sentence.

Options:
  --config FILE     ThresholdConfig JSON (or a preset name: default, strict, loose)
  --score S         the best candidate's score (repeat or comma-separate for several)
  --type T          the type being matched
  --field F         the field ("field" with --type, or "Type.field")
  --spec SPEC       a field spec such as "~>Industry(0.78)"
  --dims P          prefix dims the score was computed on
  --candidates N    candidate-pool size (for the adaptive adjustment)
  --help            this text`,
};

/** Reads FILE ("-" = stdin) into rows, with a progress bar for big inputs. */
function readRows(file) {
  const text = file === '-' ? readFileSync(0, 'utf8') : readFileSync(file, 'utf8');
  let progress = null;
  const rows = parseRows(text, file, {
    onProgress: (i, total) => (progress ??= new Progress(total, `reading ${basename(file)}`)).tick(i),
  });
  progress?.done();
  return rows;
}

// ---------------------------------------------------------------- calibrate

/** The score columns, read on another engine's scale (--scale), as cosines; a value no scale allows names its line. */
function toCosineColumns(data, rows, file, opts, embeddings) {
  if (embeddings) throw new UsageError('--scale applies to score columns; with --dims simgate computes the cosines itself');
  const convert = (scores, column) => {
    try {
      return toCosine(scores, opts.scale);
    } catch (e) {
      const m = /^scores\[(\d+)\] (.*)$/.exec(e.message);
      if (m) throw new InputError(`${file}:${rows[Number(m[1])]?.line ?? Number(m[1]) + 2}: column ${column}: the value ${m[2]}`);
      throw new UsageError(`--scale: ${e.message.replace(/^scale /, '')}`);
    }
  };
  data.scores = convert(data.scores, opts.score ?? 'score');
  for (const p of data.prefixScores) p.scores = convert(p.scores, `for ${p.dims} dims`);
}

function cmdCalibrate(argv) {
  const opts = parseArgs(argv, ['score', 'label', 'class', 'class-names', 'prefix-columns', 'full-dims', 'dims', 'prefixes', 'target-precision', 'beta', 'bootstrap', 'seed', 'out', 'report', 'model', 'review', 'scale']);
  if (opts.help) return console.log(HELP.calibrate);
  const file = opts._[0];
  if (!file || opts._.length > 1) throw new UsageError(`calibrate needs exactly one FILE\n\n${HELP.calibrate}`);
  const rows = readRows(file);
  const beta = opts.beta === undefined ? 1 : num('beta', opts.beta, { min: 1e-9 });
  const target = opts['target-precision'] === undefined ? null : num('target-precision', opts['target-precision'], { min: 1e-9, max: 1 });
  const rounds = opts.bootstrap === undefined ? 1000 : num('bootstrap', opts.bootstrap, { min: 0, int: true });
  const seed = opts.seed === undefined ? 1 : num('seed', opts.seed, { min: 0, int: true });
  const embeddings = opts.dims !== undefined;
  const dims = embeddings ? num('dims', opts.dims, { min: 1, int: true }) : undefined;
  const prefixColumns = (opts['prefix-columns'] ?? '').split(',').filter(Boolean);
  const data = pairsFromRows(rows, file, {
    label: opts.label ?? 'label',
    score: opts.score ?? 'score',
    class: opts.class ?? (rows[0].values.class !== undefined ? 'class' : null),
    classNames: opts['class-names']?.split(','),
    embeddings,
    dims,
    prefixes: embeddings ? (opts.prefixes ?? '64,128,256').split(',').map((p) => num('prefixes', p, { min: 1, max: dims, int: true })) : undefined,
    prefixColumns,
    fullDims: prefixColumns.length ? num('full-dims', opts['full-dims'], { min: 1, int: true }) : undefined,
    texts: textColumns(rows),
  }, cosine);
  if (opts.scale !== undefined) toCosineColumns(data, rows, file, opts, embeddings);
  const reviewCount = opts.review === undefined ? 10 : num('review', opts.review, { min: 0, int: true });
  if (opts.model !== undefined && !opts.model) throw new UsageError('--model needs the embedding model\'s name');
  const { labels, classes } = data;

  const cal = calibrate(data.scores, labels, { ...(classes ? { classes } : {}), seed, ...(opts.model ? { model: opts.model } : {}) });
  const best = cal.best(beta);
  const atP = target === null ? null : cal.atPrecision(target);
  const auc = cal.auc();
  const relP = cal.reliability('platt');
  const relI = cal.reliability('isotonic');
  const gap = cal.gap();
  const boot = rounds > 0 ? cal.bootstrap(rounds, seed) : null;
  const perClass = classes ? cal.perClass() : null;
  // The library derives the config: default, per-class types, the measured
  // per-prefix table and bounds that hold them all.
  const config = cal.toConfig(configOptions(data, atP ? { precision: target } : null));
  new Thresholds(config).free(); // the config must load
  const fullDims = data.fullDims;
  const prefixes = data.prefixScores.length ? prefixRows(data, best, auc, config, calibrate, beta) : null;
  const keptDefault = perClass ? Object.entries(perClass).filter(([k]) => config.types?.[k] === undefined) : [];

  const pos = labels.reduce((s, x) => s + x, 0);
  const out = [];
  out.push(`simgate calibrate ${file}: ${labels.length.toLocaleString('en')} pairs, ${pos} same / ${labels.length - pos} different`);
  out.push('');
  const fName = beta === 1 ? 'F1' : `F${beta}`;
  const rowsOut = [['threshold', 'value', 'precision', 'recall', fName]];
  rowsOut.push([`${fName}-optimal`, fmt(best.threshold), fmt(best.precision, 3), fmt(best.recall, 3), fmt(best.f, 3)]);
  if (target !== null) {
    rowsOut.push(atP ? [`precision >= ${target}`, fmt(atP.threshold), fmt(atP.precision, 3), fmt(atP.recall, 3), '-'] : [`precision >= ${target}`, 'unreachable', '-', '-', '-']);
  }
  rowsOut.push(['gap midpoint', gap.midpoint === null ? 'overlap' : fmt(gap.midpoint), '-', '-', '-']);
  out.push(textTable(rowsOut));
  out.push('');
  out.push(`AUC ${fmt(auc)}   ECE Platt ${fmt(relP.ece)} (Brier ${fmt(relP.brier)})   ECE isotonic ${fmt(relI.ece)} (in-sample) (Brier ${fmt(relI.brier)})`);
  if (boot) out.push(`bootstrap (${boot.rounds} rounds, seed ${seed}): threshold 95% in [${fmt(boot.threshold.low)}, ${fmt(boot.threshold.high)}], ${fName} in [${fmt(boot.f.low, 3)}, ${fmt(boot.f.high, 3)}]`);
  if (perClass) {
    out.push('');
    out.push(textTable(perClassTable(perClass)));
    for (const [k, v] of keptDefault) {
      out.push(`warning: class "${k}" has ${v.positives} same pairs (fewer than 30, or no threshold reaches the target); it keeps the default threshold ${fmt(config.default)}`);
    }
  }
  if (prefixes) {
    out.push('');
    out.push(textTable(prefixTable(prefixes, fullDims, fName)));
  }
  const chosen = atP ? atP.threshold : best.threshold;
  const review = reviewList(data, chosen, reviewCount);
  if (reviewCount > 0) out.push('', ...reviewLines(review, chosen));
  if (opts.out) {
    writeFileSync(opts.out, `${JSON.stringify(config, null, 2)}\n`);
    out.push('', `wrote ${opts.out} (a ThresholdConfig: new Thresholds(JSON.parse(...)))`);
  }
  if (opts.report) {
    writeFileSync(opts.report, renderReport({
      file, n: labels.length, positives: pos, beta, best, atP, target, auc, gap, boot,
      histogram: cal.histogram(30), pr: cal.prCurve(), relP, relI, perClass, prefixes, platt: cal.platt(), review: reviewCount > 0 ? review : null, chosen,
    }));
    out.push(`wrote ${opts.report} (open it in a browser)`);
  }
  cal.free();
  console.log(out.join('\n'));
}

// ---------------------------------------------------------------- explain

function cmdExplain(argv) {
  const opts = parseArgs(argv, ['config', 'score', 'type', 'field', 'spec', 'dims', 'candidates'], { repeat: ['score'] });
  if (opts.help) return console.log(HELP.explain);
  if (!opts.config) throw new UsageError(`explain needs --config\n\n${HELP.explain}`);
  if (opts.score === undefined) throw new UsageError(`explain needs --score\n\n${HELP.explain}`);
  const scores = String(opts.score).split(',').map((s) => num('score', s));
  const thresholds = new Thresholds(readConfig(opts.config));
  const query = { type: opts.type, field: opts.field, spec: opts.spec };
  if (opts.dims !== undefined) query.dims = num('dims', opts.dims, { min: 1, int: true });
  if (opts.candidates !== undefined) query.candidateCount = num('candidates', opts.candidates, { min: 0, int: true });
  const r = thresholds.resolve(query);
  const mode = opts.spec?.trim().startsWith('<~') ? 'backward' : 'forward';
  const d = decide(scores, { threshold: r, mode });
  const e = explain(r, scores);
  const best = d.best ? scores[d.best.index] : scores[0];
  console.log(`threshold ${r.value} (${r.source}${r.adjustments.length ? `, ${r.adjustments.map((a) => `${a.kind} ${a.delta >= 0 ? '+' : ''}${a.delta}`).join(', ')}` : ''})`);
  console.log(`band      ${band(best, r)}`);
  console.log(`decision  ${d.outcome}`);
  console.log(e.text);
  thresholds.free();
}

// ---------------------------------------------------------------- pack

/** Rows are added to the set in batches of this many (bounded memory). */
const PACK_BATCH = 4096;

/** Embeddings from JSONL (streamed line by line) or raw float32 rows, into a set file. */
async function cmdPack(argv) {
  const opts = parseArgs(argv, ['out', 'precision', 'model', 'dims', 'ids', 'shards']);
  if (opts.help) return console.log(HELP.pack);
  const file = opts._[0];
  if (!file || opts._.length > 1) throw new UsageError(`pack needs exactly one FILE\n\n${HELP.pack}`);
  if (!opts.out) throw new UsageError(`pack needs --out\n\n${HELP.pack}`);
  const precisions = (opts.precision ?? 'i8').split(',').map((p) => p.trim());
  const shards = opts.shards === undefined ? 1 : num('shards', opts.shards, { min: 1, max: 65_536, int: true });
  // One packer per shard: its set and the batch of rows not yet added.
  let packers = null;
  const seen = new Set();
  let rows = 0;
  const flush = (p) => {
    if (!p.ids.length) return;
    const flat = new Float32Array(p.ids.length * p.set.dims);
    p.batch.forEach((v, i) => flat.set(v, i * p.set.dims));
    const options = {};
    if (p.namespace !== undefined) options.namespace = p.namespace;
    if (p.metadata.some((m) => m !== null)) options.metadata = p.metadata;
    p.set.add(flat, p.ids, options);
    p.batch = [];
    p.ids = [];
    p.metadata = [];
  };
  const push = (where, id, vector, ns, metadata = null) => {
    if (packers === null) {
      packers = [];
      try {
        for (let i = 0; i < shards; i++) packers.push({ set: new VectorSet(vector.length, { precisions, model: opts.model }), batch: [], ids: [], metadata: [], namespace: undefined, rows: 0 });
      } catch (e) {
        packers.forEach((p) => p.set.free());
        packers = null;
        throw new UsageError(`--precision ${opts.precision ?? 'i8'} / --model: ${e.message}`);
      }
    }
    const dims = packers[0].set.dims;
    if (vector.length !== dims) throw new InputError(`${where}: the embedding has ${vector.length} values; the first row had ${dims}`);
    if (seen.has(id)) throw new InputError(`${where}: the id "${id}" appears twice; ids are unique within a set`);
    if (metadata !== null) {
      // Checked on its own row, so the error names the line (a batch fails later, and whole).
      const probe = new VectorSet(1);
      try {
        probe.add(new Float32Array([1]), undefined, { metadata: [metadata] });
      } catch (e) {
        throw new InputError(`${where}: ${e.message.replace('options.metadata[0]', '"metadata"')}`);
      } finally {
        probe.free();
      }
    }
    seen.add(id);
    const p = packers[shards === 1 ? 0 : shardOf(id, shards)];
    if (ns !== p.namespace) flush(p);
    p.namespace = ns;
    p.batch.push(vector);
    p.ids.push(id);
    p.metadata.push(metadata);
    p.rows++;
    rows++;
    if (p.ids.length === PACK_BATCH) flush(p);
  };
  try {
    if (opts.dims !== undefined) {
      const dims = num('dims', opts.dims, { min: 1, int: true });
      if (!opts.ids) throw new UsageError('pack --dims needs --ids (one id per line, one per row)');
      const idList = readFileSync(opts.ids, 'utf8').split(/\r?\n/);
      if (idList.at(-1) === '') idList.pop();
      const fd = openSync(file, 'r');
      const size = fstatSync(fd).size;
      if (size % (4 * dims) !== 0) throw new InputError(`${file}: ${size} bytes is not a whole number of ${dims}-dim float32 rows (${4 * dims} bytes each)`);
      const n = size / (4 * dims);
      if (idList.length !== n) throw new InputError(`${opts.ids}: ${idList.length} ids for ${n} rows in ${file}`);
      const progress = new Progress(n, `packing ${basename(file)}`);
      const buf = Buffer.alloc(4 * dims * PACK_BATCH);
      for (let first = 0; first < n; first += PACK_BATCH) {
        const count = Math.min(PACK_BATCH, n - first);
        readSync(fd, buf, 0, count * 4 * dims, first * 4 * dims);
        const floats = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + count * 4 * dims));
        for (let i = 0; i < count; i++) {
          const id = idList[first + i];
          if (!id) throw new InputError(`${opts.ids}:${first + i + 1}: an empty id`);
          push(`${file} row ${first + i}`, id, floats.subarray(i * dims, (i + 1) * dims), undefined);
        }
        progress.tick(first + count);
      }
      closeSync(fd);
      progress.done();
    } else {
      const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
      let line = 0;
      let progress = null;
      for await (const text of lines) {
        line++;
        if (line % 10_000 === 0) (progress ??= new Progress(100_001, `packing ${basename(file)}`)).tick(Math.min(line, 100_000));
        if (!text.trim()) continue;
        const where = `${file}:${line}`;
        let row;
        try {
          row = JSON.parse(text);
        } catch (e) {
          throw new InputError(`${where}: not valid JSON (${e.message})`);
        }
        if (row === null || typeof row !== 'object' || Array.isArray(row)) throw new InputError(`${where}: expected an object {"id", "embedding", "namespace"?, "metadata"?}`);
        if (typeof row.id !== 'string' || !row.id) throw new InputError(`${where}: "id" must be a non-empty string, got ${JSON.stringify(row.id)}`);
        if (!Array.isArray(row.embedding) || !row.embedding.length) throw new InputError(`${where}: "embedding" must be a non-empty array of numbers`);
        const bad = row.embedding.findIndex((x) => typeof x !== 'number' || !Number.isFinite(x));
        if (bad >= 0) throw new InputError(`${where}: embedding[${bad}] is ${JSON.stringify(row.embedding[bad])}; only finite numbers are allowed`);
        if (row.namespace !== undefined && typeof row.namespace !== 'string') throw new InputError(`${where}: "namespace" must be a string, got ${JSON.stringify(row.namespace)}`);
        if (row.metadata !== undefined && row.metadata !== null && (typeof row.metadata !== 'object' || Array.isArray(row.metadata))) {
          throw new InputError(`${where}: "metadata" must be an object, got ${JSON.stringify(row.metadata)}`);
        }
        try {
          push(where, row.id, row.embedding, row.namespace, row.metadata ?? null);
        } catch (e) {
          if (e instanceof InputError || e instanceof UsageError) throw e;
          throw new InputError(`${where}: ${e.message}`);
        }
      }
      progress?.done();
    }
    if (packers === null) throw new InputError(`${file}: no embeddings`);
    const mb = (x) => (x / 1e6).toFixed(1);
    for (const [i, p] of packers.entries()) {
      flush(p);
      const out = shards === 1 ? opts.out : shardFile(opts.out, i, shards);
      const bytes = p.set.toBytes();
      writeFileSync(out, bytes);
      const { set } = p;
      console.log(`wrote ${out}: ${p.rows.toLocaleString('en')} rows of ${set.dims} dims (${set.precisions.join(', ')}${set.model ? `, model ${set.model}` : ''}), `
        + `${mb(bytes.length)} MB; loaded, it holds ${mb(set.byteLength())} MB in wasm memory (${VectorSet.bytesPerRow(set.dims, set.precisions)} bytes per row before ids)`);
    }
    if (shards > 1) console.log(`${rows.toLocaleString('en')} rows in ${shards} shards by shardOf(id, ${shards})`);
  } finally {
    packers?.forEach((p) => p.set.free());
  }
}

/** Shard `i` of `n`'s file: "set.bin" -> "set-0-of-4.bin". */
function shardFile(out, i, n) {
  const dot = out.lastIndexOf('.');
  const slash = Math.max(out.lastIndexOf('/'), out.lastIndexOf('\\'));
  const [stem, ext] = dot > slash + 1 ? [out.slice(0, dot), out.slice(dot)] : [out, ''];
  return `${stem}-${i}-of-${n}${ext}`;
}

// ---------------------------------------------------------------- token

function cmdToken(argv) {
  const opts = parseArgs(argv, ['namespaces'], { booleans: ['write', 'admin'] });
  if (opts.help) return console.log(HELP.token);
  if (opts._.length) throw new UsageError(`unknown option ${opts._[0]}\n\n${HELP.token}`);
  const { write = false, admin = false } = opts;
  const namespaces = opts.namespaces === undefined ? undefined : opts.namespaces === '*' ? '*' : opts.namespaces.split(',').map((n) => n.trim());
  if (namespaces === undefined) throw new UsageError(`--namespaces is required\n\n${HELP.token}`);
  const token = randomBytes(32).toString('base64url');
  const hash = createHash('sha256').update(token).digest('hex');
  const grant = { namespaces, write, ...(admin ? { admin } : {}) };
  console.log(`token: ${token}`);
  console.log(`TOKENS line: ${JSON.stringify(hash)}: ${JSON.stringify(grant)}`);
  console.log(`TOKENS with only this token: ${JSON.stringify({ [hash]: grant })}`);
}

// ---------------------------------------------------------------- main

async function main(argv) {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') return console.log(HELP.main);
  if (cmd === '--version') return console.log(version());
  if (cmd === 'calibrate') return cmdCalibrate(rest);
  if (cmd === 'explain') return cmdExplain(rest);
  if (cmd === 'pack') return cmdPack(rest);
  if (cmd === 'monitor') return cmdMonitor(rest);
  if (cmd === 'check') return cmdCheck(rest);
  if (cmd === 'token') return cmdToken(rest);
  throw new UsageError(`unknown command "${cmd}"\n\n${HELP.main}`);
}

try {
  await main(process.argv.slice(2));
} catch (e) {
  const usage = e instanceof UsageError || e instanceof InputError;
  process.stderr.write(`simgate: ${usage ? '' : `${e.name}: `}${e.message}\n`);
  process.exit(usage ? 2 : 1);
}
