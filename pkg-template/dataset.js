// Labeled pairs, ready for calibrate() and toConfig(): read from table rows
// (table.js parses CSV, TSV and JSONL) or from a bundled sample folder, and
// the tables that show a calibration. Shared by the `simgate` CLI, the www
// match-preview page, the demo and the tests, so one file reads the same
// everywhere. Cosines come from the library (passed in as `cosine`, so this
// module works with every entry point).
import { InputError, column, asScore, asLabel, asVector } from './table.js';

/** Prefixes calibrated from embedding pairs unless told otherwise (those below the full dims). */
export const PREFIX_CUTS = [64, 128, 256, 512, 1024];

/** Little-endian float32 bytes as a Float32Array (an aligned copy). */
export function f32(bytes) {
  const b = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

/**
 * A bundled sample folder (data/stsb-dev-minilm): `read(file)` returns the
 * file's bytes (or a promise of them). Texts come from pairs.tsv when
 * `parseRows` is given.
 */
export async function loadSample(read, parseRows = null) {
  const text = async (file) => new TextDecoder().decode(await read(file));
  const meta = JSON.parse(await text('meta.json'));
  const [scores, labels, classIds, a, b] = await Promise.all(
    ['cos_full.f32', 'label.u8', 'class.u8', 'emb_a.f32', 'emb_b.f32'].map((f) => read(f)),
  );
  const pairs = parseRows ? parseRows(await text('pairs.tsv'), 'pairs.tsv') : null;
  return {
    name: `${meta.name}, ${meta.model.name}`,
    meta,
    scores: Float64Array.from(f32(scores)),
    labels: new Uint8Array(labels),
    classes: Array.from(classIds, (c) => meta.classes[c]),
    emb: { dims: meta.D, a: f32(a), b: f32(b) },
    texts: pairs && { a: pairs.map((r) => r.values.sentence1), b: pairs.map((r) => r.values.sentence2) },
  };
}

/** Cosines of pair i's `a` and `b` rows over their first `p` dims, from the library's `cosine`. */
export function pairCosines(emb, p, cosine) {
  const { dims, a, b } = emb;
  const out = new Float64Array(a.length / dims);
  for (let i = 0; i < out.length; i++) {
    out[i] = cosine(a.subarray(i * dims, (i + 1) * dims), b.subarray(i * dims, (i + 1) * dims), p);
  }
  return out;
}

/** The column names a file uses, guessed from its first row (what the page does for a dropped file). */
export function detectColumns(rows) {
  const first = rows[0].values;
  const has = (c) => c in first;
  return {
    label: 'label',
    score: ['score', 'cos_full', 'cosine', 'similarity'].find(has) ?? null,
    class: ['class', 'type'].find(has) ?? null,
    embeddings: has('a') && has('b'),
    prefixColumns: Object.keys(first).filter((c) => /^(?:cos_)?p\d+$/.test(c)),
    texts: has('text_a') && has('text_b'),
  };
}

/**
 * Labeled pairs from parsed rows of `file`:
 * - `label` (0/1) and `score` columns, an optional `class` column (values, or
 *   numeric ids named by `classNames`), optional `prefixColumns` (named like
 *   cos_p64: the number is the prefix dims; `fullDims` says the full dims);
 * - or, with `embeddings`, columns `a` and `b` holding vectors of `dims`
 *   values (the first row's length when not given): scores are the library's
 *   cosines at full dims and at each of `prefixes` below it.
 * Returns { scores, labels, classes, emb, prefixScores, fullDims, texts }.
 */
export function pairsFromRows(rows, file, opts, cosine) {
  const labels = new Uint8Array(column(rows, file, opts.label ?? 'label', asLabel));
  let classes = null;
  if (opts.class) {
    classes = column(rows, file, opts.class, (v) => {
      const s = String(v).trim();
      if (!s) return undefined;
      return opts.classNames ? opts.classNames[Number(s)] : s;
    });
  }
  // Text columns: text_a/text_b, or sentence1/sentence2 (STS-B's names).
  const textCols = opts.texts ? (Array.isArray(opts.texts) ? opts.texts : ['text_a', 'text_b']) : null;
  const texts = textCols ? { a: column(rows, file, textCols[0], String), b: column(rows, file, textCols[1], String) } : null;
  if (opts.embeddings) {
    const a = column(rows, file, 'a', asVector);
    const b = column(rows, file, 'b', asVector);
    const dims = opts.dims ?? a[0].length;
    rows.forEach(({ line }, i) => {
      if (a[i].length !== dims || b[i].length !== dims) {
        throw new InputError(`${file}:${line}: embeddings must have ${dims} values (a has ${a[i].length}, b has ${b[i].length})`);
      }
    });
    const emb = { dims, a: new Float32Array(a.flat()), b: new Float32Array(b.flat()) };
    const cuts = (opts.prefixes ?? PREFIX_CUTS).filter((p) => p < dims);
    return {
      scores: pairCosines(emb, dims, cosine),
      labels,
      classes,
      emb,
      prefixScores: cuts.map((p) => ({ dims: p, scores: pairCosines(emb, p, cosine) })),
      fullDims: dims,
      texts,
    };
  }
  if (!opts.score) throw new InputError(`${file}: no score column (name it "score"), and no embedding columns "a" and "b"`);
  const scores = new Float64Array(column(rows, file, opts.score, asScore));
  const prefixScores = (opts.prefixColumns ?? []).map((col) => {
    const dims = Number(/(\d+)\s*$/.exec(col)?.[1]);
    if (!Number.isInteger(dims) || dims < 1) {
      throw new InputError(`prefix column "${col}": cannot tell the prefix dims from the name (end it with the number, e.g. cos_p64)`);
    }
    return { dims, scores: new Float64Array(column(rows, file, col, asScore)) };
  });
  return { scores, labels, classes, emb: null, prefixScores, fullDims: opts.fullDims ?? null, texts };
}

/** The text columns of `rows`, when it has a pair of them. */
export function textColumns(rows) {
  const has = (k) => rows[0]?.values[k] !== undefined;
  return [['text_a', 'text_b'], ['sentence1', 'sentence2']].find(([a, b]) => has(a) && has(b)) ?? null;
}

/**
 * The worst errors at `threshold`, for a reviewer: the highest-scoring
 * different pairs it accepts and the lowest-scoring same pairs it rejects
 * (up to `n` each), with their texts when the data has them.
 */
export function reviewList(data, threshold, n = 10) {
  const item = (i) => ({ index: i, score: data.scores[i], ...(data.texts ? { a: data.texts.a[i], b: data.texts.b[i] } : {}) });
  const accepted = [], rejected = [];
  for (let i = 0; i < data.scores.length; i++) {
    if (data.labels[i] === 0 && data.scores[i] >= threshold) accepted.push(i);
    if (data.labels[i] === 1 && data.scores[i] < threshold) rejected.push(i);
  }
  accepted.sort((x, y) => data.scores[y] - data.scores[x] || x - y);
  rejected.sort((x, y) => data.scores[x] - data.scores[y] || x - y);
  return {
    falseAccepts: accepted.slice(0, n).map(item), falseAcceptCount: accepted.length,
    falseRejects: rejected.slice(0, n).map(item), falseRejectCount: rejected.length,
  };
}

/** The review list as text lines. */
export function reviewLines(review, threshold) {
  const line = (e) => `  ${e.score.toFixed(4)}  #${e.index}${e.a !== undefined ? `  "${e.a}" / "${e.b}"` : ''}`;
  return [
    `different pairs accepted at ${threshold.toFixed(4)} (${review.falseAcceptCount}; highest first):`, ...review.falseAccepts.map(line),
    `same pairs rejected at ${threshold.toFixed(4)} (${review.falseRejectCount}; lowest first):`, ...review.falseRejects.map(line),
  ];
}

/** The toConfig() options for `data`: the target, and the prefixes when the full dims are known. */
export function configOptions(data, target) {
  return {
    ...(target ? { target } : {}),
    ...(data.prefixScores?.length && data.fullDims ? { prefixes: data.prefixScores, fullDims: data.fullDims } : {}),
  };
}

/**
 * One row per prefix (and the full dims): its F-optimal threshold, F and AUC
 * from its own calibration, and the shift the config records (relative to
 * the full-dims threshold when the config has no table).
 */
export function prefixRows(data, best, auc, config, calibrate, beta = 1) {
  const table = config?.dimensionAdjustment?.table;
  const rows = data.prefixScores.map((p) => {
    const c = calibrate(p.scores, data.labels);
    try {
      const b = c.best(beta);
      const shift = table?.[p.dims] ?? b.threshold - best.threshold;
      return { dims: p.dims, threshold: b.threshold, f: b.f, auc: c.auc(), shift };
    } finally {
      c.free();
    }
  });
  if (data.fullDims) rows.push({ dims: data.fullDims, threshold: best.threshold, f: best.f, auc, shift: 0 });
  return rows;
}

const fixed = (x, d) => (x === null || x === undefined || Number.isNaN(x) ? '-' : x.toFixed(d));

/** The per-class table: header row, then one row per class. */
export function perClassTable(perClass) {
  return [['class', 'threshold', 'F1', 'pairs', 'same'],
    ...Object.entries(perClass).map(([k, v]) => [k, fixed(v.threshold, 4), fixed(v.f, 3), String(v.n), String(v.positives)])];
}

/** The per-prefix table: header row, then one row per prefix (`extra` adds columns). */
export function prefixTable(rows, fullDims, fName = 'F1', extra = null) {
  return [['prefix dims', 'threshold', 'shift', fName, 'AUC', ...(extra?.header ?? [])],
    ...rows.map((p, i) => [p.dims === fullDims ? `${p.dims} (full)` : String(p.dims), fixed(p.threshold, 4),
      (p.shift >= 0 ? '+' : '') + fixed(p.shift, 4), fixed(p.f, 3), fixed(p.auc, 4), ...(extra?.cells(i) ?? [])])];
}

/** A table as aligned text (first column left, the rest right). */
export function textTable(rows) {
  const widths = rows[0].map((_, j) => Math.max(...rows.map((r) => String(r[j]).length)));
  return rows.map((r) => r.map((c, j) => (j === 0 ? String(c).padEnd(widths[j]) : String(c).padStart(widths[j]))).join('  ')).join('\n');
}

const escape = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

/** A table as HTML rows (the first row as headers), optionally with a caption. */
export function htmlTable(rows, caption = '') {
  const [head, ...body] = rows;
  return `${caption ? `<caption>${escape(caption)}</caption>` : ''}<tr>${head.map((h) => `<th>${escape(h)}</th>`).join('')}</tr>`
    + body.map((r) => `<tr>${r.map((c) => `<td>${escape(c)}</td>`).join('')}</tr>`).join('');
}
