// The page's Monitor view: load logged lookups (JSONL, one event per line,
// as `simgate monitor` reads them), see the hit rate and mean score on hits
// per week against the threshold, the live histogram over the loaded pairs'
// scores, the advice and the borderline sample, and export the sample as a
// CSV with an empty label column for a reviewer. An error-bounded cache
// (its toBytes() file, or its stats() saved as JSON) shows its promise:
// the bound, where it serves, verdicts, the estimate and its bound.
import { Monitor, SemanticCache } from '../pkg/browser.js';
import { cacheStatsOf, errorBoundRows, liveHistogramPlot, weeklyPlot } from '../pkg/monitor-report.js';
import { esc, f } from '../pkg/report.js';
import { parseEventLine, recordEvents, sampleCsv, weeklyStats } from '../pkg/events.js';

const $ = (id) => document.getElementById(id);
let events = null; // { name, parsed }
let sample = [];

/** Parses a JSONL events file; errors name the line. */
export function parseEvents(text, name) {
  const parsed = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim()) parsed.push({ ...parseEventLine(line, `${name}:${i + 1}`), line: i + 1 });
  });
  if (!parsed.length) throw new Error(`${name}: no events`);
  return parsed;
}

/**
 * Renders the view for `threshold`, with `reference` ({ edges, counts }:
 * the loaded pairs' score histogram) for drift.
 */
export function renderMonitor(threshold, reference) {
  if (!events) return;
  const options = { threshold, borderline: 0.05, sample: 100, seed: 1, ...(reference ? { reference } : {}) };
  let monitors;
  try {
    monitors = recordEvents(events.parsed, (k) => new Monitor({ ...options, seed: 1 + k }), (i) => `${events.name}:${events.parsed[i].line}`);
  } catch (e) {
    $('monitor-status').textContent = `Could not monitor ${e.message}`;
    return;
  }
  const { overall, weeks } = monitors;
  try {
    const s = overall.stats();
    const weekly = weeklyStats(weeks);
    sample = overall.borderline().sort((a, b) => a.score - b.score);
    const pct = (x) => (x === null ? '-' : `${(100 * x).toFixed(1)}%`);
    $('monitor-status').textContent = `${events.name}: ${s.count.toLocaleString('en')} events at threshold ${threshold.toFixed(3)}.`;
    $('monitor-stats').innerHTML = `<tr><th>events</th><th>hits</th><th>hit rate</th><th>mean score on hits</th><th>borderline hits</th><th>PSI</th></tr>`
      + `<tr><td id="mon-count">${s.count}</td><td id="mon-hits">${s.hits}</td><td>${pct(s.hitRate)}</td><td id="mon-mean">${f(s.meanScoreOnHits, 4)}</td><td id="mon-borderline">${s.borderline.count}</td><td id="mon-psi">${s.psi === null ? '-' : `${f(s.psi)} (${s.drift})`}</td></tr>`;
    $('monitor-advice').innerHTML = s.advice.length ? s.advice.map((a) => `<li>${esc(a)}</li>`).join('') : '<li>No advice: the figures look healthy.</li>';
    $('plot-monitor-hist').innerHTML = liveHistogramPlot(s, reference?.counts ?? null, threshold);
    $('plot-monitor-weeks').innerHTML = weekly.length ? weeklyPlot(weekly, threshold) : '';
    $('monitor-sample').innerHTML = sample.length
      ? `<caption>Borderline sample: ${sample.length} of ${s.borderline.count}, lowest first</caption><tr><th>score</th><th>query</th><th>match</th><th>id</th></tr>`
        + sample.map((e) => `<tr><td>${f(e.score, 4)}</td><td>${esc(e.query ?? '')}</td><td>${esc(e.match ?? '')}</td><td>${esc(e.id ?? '')}</td></tr>`).join('')
      : '';
    $('monitor-export').disabled = sample.length === 0;
    $('monitor-section').dataset.count = s.count;
  } finally {
    monitors.free();
  }
}

/** Shows an error-bounded cache's promise from its bytes or its stats JSON. */
async function loadCache(file) {
  try {
    const stats = cacheStatsOf(new Uint8Array(await file.arrayBuffer()), SemanticCache, file.name);
    const rows = errorBoundRows(stats);
    $('monitor-bound').innerHTML = `<caption>${esc(file.name)}: an error-bounded cache</caption>`
      + rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('');
    $('monitor-advice').innerHTML = (stats.advice ?? []).map((a) => `<li>${esc(a)}</li>`).join('');
    $('monitor-status').textContent = `${file.name}: ${Number(stats.lookups).toLocaleString('en')} lookups, bound ${stats.errorBound}.`;
    $('monitor-section').dataset.bound = String(stats.errorBound);
  } catch (e) {
    $('monitor-bound').innerHTML = '';
    $('monitor-status').textContent = `Could not load ${file.name}: ${e.message}`;
  }
}

/** Wires the view: `current()` gives { threshold, reference } for rendering. */
export function wireMonitor(current) {
  const loadEvents = async (file) => {
    try {
      events = { name: file.name, parsed: parseEvents(await file.text(), file.name) };
    } catch (e) {
      events = null;
      $('monitor-status').textContent = `Could not load ${e.message}`;
      return;
    }
    const { threshold, reference } = current();
    renderMonitor(threshold, reference);
  };
  $('events').addEventListener('change', (e) => e.target.files[0] && loadEvents(e.target.files[0]));
  $('cache-file').addEventListener('change', (e) => e.target.files[0] && loadCache(e.target.files[0]));
  $('monitor-export').addEventListener('click', () => {
    const url = URL.createObjectURL(new Blob([sampleCsv(sample)], { type: 'text/csv' }));
    const a = Object.assign(document.createElement('a'), { href: url, download: 'borderline-sample.csv' });
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  });
}
