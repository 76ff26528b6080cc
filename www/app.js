// The match-preview page: loads labeled pairs (the bundled STS-B sample, or
// the user's file), calibrates them with simgate's wasm, and shows what a
// threshold does. Plain ES modules, no build step: served from the
// repository root by `make serve`, it imports the built package from ../pkg/.
import { calibrate, VectorSet, Thresholds, band, explain, cosine } from '../pkg/browser.js';
import { histogramPlot, prPlot, reliabilityPlot, prefixPlot, frame, svg, esc, f, COLORS } from '../pkg/report.js';
import { parseRows } from '../pkg/table.js';
import { PREFIX_CUTS, configOptions, detectColumns, htmlTable, loadSample as readSample, pairCosines, pairsFromRows, perClassTable, prefixRows, prefixTable, reviewList } from '../pkg/dataset.js';
import { renderMonitor, wireMonitor } from './monitor.js';

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

/** The bundled STS-B dev pairs scored by all-MiniLM-L6-v2, with embeddings and texts. */
async function loadSample() {
  const data = await readSample(fetchBytes, parseRows);
  return { ...data, fullDims: data.emb.dims, prefixScores: null };
}

/** A user's CSV/TSV/JSONL file: score,label[,class] columns (and prefix columns), or embeddings a,b with label. */
function fromText(text, name) {
  const rows = parseRows(text, name);
  const cols = detectColumns(rows);
  return { name, ...pairsFromRows(rows, name, cols, cosine) };
}

// ------------------------------------------------------------------ analysis

function freeState() {
  if (!S) return;
  S.cal.free();
  S.set?.free();
  S = null;
}

/**
 * The calibration's ThresholdConfig, as `simgate calibrate` writes it for
 * the same data: the library derives the default, per-class thresholds, the
 * per-prefix table and the bounds.
 */
function calibratedConfig(cal, s, target) {
  return cal.toConfig(configOptions(s, target));
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
    s.fullDims = data.fullDims ?? null;
    if (data.emb) {
      const { dims, a, b } = data.emb;
      const cuts = PREFIX_CUTS.filter((p) => p < dims);
      if (!s.prefixScores.length) s.prefixScores = cuts.map((p) => ({ dims: p, scores: pairCosines(data.emb, p, cosine) }));
      set = new VectorSet(dims);
      // Each candidate's metadata: its pair's class (when the data has one) and label,
      // what the preview's filter box filters on.
      const ids = Array.from(data.labels, (_, i) => String(i));
      set.add(b, ids, { metadata: Array.from(data.labels, (l, i) => ({ ...(data.classes ? { class: data.classes[i] } : {}), pair: i, same: l === 1 })) });
      s.set = set;
      s.recall = recallByPrefix(set, a, dims, data.labels, [...cuts, dims]);
    }
    if (s.prefixScores.length) {
      const cfg = s.fullDims ? calibratedConfig(cal, s) : null;
      s.prefixes = prefixRows({ ...data, prefixScores: s.prefixScores, fullDims: s.fullDims }, s.best, s.auc, cfg, calibrate);
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
  renderReview(t);
  if (S.set) renderPreview(t);
  // Re-recording the events is the costliest part: once the slider rests.
  clearTimeout(monitorTimer);
  monitorTimer = setTimeout(() => renderMonitor(t, reference()), 150);
}

let monitorTimer = null;

/** The loaded pairs' score histogram, the Monitor view's reference for drift. */
function reference() {
  if (!S) return null;
  const h = S.cal.histogram(20);
  return { edges: Array.from(h.edges), counts: Array.from(h.positive, (p, i) => p + h.negative[i]) };
}

/** The worst errors at `t`: the highest-scoring different pairs accepted, the lowest-scoring same pairs rejected. */
function renderReview(t) {
  const r = reviewList(S.data, t, 5);
  const rows = (list) => list.map((e) => `<tr><td><button type="button" data-pair="${e.index}">#${e.index}</button></td><td>${e.score.toFixed(4)}</td>${e.a !== undefined ? `<td>${esc(e.a)}</td><td>${esc(e.b)}</td>` : ''}</tr>`).join('');
  $('review').innerHTML = `<table id="review-accepted"><caption>Different pairs accepted (${r.falseAcceptCount}), highest first</caption>${rows(r.falseAccepts)}</table>`
    + `<table id="review-rejected"><caption>Same pairs rejected (${r.falseRejectCount}), lowest first</caption>${rows(r.falseRejects)}</table>`;
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

/**
 * The preview's filter: the box's JSON (a Filter in Vectorize's syntax), or
 * undefined when empty; a box that is not JSON shows why and filters nothing.
 */
function previewFilter() {
  const raw = $('preview-filter').value.trim();
  $('preview-filter-error').textContent = '';
  if (!raw) return undefined;
  try {
    const filter = JSON.parse(raw);
    S.set.count({ filter });
    return filter;
  } catch (e) {
    $('preview-filter-error').textContent = e.message;
    return undefined;
  }
}

/** Scores of pair `i`'s first text against every second text at each prefix (cached per query and filter). */
function queryScores(i, filter) {
  const key = JSON.stringify(filter ?? null);
  if (previewCache?.i === i && previewCache.key === key) return previewCache;
  const { dims, a } = S.data.emb;
  const q = a.subarray(i * dims, (i + 1) * dims);
  const prefixes = S.recall.map((r) => r.dims);
  const byPrefix = new Map(prefixes.map((p) => [p, S.set.scores(q, p)]));
  previewCache = { i, key, q, prefixes, byPrefix, full: S.set.topK(q, 10, { filter }) };
  return previewCache;
}

function renderPreview(t) {
  const i = Math.min(S.n - 1, Math.max(0, Math.trunc(Number($('pair').value) || 0)));
  const filter = previewFilter();
  const { q, prefixes, byPrefix, full } = queryScores(i, filter);
  const dims = S.data.emb.dims;
  const coarseDims = Number($('coarse').value) || prefixes[0];
  const coarseK = Math.max(1, Math.trunc(Number($('coarse-k').value) || 50));
  const cascade = S.set.cascade(q, { coarseDims, coarseK, k: 10, filter });
  const passing = S.set.count({ filter });
  $('preview-filter-count').textContent = filter ? `${passing} of ${S.set.length} candidates pass` : '';
  const text = (j) => (S.data.texts ? esc(S.data.texts.b[j]) : `#${j}`);
  const meta = (j) => esc(Object.entries(S.set.metadata(String(j)) ?? {}).map(([k, v]) => `${k}: ${v}`).join(', '));
  const head = `<tr><th>#</th><th>candidate</th><th>metadata</th>${prefixes.map((p) => `<th>${p === dims ? 'full' : p}</th>`).join('')}<th>band</th></tr>`;
  const row = (m, k) => `<tr class="${m.index === i ? 'partner' : ''}"><td>${k + 1}</td><td class="text">${text(m.index)}</td><td class="meta">${meta(m.index)}</td>${prefixes
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
    $('prefix-table').innerHTML = htmlTable(prefixTable(S.prefixes, S.fullDims, 'F1', S.recall && {
      header: ['R@1', 'R@10'],
      cells: (i) => [f(recallAt(S.prefixes[i].dims)?.r1), f(recallAt(S.prefixes[i].dims)?.r10)],
    }));
  }
  $('preview-section').hidden = !S.set;
  if (S.set) {
    $('coarse').innerHTML = S.recall.filter((r) => r.dims < S.data.emb.dims).map((r) => `<option>${r.dims}</option>`).join('');
  }
  $('per-class').hidden = !S.perClass;
  if (S.perClass) {
    $('per-class').innerHTML = htmlTable(perClassTable(S.perClass), 'Per class (F1-optimal within each class)');
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
  $('review').addEventListener('click', (e) => {
    const i = e.target.dataset.pair;
    if (i === undefined) return;
    $('pair').value = i;
    setThreshold(Number($('slider').value));
  });
  wireMonitor(() => ({ threshold: Number($('slider').value), reference: reference() }));
  $('coarse').addEventListener('change', () => setThreshold(Number($('slider').value)));
  $('coarse-k').addEventListener('change', () => setThreshold(Number($('slider').value)));
  $('preview-filter').addEventListener('change', () => setThreshold(Number($('slider').value)));
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
