// `simgate monitor` (stats, advice and a report from logged scores) and
// `simgate check` (a set file's noise floor against configured thresholds):
// what a team watching a matcher or a semantic cache in production runs.
import { createReadStream, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { basename } from 'node:path';
import { Monitor, SemanticCache, Thresholds, VectorSet, noiseFloor } from './node.js';
import { cacheStatsOf, errorBoundRows, renderMonitorReport } from './monitor-report.js';
import { InputError, asScore, column, parseRows } from './table.js';
import { Progress, UsageError, fmt, num, parseArgs, readConfig } from './cli-args.js';
import { textTable } from './dataset.js';
import { WeeklyMonitors, parseEventLine, sampleCsv, weeklyStats } from './events.js';

export const HELP_MONITOR = `simgate monitor EVENTS (--threshold T | --config FILE [--type T]) [options]
simgate monitor --cache FILE

Reads an error-bounded semantic cache (--cache: its bytes from toBytes(), or
the JSON of its stats(), e.g. a service's stats endpoint saved to a file) and
prints its promise: the error bound, where it serves now, lookups served and
verified, the estimated share of wrong answers served and its bound.

Reads logged lookups, one JSON object per line:
  {"score": 0.93, "hit": true, "time": 1764547200000, "query": "...", "match": "...", "type": "FAQ", "id": "q-1"}
(score required; hit defaults to score >= threshold; time in ms since the
epoch or an ISO date). Prints the count, hit rate, mean score on hits,
borderline hits (threshold <= score < threshold + borderline), the drift
from a reference and advice, per week (Monday, UTC) when events carry time.

Options:
  --threshold T       the threshold the lookups used
  --config FILE       a ThresholdConfig JSON (or default, strict, loose); the
                      threshold of --type, else the default
  --type T            the type whose threshold applies
  --reference FILE    labeled or unlabeled pairs (CSV, TSV or JSONL with a
                      score column, e.g. the calibration file): the score
                      distribution drift is measured against (PSI)
  --reference-score C its score column (default: score)
  --borderline B      width of the borderline band (default 0.05)
  --sample N          borderline events kept for review (default 100)
  --seed S            makes the sample reproducible (default 1)
  --report FILE       write a self-contained HTML report
  --sample-out FILE   write the borderline sample as CSV with an empty label
                      column for a reviewer (simgate calibrate reads it back)
  --help              this text`;

export const HELP_CHECK = `simgate check SET --config FILE [--pairs N] [--seed S] [--dims P]

Loads a set file (simgate pack, VectorSet.toBytes) and measures its noise
floor: the cosine of random distinct row pairs, i.e. what unrelated items
score with this model. Warns when a configured threshold is below the 99th
percentile of random pairs (it would match unrelated items), when it is
above the best neighbour score of every sampled row (nothing in the set
scores that high against another row), and when the config and the set
are stamped with different models.

Options:
  --config FILE   a ThresholdConfig JSON (or default, strict, loose)
  --pairs N       random pairs (default 10000)
  --rows N        rows sampled for best-neighbour scores (default 200)
  --seed S        seed for both samples (default 1)
  --dims P        score over the first P dims
  --help          this text`;

/** `simgate monitor --cache FILE`: an error-bounded cache's promise and advice. */
function monitorCache(opts) {
  if (opts._.length || Object.keys(opts).some((k) => k !== '_' && k !== 'cache')) throw new UsageError(`--cache takes no EVENTS file and no other option\n\n${HELP_MONITOR}`);
  const bytes = readFileSync(opts.cache);
  let stats;
  try {
    stats = cacheStatsOf(bytes, SemanticCache, opts.cache);
  } catch (e) {
    throw new InputError(e.message);
  }
  let rows;
  try {
    rows = errorBoundRows(stats);
  } catch (e) {
    throw new InputError(`${opts.cache}: ${e.message}`);
  }
  const advice = stats.advice ?? [];
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log([`simgate monitor --cache ${opts.cache}`, '', ...rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`), '', ...(advice.length ? advice.map((a) => `- ${a}`) : ['No advice.'])].join('\n'));
}

export async function cmdMonitor(argv) {
  const opts = parseArgs(argv, ['threshold', 'config', 'type', 'reference', 'reference-score', 'borderline', 'sample', 'seed', 'report', 'sample-out', 'cache']);
  if (opts.help) return console.log(HELP_MONITOR);
  if (opts.cache !== undefined) return monitorCache(opts);
  const file = opts._[0];
  if (!file || opts._.length > 1) throw new UsageError(`monitor needs exactly one EVENTS file\n\n${HELP_MONITOR}`);
  if ((opts.threshold === undefined) === (opts.config === undefined)) throw new UsageError(`monitor needs --threshold or --config (one of them)\n\n${HELP_MONITOR}`);
  let threshold;
  if (opts.threshold !== undefined) {
    threshold = num('threshold', opts.threshold, { min: -1, max: 1 });
  } else {
    const thresholds = new Thresholds(readConfig(opts.config));
    threshold = thresholds.resolve(opts.type ? { type: opts.type } : {}).value;
    thresholds.free();
  }
  const borderline = opts.borderline === undefined ? 0.05 : num('borderline', opts.borderline, { min: 1e-9, max: 1 });
  const sample = opts.sample === undefined ? 100 : num('sample', opts.sample, { min: 0, max: 100_000, int: true });
  const seed = opts.seed === undefined ? 1 : num('seed', opts.seed, { min: 0, int: true });
  let reference = null;
  if (opts.reference) {
    const rows = parseRows(readFileSync(opts.reference, 'utf8'), opts.reference);
    const scores = column(rows, opts.reference, opts['reference-score'] ?? 'score', asScore);
    const counts = new Array(20).fill(0);
    for (const s of scores) counts[Math.min(19, Math.max(0, Math.floor(s * 20)))]++;
    reference = counts;
  }
  const options = {
    threshold, borderline, sample, seed,
    ...(reference ? { reference: { edges: Array.from({ length: 21 }, (_, i) => i / 20), counts: reference } } : {}),
  };
  const monitors = new WeeklyMonitors((k) => new Monitor({ ...options, seed: seed + k }));
  const { overall, weeks } = monitors;
  const size = file === '-' ? 0 : statSync(file).size;
  const lines = createInterface({ input: file === '-' ? process.stdin : createReadStream(file), crlfDelay: Infinity });
  let line = 0, bytes = 0;
  // A progress bar once the file is past 100,000 lines (by bytes read).
  let progress = null;
  try {
    for await (const text of lines) {
      line++;
      bytes += text.length + 1;
      if (line % 10_000 === 0 && line >= 100_000 && size > 0) (progress ??= new Progress(Math.max(size, 100_001), `reading ${basename(file)}`, 'bytes')).tick(bytes);
      if (!text.trim()) continue;
      const where = `${file}:${line}`;
      const { score, event } = parseEventLine(text, where);
      monitors.record(score, event, where);
    }
    progress?.done();
    if (overall.stats().count === 0) throw new InputError(`${file}: no events`);
    const s = overall.stats();
    const pct = (x) => (x === null ? '-' : `${(100 * x).toFixed(1)}%`);
    const out = [`simgate monitor ${file}: ${s.count.toLocaleString('en')} events at threshold ${fmt(threshold)}`, ''];
    const table = [['', 'events', 'hits', 'hit rate', 'mean on hits', 'borderline', 'PSI']];
    const row = (name, st) => [name, String(st.count), String(st.hits), pct(st.hitRate), fmt(st.meanScoreOnHits), String(st.borderline.count), st.psi === null ? '-' : `${fmt(st.psi, 3)} ${st.drift}`];
    const weekly = weeklyStats(weeks);
    for (const w of weekly) table.push(row(`week of ${w.week}`, w.stats));
    table.push(row('all', s));
    out.push(textTable(table));
    if (s.tiers) out.push(`tiers: ${s.tiers.confident} confident, ${s.tiers.tentative} tentative, ${s.tiers.miss} miss`);
    out.push('', ...(s.advice.length ? s.advice.map((a) => `- ${a}`) : ['No advice: the figures look healthy.']));
    const picked = overall.borderline().sort((a, b) => a.score - b.score);
    if (picked.length) {
      out.push('', `borderline sample (${picked.length} of ${s.borderline.count}, lowest first):`);
      for (const e of picked.slice(0, 10)) out.push(`  ${fmt(e.score)}  ${e.query ?? ''}${e.match ? `  ->  ${e.match}` : ''}`);
      if (picked.length > 10) out.push(`  ... ${picked.length - 10} more${opts['sample-out'] ? ` in ${opts['sample-out']}` : ' (--sample-out writes them all)'}`);
    }
    if (opts['sample-out']) {
      writeFileSync(opts['sample-out'], sampleCsv(picked));
      out.push('', `wrote ${opts['sample-out']}: fill the label column (1 = correct match, 0 = wrong), then run simgate calibrate on it`);
    }
    if (opts.report) {
      writeFileSync(opts.report, renderMonitorReport({ file, threshold, borderline, stats: s, reference, weeks: weekly, sample: picked }));
      out.push(`wrote ${opts.report} (open it in a browser)`);
    }
    console.log(out.join('\n'));
  } finally {
    monitors.free();
  }
}

export function cmdCheck(argv) {
  const opts = parseArgs(argv, ['config', 'pairs', 'rows', 'seed', 'dims']);
  if (opts.help) return console.log(HELP_CHECK);
  const file = opts._[0];
  if (!file || opts._.length > 1) throw new UsageError(`check needs exactly one SET file\n\n${HELP_CHECK}`);
  if (!opts.config) throw new UsageError(`check needs --config\n\n${HELP_CHECK}`);
  const config = readConfig(opts.config);
  new Thresholds(config).free(); // the config must load
  let set;
  try {
    set = VectorSet.fromBytes(readFileSync(file));
  } catch (e) {
    throw new InputError(`${file}: ${e.message}`);
  }
  try {
    const pairs = opts.pairs === undefined ? 10_000 : num('pairs', opts.pairs, { min: 1, max: 10_000_000, int: true });
    const rows = opts.rows === undefined ? 200 : num('rows', opts.rows, { min: 1, max: 100_000, int: true });
    const seed = opts.seed === undefined ? 1 : num('seed', opts.seed, { min: 0, int: true });
    const dims = opts.dims === undefined ? undefined : num('dims', opts.dims, { min: 1, max: set.dims, int: true });
    const floor = noiseFloor(set, { pairs, seed, ...(dims ? { dims } : {}) });
    // Best-neighbour scores of sampled rows (each row against the others).
    let x = seed * 2654435761 % 4294967296 || 1;
    const next = () => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x; };
    const best = [];
    for (let i = 0; i < Math.min(rows, set.length); i++) {
      const r = next() % set.length;
      const top = set.topK(set.row(r), 2, dims ? { dims } : {});
      const other = top.find((m) => m.index !== r);
      if (other) best.push(other.score);
    }
    best.sort((a, b) => a - b);
    const bestMax = best.at(-1) ?? null;
    const out = [`simgate check ${file}: ${set.length.toLocaleString('en')} rows of ${set.dims} dims (${set.precisions.join(', ')}${set.model ? `, model ${set.model}` : ''})${dims ? `, scored over ${dims} dims` : ''}`, ''];
    out.push(`noise floor (${floor.pairs.toLocaleString('en')} random pairs, seed ${seed}): mean ${fmt(floor.mean)}, p50 ${fmt(floor.p50)}, p95 ${fmt(floor.p95)}, p99 ${fmt(floor.p99)}, max ${fmt(floor.max)}`);
    if (best.length) out.push(`best neighbour of ${best.length} sampled rows: median ${fmt(best[best.length >> 1])}, max ${fmt(bestMax)}`);
    const configured = [['default', config.default ?? 0.8], ...Object.entries(config.types ?? {}).map(([k, v]) => [`types.${k}`, v]), ...Object.entries(config.fields ?? {}).map(([k, v]) => [`fields.${k}`, v])];
    const warnings = [];
    if (config.model && set.model && config.model !== set.model) warnings.push(`the config was calibrated on ${config.model}; the set holds ${set.model} embeddings: its thresholds do not apply`);
    for (const [name, t] of configured) {
      if (t < floor.p99) warnings.push(`${name} = ${fmt(t)} is below the p99 of random pairs (${fmt(floor.p99)}): it would match unrelated items`);
      if (bestMax !== null && t > bestMax) warnings.push(`${name} = ${fmt(t)} is above the best neighbour score of every sampled row (${fmt(bestMax)}): nothing in the set scores that high against another row`);
    }
    out.push('', ...(warnings.length ? warnings.map((w) => `warning: ${w}`) : [`thresholds (${configured.map(([n, t]) => `${n} ${fmt(t)}`).join(', ')}) are above the noise floor's p99`]));
    console.log(out.join('\n'));
  } finally {
    set.free();
  }
}
