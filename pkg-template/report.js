// The `simgate calibrate --report` page: one self-contained HTML file with
// inline SVG plots (no scripts, no external assets), readable offline. The
// plot builders are exported for the www match-preview page, which draws the
// same figures plus the slider's current threshold (`r.current`).

export const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
export const f = (x, d = 3) => (x === null || x === undefined ? '-' : Number(x).toFixed(d));
const W = 520, H = 300, M = { l: 48, r: 16, t: 16, b: 40 };
export const COLORS = { pos: '#1b9e77', neg: '#d95f02', best: '#7570b3', target: '#e7298a', gap: '#666', diag: '#bbb', current: '#111' };

/**
 * Round tick values within [lo, hi]: steps of 1, 2 or 5 times a power of
 * ten, about `count` of them (0, 20, 40 rather than 0, 18, 37).
 */
export function niceTicks(lo, hi, count = 5, integer = false) {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(integer ? 1 : 0, [1, 2, 5, 10].map((m) => m * mag).find((st) => (hi - lo) / st <= count * 1.5));
  const out = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toFixed(12)));
  return out;
}

/** Decimals that show `ticks` without noise (0.05 steps: 2). */
const decimalsOf = (ticks) => Math.min(4, Math.max(0, ...ticks.map((t) => (String(t).split('.')[1] ?? '').length)));

export function frame({ xmin, xmax, ymin, ymax, xlabel, ylabel, xticks = 5, yticks = 5, xvals = null, yint = false }) {
  if (yint) {
    // Counts: extend the axis to a round top so the ticks are round numbers.
    const top = niceTicks(0, ymax, yticks, true);
    const step = top.length > 1 ? top[1] - top[0] : 1;
    ymax = Math.max(step, Math.ceil(ymax / step) * step);
  }
  const sx = (x) => M.l + ((x - xmin) / (xmax - xmin || 1)) * (W - M.l - M.r);
  const sy = (y) => H - M.b - ((y - ymin) / (ymax - ymin || 1)) * (H - M.t - M.b);
  let g = `<rect x="${M.l}" y="${M.t}" width="${W - M.l - M.r}" height="${H - M.t - M.b}" fill="none" stroke="#ccc"/>`;
  const xs = xvals ?? niceTicks(xmin, xmax, xticks);
  const xd = decimalsOf(xs);
  for (const x of xs) {
    g += `<text x="${sx(x)}" y="${H - M.b + 16}" text-anchor="middle" font-size="11">${xvals ? x : f(x, xd)}</text>`;
  }
  const ys = niceTicks(ymin, ymax, yticks, yint);
  const yd = yint ? 0 : decimalsOf(ys);
  for (const y of ys) {
    g += `<text x="${M.l - 6}" y="${sy(y) + 4}" text-anchor="end" font-size="11">${f(y, yd)}</text>`;
  }
  g += `<text x="${(M.l + W - M.r) / 2}" y="${H - 6}" text-anchor="middle" font-size="12">${esc(xlabel)}</text>`;
  g += `<text x="12" y="${(M.t + H - M.b) / 2}" text-anchor="middle" font-size="12" transform="rotate(-90 12 ${(M.t + H - M.b) / 2})">${esc(ylabel)}</text>`;
  return { sx, sy, g };
}

export const svg = (title, body, legend = '') =>
  `<figure><svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(title)}">${body}</svg><figcaption>${esc(title)}${legend}</figcaption></figure>`;

const vline = (sx, x, color, label, ymin, ymax, dash = '5 3') =>
  `<line x1="${sx(x)}" x2="${sx(x)}" y1="${ymin}" y2="${ymax}" stroke="${color}" stroke-width="2" stroke-dasharray="${dash}"><title>${esc(label)}</title></line>`;

export function histogramPlot(r) {
  const { edges, positive, negative } = r.histogram;
  const n = positive.length;
  const ymax = Math.max(1, ...positive, ...negative);
  const { sx, sy, g } = frame({ xmin: edges[0], xmax: edges[n], ymin: 0, ymax, xlabel: 'score', ylabel: 'pairs', yint: true });
  let body = g;
  for (let i = 0; i < n; i++) {
    const x0 = sx(edges[i]), x1 = sx(edges[i + 1]);
    for (const [counts, color] of [[negative, COLORS.neg], [positive, COLORS.pos]]) {
      body += `<rect x="${x0}" y="${sy(counts[i])}" width="${Math.max(0.5, x1 - x0 - 1)}" height="${sy(0) - sy(counts[i])}" fill="${color}" fill-opacity="0.55"><title>${f(edges[i])}-${f(edges[i + 1])}: ${counts[i]}</title></rect>`;
    }
  }
  body += vline(sx, r.best.threshold, COLORS.best, `F-optimal ${f(r.best.threshold, 4)}`, M.t, H - M.b);
  if (r.atP) body += vline(sx, r.atP.threshold, COLORS.target, `precision >= ${r.target}: ${f(r.atP.threshold, 4)}`, M.t, H - M.b);
  if (r.gap.midpoint !== null) body += vline(sx, r.gap.midpoint, COLORS.gap, `gap midpoint ${f(r.gap.midpoint, 4)}`, M.t, H - M.b);
  if (r.current) body += vline(sx, Math.min(edges[n], Math.max(edges[0], r.current.threshold)), COLORS.current, `current ${f(r.current.threshold, 4)}`, M.t, H - M.b, 'none');
  return svg('Score histograms by label, with the chosen thresholds', body,
    ` <span class="k" style="--c:${COLORS.pos}">same</span><span class="k" style="--c:${COLORS.neg}">different</span><span class="k" style="--c:${COLORS.best}">F-optimal ${f(r.best.threshold, 4)}</span>${r.atP ? `<span class="k" style="--c:${COLORS.target}">precision &ge; ${r.target}: ${f(r.atP.threshold, 4)}</span>` : ''}`);
}

export function prPlot(r) {
  const { precision, recall } = r.pr;
  const { sx, sy, g } = frame({ xmin: 0, xmax: 1, ymin: 0, ymax: 1, xlabel: 'recall', ylabel: 'precision' });
  const step = Math.max(1, Math.floor(precision.length / 2000));
  const pts = [];
  for (let i = 0; i < precision.length; i += step) pts.push(`${sx(recall[i]).toFixed(1)},${sy(precision[i]).toFixed(1)}`);
  pts.push(`${sx(recall[recall.length - 1]).toFixed(1)},${sy(precision[precision.length - 1]).toFixed(1)}`);
  let body = `${g}<polyline points="${pts.join(' ')}" fill="none" stroke="#333" stroke-width="1.5"/>`;
  body += `<circle cx="${sx(r.best.recall)}" cy="${sy(r.best.precision)}" r="5" fill="${COLORS.best}"><title>F-optimal ${f(r.best.threshold, 4)}: P ${f(r.best.precision)} R ${f(r.best.recall)}</title></circle>`;
  if (r.atP) body += `<circle cx="${sx(r.atP.recall)}" cy="${sy(r.atP.precision)}" r="5" fill="${COLORS.target}"><title>precision target ${r.target}: ${f(r.atP.threshold, 4)}</title></circle>`;
  if (r.current?.precision != null) body += `<circle class="current" cx="${sx(r.current.recall)}" cy="${sy(r.current.precision)}" r="6" fill="none" stroke="${COLORS.current}" stroke-width="2.5"><title>current ${f(r.current.threshold, 4)}: P ${f(r.current.precision)} R ${f(r.current.recall)}</title></circle>`;
  return svg(`Precision/recall over every distinct score (AUC ${f(r.auc, 4)})`, body);
}

export function reliabilityPlot(name, rel) {
  const { sx, sy, g } = frame({ xmin: 0, xmax: 1, ymin: 0, ymax: 1, xlabel: 'predicted probability', ylabel: 'observed fraction same' });
  let body = `${g}<line x1="${sx(0)}" y1="${sy(0)}" x2="${sx(1)}" y2="${sy(1)}" stroke="${COLORS.diag}" stroke-dasharray="4 4"/>`;
  for (const b of rel.bins) {
    if (!b.count) continue;
    body += `<rect x="${sx(b.low) + 1}" y="${sy(b.accuracy)}" width="${sx(b.high) - sx(b.low) - 2}" height="${sy(0) - sy(b.accuracy)}" fill="${COLORS.pos}" fill-opacity="0.5"><title>${f(b.low, 1)}-${f(b.high, 1)}: ${b.count} pairs, observed ${f(b.accuracy)}, predicted ${f(b.confidence)}</title></rect>`;
    body += `<circle cx="${sx(b.confidence)}" cy="${sy(b.accuracy)}" r="3.5" fill="#333"/>`;
  }
  return svg(`Reliability, ${name}: ECE ${f(rel.ece, 4)}, MCE ${f(rel.mce, 4)}, Brier ${f(rel.brier, 4)}`, body);
}

export function prefixPlot(prefixes) {
  const pts = prefixes.map((p) => ({ dims: p.dims, t: p.threshold }));
  const xs = pts.map((p) => p.dims);
  const ts = pts.map((p) => p.t);
  const lo = Math.min(...ts) - 0.02, hi = Math.max(...ts) + 0.02;
  const { sx, sy, g } = frame({ xmin: 0, xmax: Math.max(...xs), ymin: lo, ymax: hi, xlabel: 'prefix dims', ylabel: 'F-optimal threshold', xvals: xs });
  let body = `${g}<polyline points="${pts.map((p) => `${sx(p.dims)},${sy(p.t)}`).join(' ')}" fill="none" stroke="${COLORS.best}" stroke-width="2"/>`;
  for (const p of pts) body += `<circle cx="${sx(p.dims)}" cy="${sy(p.t)}" r="4.5" fill="${COLORS.best}"><title>${p.dims} dims: ${f(p.t, 4)}</title></circle><text x="${sx(p.dims)}" y="${sy(p.t) - 9}" text-anchor="middle" font-size="11">${f(p.t, 3)}</text>`;
  return svg('Per-prefix thresholds (measured, not assumed)', body);
}

export function renderReport(r) {
  const rows = [
    ['F-optimal', r.best.threshold, r.best.precision, r.best.recall, r.best.f],
    ...(r.target !== null ? [[`precision >= ${r.target}`, r.atP?.threshold ?? null, r.atP?.precision ?? null, r.atP?.recall ?? null, null]] : []),
    r.gap.midpoint === null
      ? ['gap midpoint', `none: the labels overlap (different pairs up to ${f(r.gap.maxNegative, 4)}, same pairs from ${f(r.gap.minPositive, 4)})`, null, null, null]
      : ['gap midpoint', r.gap.midpoint, null, null, null],
  ];
  const tr = (cells) => `<tr>${cells.map((c, i) => (i ? `<td>${typeof c === 'number' ? f(c, 4) : esc(c ?? '-')}</td>` : `<th>${esc(c)}</th>`)).join('')}</tr>`;
  const perClass = r.perClass
    ? `<h2>Per class</h2><table><tr><th>class</th><td>threshold</td><td>F1</td><td>pairs</td><td>same</td></tr>${Object.entries(r.perClass).map(([k, v]) => tr([k, v.threshold, v.f, String(v.n), String(v.positives)])).join('')}</table>`
    : '';
  const prefixes = r.prefixes
    ? `<h2>Matryoshka prefixes</h2>${prefixPlot(r.prefixes.map((p) => ({ ...p, dims: p.dims })))}<table><tr><th>prefix dims</th><td>threshold</td><td>shift</td><td>F</td><td>AUC</td></tr>${r.prefixes.map((p) => tr([String(p.dims), p.threshold, p.shift, p.f, p.auc])).join('')}</table>`
    : '';
  const reviewTable = (title, list, count) => `<h3>${esc(title)} (${count})</h3>${list.length ? `<table><tr><th>pair</th><td>score</td><td style="text-align:left">text a</td><td style="text-align:left">text b</td></tr>${list.map((e) => `<tr><th>#${e.index}</th><td>${f(e.score, 4)}</td><td style="text-align:left">${esc(e.a ?? '')}</td><td style="text-align:left">${esc(e.b ?? '')}</td></tr>`).join('')}</table>` : '<p>none</p>'}`;
  const review = r.review
    ? `<h2>Worst errors at ${f(r.chosen, 4)}</h2>${reviewTable('Different pairs accepted, highest first', r.review.falseAccepts, r.review.falseAcceptCount)}${reviewTable('Same pairs rejected, lowest first', r.review.falseRejects, r.review.falseRejectCount)}`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>simgate calibration: ${esc(r.file)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px/1.5 system-ui,sans-serif;max-width:1120px;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em}
.plots{display:flex;flex-wrap:wrap;gap:1em}figure{margin:0}figcaption{font-size:12px;color:#444;max-width:${W}px}
table{border-collapse:collapse;margin:.5em 0}th,td{padding:.25em .8em;border-bottom:1px solid #ddd;text-align:right}th{text-align:left}
.k{display:inline-block;margin-left:1em}.k::before{content:"";display:inline-block;width:10px;height:10px;margin-right:4px;background:var(--c)}
</style></head><body>
<h1>Calibration of ${esc(r.file)}</h1>
<p>${r.n.toLocaleString('en')} labeled pairs: ${r.positives} same, ${r.n - r.positives} different. A threshold accepts a score when score &ge; threshold.
AUC ${f(r.auc, 4)}. Platt: p = 1 / (1 + exp(${f(r.platt.a, 4)} &middot; s + ${f(r.platt.b, 4)})).${r.boot ? ` Bootstrap (${r.boot.rounds} rounds): threshold 95% interval [${f(r.boot.threshold.low, 4)}, ${f(r.boot.threshold.high, 4)}].` : ''}</p>
<table><tr><th>threshold</th><td>value</td><td>precision</td><td>recall</td><td>F${r.beta === 1 ? '1' : r.beta}</td></tr>${rows.map(tr).join('')}</table>
<div class="plots">${histogramPlot(r)}${prPlot(r)}${reliabilityPlot('Platt', r.relP)}${reliabilityPlot('isotonic (in-sample)', r.relI)}</div>
${perClass}
${prefixes}
${review}
<p style="color:#666;font-size:12px">Written by simgate. Isotonic reliability is in-sample, where its ECE is 0 by construction; judge it on held-out pairs.</p>
</body></html>
`;
}
