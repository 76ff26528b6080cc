// The `simgate monitor --report` page: hit rate and mean score on hits per
// week against the threshold, the live score histogram over the reference,
// and the borderline sample, as one self-contained HTML file (inline SVG,
// no scripts). The figures are exported for the www page's Monitor view.
import { COLORS, esc, f, frame, svg } from './report.js';

/** Hit rate and mean score on hits per week, with the threshold. */
export function weeklyPlot(weeks, threshold) {
  const n = weeks.length;
  const { sx, sy, g } = frame({ xmin: 0, xmax: Math.max(1, n - 1), ymin: 0, ymax: 1, xlabel: 'week (starting Monday, UTC)', ylabel: 'hit rate / mean score on hits', xvals: n > 1 ? weeks.map((_, i) => i) : [0] });
  let body = g;
  body += `<line x1="${sx(0)}" x2="${sx(Math.max(1, n - 1))}" y1="${sy(threshold)}" y2="${sy(threshold)}" stroke="${COLORS.best}" stroke-dasharray="5 3" stroke-width="2"><title>threshold ${f(threshold, 4)}</title></line>`;
  for (const [key, color, label] of [['hitRate', COLORS.pos, 'hit rate'], ['meanScoreOnHits', COLORS.neg, 'mean score on hits']]) {
    const pts = weeks.map((w, i) => [i, w.stats[key]]).filter(([, y]) => y !== null);
    if (pts.length > 1) body += `<polyline points="${pts.map(([i, y]) => `${sx(i)},${sy(y)}`).join(' ')}" fill="none" stroke="${color}" stroke-width="2"/>`;
    for (const [i, y] of pts) body += `<circle cx="${sx(i)}" cy="${sy(y)}" r="4" fill="${color}"><title>${esc(weeks[i].week)}: ${label} ${f(y)}</title></circle>`;
  }
  return svg('Per week: hit rate and mean score on hits, against the threshold', body,
    ` <span class="k" style="--c:${COLORS.pos}">hit rate</span><span class="k" style="--c:${COLORS.neg}">mean score on hits</span><span class="k" style="--c:${COLORS.best}">threshold ${f(threshold, 4)}</span>`);
}

/** The live histogram (shares per bin) over the reference's, when given. */
export function liveHistogramPlot(stats, reference, threshold) {
  const { edges, counts } = stats.histogram;
  const n = counts.length;
  const total = counts.reduce((s, c) => s + c, 0) || 1;
  const live = Array.from(counts, (c) => c / total);
  const refTotal = reference ? reference.reduce((s, c) => s + c, 0) || 1 : 1;
  const ref = reference ? reference.map((c) => c / refTotal) : null;
  const ymax = Math.max(0.01, ...live, ...(ref ?? []));
  const { sx, sy, g } = frame({ xmin: edges[0], xmax: edges[n], ymin: 0, ymax, xlabel: 'score', ylabel: 'share of events' });
  let body = g;
  for (let i = 0; i < n; i++) {
    const x0 = sx(edges[i]), x1 = sx(edges[i + 1]);
    if (ref) body += `<rect x="${x0}" y="${sy(ref[i])}" width="${Math.max(0.5, x1 - x0 - 1)}" height="${sy(0) - sy(ref[i])}" fill="${COLORS.gap}" fill-opacity="0.35"><title>reference ${f(edges[i])}-${f(edges[i + 1])}: ${f(ref[i])}</title></rect>`;
    body += `<rect x="${x0 + (x1 - x0) * 0.25}" y="${sy(live[i])}" width="${Math.max(0.5, (x1 - x0) * 0.5)}" height="${sy(0) - sy(live[i])}" fill="${COLORS.pos}" fill-opacity="0.8"><title>live ${f(edges[i])}-${f(edges[i + 1])}: ${counts[i]} (${f(live[i])})</title></rect>`;
  }
  body += `<line x1="${sx(threshold)}" x2="${sx(threshold)}" y1="16" y2="260" stroke="${COLORS.best}" stroke-width="2" stroke-dasharray="5 3"><title>threshold ${f(threshold, 4)}</title></line>`;
  const drift = stats.psi === null ? '' : `: PSI ${f(stats.psi)} (${stats.drift})`;
  return svg(`Live score histogram${reference ? ' over the reference' : ''}${drift}`, body,
    ` <span class="k" style="--c:${COLORS.pos}">live</span>${reference ? `<span class="k" style="--c:${COLORS.gap}">reference</span>` : ''}`);
}

export function renderMonitorReport(r) {
  const s = r.stats;
  const tr = (cells) => `<tr>${cells.map((c, i) => (i ? `<td>${esc(c)}</td>` : `<th>${esc(c)}</th>`)).join('')}</tr>`;
  const pct = (x) => (x === null ? '-' : `${(100 * x).toFixed(1)}%`);
  const weeks = r.weeks.length
    ? `<h2>Per week</h2>${weeklyPlot(r.weeks, r.threshold)}<table><tr><th>week</th><td>events</td><td>hits</td><td>hit rate</td><td>mean on hits</td><td>borderline</td><td>PSI</td></tr>${r.weeks.map((w) => tr([w.week, String(w.stats.count), String(w.stats.hits), pct(w.stats.hitRate), f(w.stats.meanScoreOnHits, 4), String(w.stats.borderline.count), w.stats.psi === null ? '-' : `${f(w.stats.psi)} ${w.stats.drift}`])).join('')}</table>`
    : '';
  const sample = r.sample.length
    ? `<h2>Borderline sample (${r.sample.length} of ${s.borderline.count})</h2><table><tr><th>score</th><td>query</td><td>match</td><td>id</td><td>type</td><td>time</td></tr>${r.sample.map((e) => tr([f(e.score, 4), e.query ?? '', e.match ?? '', e.id ?? '', e.type ?? '', e.time === undefined ? '' : new Date(e.time).toISOString()])).join('')}</table>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>simgate monitor: ${esc(r.file)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px/1.5 system-ui,sans-serif;max-width:1120px;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em}
.plots{display:flex;flex-wrap:wrap;gap:1em}figure{margin:0}figcaption{font-size:12px;color:#444}
table{border-collapse:collapse;margin:.5em 0}th,td{padding:.25em .8em;border-bottom:1px solid #ddd;text-align:right}th{text-align:left}
td:nth-child(2),td:nth-child(3){text-align:left}
.k{display:inline-block;margin-left:1em}.k::before{content:"";display:inline-block;width:10px;height:10px;margin-right:4px;background:var(--c)}
</style></head><body>
<h1>Monitor of ${esc(r.file)}</h1>
<p>${s.count.toLocaleString('en')} events at threshold ${f(r.threshold, 4)}: ${s.hits.toLocaleString('en')} hits (${pct(s.hitRate)}), mean score on hits ${f(s.meanScoreOnHits, 4)}, ${s.borderline.count} borderline hits (score below ${f(r.threshold + r.borderline, 4)}).</p>
${s.advice.length ? `<ul>${s.advice.map((a) => `<li>${esc(a)}</li>`).join('')}</ul>` : '<p>No advice: the figures look healthy.</p>'}
<div class="plots">${liveHistogramPlot(s, r.reference, r.threshold)}</div>
${weeks}
${sample}
<p style="color:#666;font-size:12px">Written by simgate.</p>
</body></html>
`;
}

/**
 * A cache's stats from a file's bytes: a `toBytes()` file (read with
 * `SemanticCache`, passed in so this module works with every entry point)
 * or its `stats()` saved as JSON. `name` is the file, for the message.
 */
export function cacheStatsOf(bytes, SemanticCache, name) {
  const text = new TextDecoder();
  if (text.decode(bytes.subarray(0, 8)) === 'SIMGCACH') {
    const cache = SemanticCache.fromBytes(bytes);
    try {
      return cache.stats();
    } finally {
      cache.free();
    }
  }
  try {
    return JSON.parse(text.decode(bytes));
  } catch (e) {
    throw new Error(`${name}: neither a cache file (toBytes) nor JSON (${e.message})`);
  }
}

/**
 * An error-bounded SemanticCache's figures (its stats(), or the JSON a
 * service returns from it) as [label, value] rows, for `simgate monitor
 * --cache` and the page's Monitor view.
 */
export function errorBoundRows(s) {
  if (typeof s?.errorBound !== 'number') throw new Error('not the stats of an error-bounded cache (no errorBound)');
  const pct = (x) => `${(100 * x).toFixed(2)}%`;
  const n = (x) => Number(x).toLocaleString('en');
  return [
    ['error bound', `${pct(s.errorBound)} of lookups may be answered wrong`],
    ['serving at', s.threshold === null ? 'nothing yet (no threshold keeps the bound)' : `${f(s.threshold, 3)} and above (verify below, miss below ${f(s.floor, 3)})`],
    ['lookups', `${n(s.lookups)} (${n(s.exact ?? 0)} exact, ${n(s.served)} served on a score${s.servedOnEntryEvidence ? `, ${n(s.servedOnEntryEvidence)} of them on an entry's own evidence` : ''})`],
    ['verified', `${n(s.verified)} verdicts, ${n(s.verifiedWrong)} said the cached answer was wrong`],
    ['wrong served', `estimated ${pct(s.estimate)} of lookups, at most ${pct(s.estimateUpper)} (97.5% confidence)`],
    ['evidence', `${n(s.evidence)} verdicts held${s.driftResets ? `; dropped ${s.driftResets} time(s) on drift` : ''}`],
  ];
}
