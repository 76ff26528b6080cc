// The match-preview page: loads labeled pairs (the bundled STS-B sample, or
// the user's file), calibrates them with simgate's wasm, and shows what a
// threshold does. Plain ES modules, no build step: served from the
// repository root by `make serve`, it imports the built package from ../pkg/.
import { calibrate, VectorSet, Thresholds, band, explain, cosine } from '../pkg/browser.js';
import { histogramPlot, prPlot, reliabilityPlot, prefixPlot, frame, svg, esc, f, COLORS } from '../pkg/report.js';
import { parseRows, column, asScore, asLabel, asVector } from '../pkg/table.js';

const $ = (id) => document.getElementById(id);
const SAMPLE = '../data/stsb-dev-minilm/';
/** Queries used for recall@k: enough to be stable, few enough to stay interactive on big files. */
const RECALL_QUERIES = 300;

/** Everything derived from the loaded data; replaced (and its wasm objects freed) on each load. */
let S = null;
/** The per-type editor's ThresholdConfig. */
let config = null;

// ------------------------------------------------------------------ loading

async function fetchBytes(file) {
  const res = await fetch(SAMPLE + file);
  if (!res.ok) throw new Error(`cannot load the sample's ${file} (HTTP ${res.status})`);
  return new Uint8Array(await res.arrayBuffer());
}

const f32 = (bytes) => new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);

/** The bundled STS-B dev pairs scored by all-MiniLM-L6-v2, with embeddings and texts. */
async function loadSample() {
  const [meta, scores, labels, classIds, embA, embB, pairs] = await Promise.all([
    fetchBytes('meta.json').then((b) => JSON.parse(new TextDecoder().decode(b))),
    fetchBytes('cos_full.f32').then(f32),
    fetchBytes('label.u8'),
    fetchBytes('class.u8'),
    fetchBytes('emb_a.f32').then(f32),
    fetchBytes('emb_b.f32').then(f32),
    fetchBytes('pairs.tsv').then((b) => parseRows(new TextDecoder().decode(b), 'pairs.tsv')),
  ]);
  return {
    name: `${meta.name}, ${meta.model.name}`,
    scores: Float64Array.from(scores),
    labels,
    classes: Array.from(classIds, (c) => meta.classes[c]),
    emb: { dims: meta.D, a: embA, b: embB },
    texts: { a: pairs.map((r) => r.values.sentence1), b: pairs.map((r) => r.values.sentence2) },
  };
}

/** A user's CSV/TSV/JSONL file: score,label[,class] columns, or embeddings a,b with label. */
function fromText(text, name) {
  const rows = parseRows(text, name);
  const first = rows[0].values;
  const labels = new Uint8Array(column(rows, name, 'label', asLabel));
  const classCol = ['class', 'type'].find((c) => c in first);
  const classes = classCol ? column(rows, name, classCol, (v) => (String(v).trim() ? String(v).trim() : undefined)) : null;
  const textCols = ['text_a', 'text_b'].every((c) => c in first)
    ? { a: column(rows, name, 'text_a', String), b: column(rows, name, 'text_b', String) }
    : null;
  if ('a' in first && 'b' in first) {
    const a = column(rows, name, 'a', asVector);
    const b = column(rows, name, 'b', asVector);
    const dims = a[0].length;
    rows.forEach(({ line }, i) => {
      if (a[i].length !== dims || b[i].length !== dims) {
        throw new Error(`${name}:${line}: every embedding must have ${dims} values like the first (a has ${a[i].length}, b has ${b[i].length})`);
      }
    });
    const emb = { dims, a: new Float32Array(a.flat()), b: new Float32Array(b.flat()) };
    const scores = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      scores[i] = cosine(emb.a.subarray(i * dims, (i + 1) * dims), emb.b.subarray(i * dims, (i + 1) * dims));
    }
    return { name, scores, labels, classes, emb, texts: textCols };
  }
  const scoreCol = ['score', 'cos_full', 'cosine', 'similarity'].find((c) => c in first);
  if (!scoreCol) throw new Error(`${name}: no score column (name it "score"), and no embedding columns "a" and "b"`);
  const scores = new Float64Array(column(rows, name, scoreCol, asScore));
  const prefixScores = Object.keys(first)
    .map((c) => ({ c, dims: Number(/^(?:cos_)?p(\d+)$/.exec(c)?.[1]) }))
    .filter((p) => p.dims > 0)
    .map(({ c, dims }) => ({ dims, scores: new Float64Array(column(rows, name, c, asScore)) }));
  return { name, scores, labels, classes, prefixScores, texts: textCols };
}

// ------------------------------------------------------------------ analysis

function freeState() {
  if (!S) return;
  S.cal.free();
  S.set?.free();
  S = null;
}

/** Cosines of pair i's a and b over their first p dims, from the library. */
function pairCosines(a, b, dims, p) {
  const out = new Float64Array(a.length / dims);
  for (let i = 0; i < out.length; i++) out[i] = cosine(a.subarray(i * dims, (i + 1) * dims), b.subarray(i * dims, (i + 1) * dims), p);
  return out;
}

/**
 * The calibration's ThresholdConfig, as `simgate calibrate` writes it for
 * the same data: the library derives the default, per-class thresholds, the
 * per-prefix table and the bounds (`target` as toConfig takes it).
 */
function calibratedConfig(cal, s, target) {
  return cal.toConfig({
    ...(target ? { target } : {}),
    ...(s.fullDims && s.prefixScores.length ? { prefixes: s.prefixScores, fullDims: s.fullDims } : {}),
  });
}

/** Calibrates `data` and computes everything the plots need once per load. */
function analyze(data) {
  const cal = calibrate(data.scores, data.labels, data.classes ? { classes: data.classes } : {});
  let set = null;
  try {
    const n = data.scores.length;
    let lo = Infinity, hi = -Infinity;
    for (const s of data.scores) { lo = Math.min(lo, s); hi = Math.max(hi, s); }
    const s = {
      data, cal, n, lo, hi,
      positives: data.labels.reduce((a, y) => a + y, 0),
      best: cal.best(), // throws (with a clear message) unless both labels occur
      auc: cal.auc(),
      gap: cal.gap(),
      pr: cal.prCurve(),
      histogram: cal.histogram(40),
      relP: cal.reliability('platt'),
      relI: cal.reliability('isotonic'),
      platt: cal.platt(),
      perClass: data.classes ? cal.perClass() : null,
      prefixes: null,
      recall: null,
      set: null,
    };
    // Scores at shorter prefixes: from the file's prefix columns, or the
    // library's cosines of the embedding pairs at each cut.
    s.prefixScores = data.prefixScores ?? [];
    s.fullDims = null;
    if (data.emb) {
      const { dims, a, b } = data.emb;
      const cuts = [64, 128, 256, 512, 1024].filter((p) => p < dims);
      s.fullDims = dims;
      s.prefixScores = cuts.map((p) => ({ dims: p, scores: pairCosines(a, b, dims, p) }));
      set = new VectorSet(dims);
      set.add(b);
      s.set = set;
      s.recall = recallByPrefix(set, a, dims, data.labels, [...cuts, dims]);
    }
    if (s.prefixScores.length) {
      const shifts = s.fullDims ? calibratedConfig(cal, s, undefined).dimensionAdjustment.table : null;
      s.prefixes = s.prefixScores.map((p) => {
        const c = calibrate(p.scores, data.labels);
        try {
          const b = c.best();
          return { dims: p.dims, threshold: b.threshold, f: b.f, auc: c.auc(), shift: shifts ? shifts[p.dims] : b.threshold - s.best.threshold };
        } finally {
          c.free();
        }
      });
      if (s.fullDims) s.prefixes.push({ dims: s.fullDims, threshold: s.best.threshold, f: s.best.f, auc: s.auc, shift: 0 });
    }
    return s;
  } catch (e) {
    // Nothing of a failed load may stay behind in wasm memory.
    cal.free();
    set?.free();
    throw e;
  }
}

/**
 * Recall@1 and @10 of each same-meaning pair's partner among all second
 * texts, per prefix: the rank of the partner's score (ties to the lower
 * index, as topK orders them).
 */
function recallByPrefix(set, a, dims, labels, prefixes) {
  const queries = [];
  for (let i = 0; i < labels.length && queries.length < RECALL_QUERIES; i++) if (labels[i]) queries.push(i);
  return prefixes.map((p) => {
    let r1 = 0, r10 = 0;
    for (const i of queries) {
      const sc = set.scores(a.subarray(i * dims, (i + 1) * dims), p);
      const mine = sc[i];
      let rank = 0;
      for (let j = 0; j < sc.length && rank < 10; j++) if (sc[j] > mine || (sc[j] === mine && j < i)) rank++;
      if (rank < 1) r1++;
      if (rank < 10) r10++;
    }
    return { dims: p, r1: r1 / queries.length, r10: r10 / queries.length, queries: queries.length };
  });
}

// ------------------------------------------------------------------ threshold view

/** Pairs per band at `t` (the library counts them, boundaries as band() sets them). */
function bandShares(t) {
  return S.cal.bands(t, config.bands);
}

const pct = (k, n) => `${((100 * k) / n).toFixed(1)}%`;
const chip = (b) => `<span class="chip ${b}">${b}</span>`;

/** Re-renders everything that depends on the threshold. Must stay within a frame for 100,000 pairs. */
function setThreshold(t) {
  if (!S || !Number.isFinite(t)) return;
  const m = S.cal.at(t);
  $('slider').value = t;
  if (Number($('threshold').value) !== t) $('threshold').value = t;
  $('cm-tp').textContent = m.tp;
  $('cm-fp').textContent = m.fp;
  $('cm-fn').textContent = m.fn;
  $('cm-tn').textContent = m.tn;
  $('m-precision').textContent = m.precision === null ? 'undefined (nothing accepted)' : m.precision.toFixed(4);
  $('m-recall').textContent = m.recall === null ? '-' : m.recall.toFixed(4);
  $('m-f1').textContent = m.f1.toFixed(4);
  const shares = bandShares(t, m);
  for (const k of ['high', 'medium', 'low', 'none']) {
    $(`b-${k}`).textContent = `${pct(shares[k], S.n)} (${shares[k]})`;
    $(`b-${k}`).dataset.count = shares[k];
  }
  const r = { ...S, current: m };
  $('plot-hist').innerHTML = histogramPlot(r);
  $('plot-pr').innerHTML = prPlot(r);
  showPair(t);
  if (S.set) renderPreview(t);
}

function showPair(t) {
  const i = Math.min(S.n - 1, Math.max(0, Math.trunc(Number($('pair').value) || 0)));
  const score = S.data.scores[i];
  const texts = S.data.texts;
  $('pair-text').innerHTML = `pair ${i} (${S.data.labels[i] ? 'same' : 'different'}${S.data.classes ? `, ${esc(S.data.classes[i])}` : ''}): score ${score.toFixed(4)} ${chip(band(score, t))}`
    + (texts ? `<br>“${esc(texts.a[i])}” / “${esc(texts.b[i])}”` : '');
  $('explanation').textContent = explain(t, [score]).text;
}

/** Up to 12 pairs whose texts contain `needle` (case-insensitive), as buttons that select them. */
function findPairs(needle) {
  const texts = S?.data.texts;
  const q = needle.trim().toLowerCase();
  if (!texts || q.length < 2) { $('found').innerHTML = ''; return; }
  const hits = [];
  for (let i = 0; i < texts.a.length && hits.length < 12; i++) {
    if (texts.a[i].toLowerCase().includes(q) || texts.b[i].toLowerCase().includes(q)) hits.push(i);
  }
  $('found').innerHTML = hits.length
    ? hits.map((i) => `<button type="button" data-pair="${i}" title="${esc(texts.b[i])}">${i}: ${esc(texts.a[i].slice(0, 48))}</button>`).join('')
    : 'no pair contains that text';
}

// ------------------------------------------------------------------ match preview

let previewCache = null;

/** Scores of pair `i`'s first text against every second text at each prefix (cached per query). */
function queryScores(i) {
  if (previewCache?.i === i) return previewCache;
  const { dims, a } = S.data.emb;
  const q = a.subarray(i * dims, (i + 1) * dims);
  const prefixes = S.recall.map((r) => r.dims);
  const byPrefix = new Map(prefixes.map((p) => [p, S.set.scores(q, p)]));
  previewCache = { i, q, prefixes, byPrefix, full: S.set.topK(q, 10) };
  return previewCache;
}

function renderPreview(t) {
  const i = Math.min(S.n - 1, Math.max(0, Math.trunc(Number($('pair').value) || 0)));
  const { q, prefixes, byPrefix, full } = queryScores(i);
  const dims = S.data.emb.dims;
  const coarseDims = Number($('coarse').value) || prefixes[0];
  const coarseK = Math.max(1, Math.trunc(Number($('coarse-k').value) || 50));
  const cascade = S.set.cascade(q, { coarseDims, coarseK, k: 10 });
  const text = (j) => (S.data.texts ? esc(S.data.texts.b[j]) : `#${j}`);
  const head = `<tr><th>#</th><th>candidate</th>${prefixes.map((p) => `<th>${p === dims ? 'full' : p}</th>`).join('')}<th>band</th></tr>`;
  const row = (m, k) => `<tr class="${m.index === i ? 'partner' : ''}"><td>${k + 1}</td><td class="text">${text(m.index)}</td>${prefixes
    .map((p) => `<td>${byPrefix.get(p)[m.index].toFixed(3)}</td>`).join('')}<td>${chip(band(m.score, t))}</td></tr>`;
  const same = cascade.filter((m, k) => full[k]?.index === m.index).length;
  const overlap = cascade.filter((m) => full.some((x) => x.index === m.index)).length;
  $('preview').innerHTML = `<p>Query (pair ${i}): “${S.data.texts ? esc(S.data.texts.a[i]) : `#${i}`}”. Its partner is highlighted.</p>
<div class="preview">
<table id="preview-full"><caption>Full dims (${dims}): top 10</caption>${head}${full.map(row).join('')}</table>
<table id="preview-cascade"><caption>Cascade ${coarseDims} dims (top ${coarseK}) → ${dims}: ${overlap}/10 of the full-dims top 10, ${same} in the same place</caption>${head}${cascade.map(row).join('')}</table>
</div>`;
}

// ------------------------------------------------------------------ static plots

function recallPlot(rows) {
  const xs = rows.map((r) => r.dims);
  const { sx, sy, g } = frame({ xmin: 0, xmax: Math.max(...xs), ymin: 0, ymax: 1, xlabel: 'prefix dims', ylabel: 'recall of the partner', xvals: xs });
  let body = g;
  for (const [key, color, label] of [['r1', COLORS.best, 'R@1'], ['r10', COLORS.pos, 'R@10']]) {
    body += `<polyline points="${rows.map((r) => `${sx(r.dims)},${sy(r[key])}`).join(' ')}" fill="none" stroke="${color}" stroke-width="2"/>`;
    for (const r of rows) body += `<circle cx="${sx(r.dims)}" cy="${sy(r[key])}" r="4" fill="${color}"><title>${label} at ${r.dims} dims: ${f(r[key])}</title></circle>`;
  }
  return svg(`Recall@1 and @10 of the partner among all ${S.n} candidates, by prefix (${rows[0].queries} same-meaning queries)`, body,
    ` <span class="k" style="--c:${COLORS.best}">R@1</span><span class="k" style="--c:${COLORS.pos}">R@10</span>`);
}

function renderStatic() {
  $('plot-rel-platt').innerHTML = reliabilityPlot('Platt', S.relP);
  $('plot-rel-iso').innerHTML = reliabilityPlot('isotonic (in-sample)', S.relI);
  $('prefix-section').hidden = !S.prefixes;
  if (S.prefixes) {
    const withDims = S.prefixes.filter((p) => Number.isFinite(p.dims));
    $('plot-prefix').innerHTML = withDims.length > 1 ? prefixPlot(withDims) : '';
    $('plot-recall').innerHTML = S.recall ? recallPlot(S.recall) : '';
    const recallAt = (d) => S.recall?.find((r) => r.dims === d);
    $('prefix-table').innerHTML = `<tr><th>prefix dims</th><th>F1-optimal threshold</th><th>shift</th><th>F1</th><th>AUC</th>${S.recall ? '<th>R@1</th><th>R@10</th>' : ''}</tr>`
      + S.prefixes.map((p) => `<tr><td>${p.dims}</td><td>${f(p.threshold, 4)}</td><td>${p.shift >= 0 ? '+' : ''}${f(p.shift, 4)}</td><td>${f(p.f)}</td><td>${f(p.auc, 4)}</td>${
        S.recall ? `<td>${f(recallAt(p.dims)?.r1)}</td><td>${f(recallAt(p.dims)?.r10)}</td>` : ''}</tr>`).join('');
  }
  $('preview-section').hidden = !S.set;
  if (S.set) {
    $('coarse').innerHTML = S.recall.filter((r) => r.dims < S.data.emb.dims).map((r) => `<option>${r.dims}</option>`).join('');
  }
  $('per-class').hidden = !S.perClass;
  if (S.perClass) {
    $('per-class').innerHTML = '<caption>Per class (F1-optimal within each class)</caption><tr><th>class</th><th>threshold</th><th>F1</th><th>pairs</th><th>same</th></tr>'
      + Object.entries(S.perClass).map(([k, v]) => `<tr><td>${esc(k)}</td><td>${f(v.threshold, 4)}</td><td>${f(v.f)}</td><td>${v.n}</td><td>${v.positives}</td></tr>`).join('');
  }
  const bt = S.best;
  $('summary').textContent = `${S.n.toLocaleString('en')} pairs (${S.positives} same, ${S.n - S.positives} different). AUC ${S.auc.toFixed(4)}. `
    + `F1-optimal threshold ${bt.threshold.toFixed(4)} (P ${bt.precision.toFixed(3)}, R ${bt.recall.toFixed(3)}, F1 ${bt.f.toFixed(3)}). `
    + (S.atP ? `Precision ≥ ${S.target}: ${S.atP.threshold.toFixed(4)} (recall ${S.atP.recall.toFixed(3)}).` : `Precision ${S.target} is not reachable.`);
}

function setTarget() {
  const target = Number($('target').value);
  S.target = target > 0 && target <= 1 ? target : 0.9;
  S.atP = S.cal.atPrecision(S.target);
  $('use-target').disabled = !S.atP;
}

// ------------------------------------------------------------------ per-type editor

/** The normalized form of a config (or a Thresholds about to be dropped), as the package reads it. */
function normalized(config) {
  const t = config instanceof Thresholds ? config : new Thresholds(config);
  try { return t.toJSON(); } finally { t.free(); }
}

function seedConfig(next) {
  config = normalized(next);
  renderEditor();
}

function renderEditor() {
  $('default').value = config.default;
  $('types').innerHTML = `<tr><th>type</th><th>threshold</th><th></th></tr>` + Object.entries(config.types)
    .map(([name, t]) => `<tr><td>${esc(name)}</td><td><input type="number" min="-1" max="1" step="0.01" value="${t}" data-type="${esc(name)}" aria-label="threshold for ${esc(name)}"></td>`
      + `<td><button type="button" data-remove="${esc(name)}">remove</button></td></tr>`).join('');
  validateConfig();
}

/** Checks the edited config by loading it, as the package will. */
function validateConfig() {
  try {
    config = normalized(config);
    $('config-error').textContent = '';
    $('export').disabled = false;
  } catch (e) {
    $('config-error').textContent = e.message;
    $('export').disabled = true;
  }
  $('config-json').textContent = JSON.stringify(config, null, 2);
}

function editNumber(apply, raw) {
  const x = Number(raw);
  if (raw === '' || !Number.isFinite(x)) {
    $('config-error').textContent = `not a number: ${JSON.stringify(raw)}`;
    $('export').disabled = true;
    return;
  }
  apply(x);
  validateConfig();
}

function exportConfig() {
  const blob = new Blob([`${JSON.stringify(config, null, 2)}\n`], { type: 'application/json' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = 'thresholds.json';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

// ------------------------------------------------------------------ wiring

function show(data) {
  const next = analyze(data); // throws on bad data before the old state goes
  freeState();
  S = next;
  previewCache = null;
  setTarget();
  const lo = Math.floor(S.lo * 100) / 100, hi = Math.ceil(S.hi * 100) / 100;
  for (const el of [$('slider'), $('threshold')]) { el.min = lo; el.max = hi; }
  $('pair').max = S.n - 1;
  if (Number($('pair').value) > S.n - 1) $('pair').value = 0;
  renderStatic();
  setThreshold(S.best.threshold);
  document.documentElement.dataset.state = 'ready';
  document.documentElement.dataset.pairs = S.n;
  $('status').textContent = `Loaded ${data.name}: ${S.n.toLocaleString('en')} labeled pairs${data.emb ? ` with ${data.emb.dims}-dim embeddings` : ''}.`;
}

async function load(what, name = 'the sample data') {
  document.documentElement.dataset.state = 'loading';
  $('status').textContent = 'Loading…';
  try {
    show(typeof what === 'function' ? await what() : what);
  } catch (e) {
    document.documentElement.dataset.state = S ? 'ready' : 'error';
    $('status').textContent = e.message.startsWith(`${name}:`) ? `Could not load ${e.message}` : `Could not load ${name}: ${e.message}`;
  }
}

async function loadFile(file) {
  const text = await file.text();
  await load(() => fromText(text, file.name), file.name);
}

function wire() {
  $('slider').addEventListener('input', (e) => setThreshold(Number(e.target.value)));
  $('threshold').addEventListener('input', (e) => { if (e.target.value !== '') setThreshold(Number(e.target.value)); });
  $('use-best').addEventListener('click', () => setThreshold(S.best.threshold));
  $('use-target').addEventListener('click', () => S.atP && setThreshold(S.atP.threshold));
  $('target').addEventListener('change', () => { setTarget(); renderStatic(); setThreshold(Number($('slider').value)); });
  $('pair').addEventListener('input', () => setThreshold(Number($('slider').value)));
  $('find').addEventListener('input', (e) => findPairs(e.target.value));
  $('found').addEventListener('click', (e) => {
    const i = e.target.dataset.pair;
    if (i === undefined) return;
    $('pair').value = i;
    setThreshold(Number($('slider').value));
  });
  $('coarse').addEventListener('change', () => setThreshold(Number($('slider').value)));
  $('coarse-k').addEventListener('change', () => setThreshold(Number($('slider').value)));
  $('file').addEventListener('change', (e) => e.target.files[0] && loadFile(e.target.files[0]));
  $('sample').addEventListener('click', () => load(loadSample));
  const drop = $('drop');
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    if (e.dataTransfer.files[0]) loadFile(e.dataTransfer.files[0]);
  });

  $('preset').innerHTML = ['default', 'strict', 'loose'].map((p) => `<option>${p}</option>`).join('');
  $('preset').addEventListener('change', (e) => seedConfig(Thresholds.preset(e.target.value)));
  $('from-calibration').addEventListener('click', () => seedConfig({ ...config, ...calibratedConfig(S.cal, S, S.atP ? { precision: S.target } : undefined) }));
  $('default').addEventListener('change', (e) => editNumber((x) => { config.default = x; }, e.target.value));
  $('types').addEventListener('change', (e) => {
    const name = e.target.dataset.type;
    if (name !== undefined) editNumber((x) => { config.types[name] = x; }, e.target.value);
  });
  $('types').addEventListener('click', (e) => {
    const name = e.target.dataset.remove;
    if (name !== undefined) { delete config.types[name]; renderEditor(); }
  });
  $('add-type').addEventListener('click', () => {
    const name = $('new-type').value.trim();
    if (!name) { $('config-error').textContent = 'type name is empty'; return; }
    editNumber((x) => { config.types[name] = x; }, $('new-threshold').value);
    renderEditor();
  });
  $('export').addEventListener('click', exportConfig);
}

wire();
seedConfig(Thresholds.preset('default'));
await load(loadSample);
