// Logged lookups as Monitor events, shared by `simgate monitor` and the
// page's Monitor view: one JSON object per line, checked and named by line;
// the week an event falls in; the borderline sample as a CSV for a reviewer.
import { InputError } from './table.js';

const TEXT_FIELDS = ['query', 'match', 'type', 'id'];

/** `{ score, event }` from one parsed line (`where` names it in errors). */
export function eventOf(e, where) {
  if (e === null || typeof e !== 'object' || Array.isArray(e)) throw new InputError(`${where}: expected an object {"score", "hit"?, "time"?, ...}`);
  if (typeof e.score !== 'number') throw new InputError(`${where}: "score" must be a number, got ${JSON.stringify(e.score)}`);
  const event = {};
  if (e.hit !== undefined && e.hit !== null) {
    if (typeof e.hit !== 'boolean') throw new InputError(`${where}: "hit" must be true or false, got ${JSON.stringify(e.hit)}`);
    event.hit = e.hit;
  }
  if (e.time !== undefined && e.time !== null) {
    const t = typeof e.time === 'number' ? e.time : Date.parse(e.time);
    if (!Number.isFinite(t)) throw new InputError(`${where}: "time" must be ms since the epoch or an ISO date, got ${JSON.stringify(e.time)}`);
    event.time = t;
  }
  for (const k of TEXT_FIELDS) if (e[k] !== undefined && e[k] !== null) event[k] = String(e[k]);
  return { score: e.score, event };
}

/** `{ score, event }` from one JSONL line. */
export function parseEventLine(text, where) {
  let e;
  try {
    e = JSON.parse(text);
  } catch (err) {
    throw new InputError(`${where}: not valid JSON (${err.message})`);
  }
  return eventOf(e, where);
}

/** Monday (UTC) of the week of `ms`, as YYYY-MM-DD. */
export function weekOf(ms) {
  const d = new Date(ms);
  const back = (d.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - back)).toISOString().slice(0, 10);
}

/**
 * An overall Monitor and one per week (for events that carry time), each
 * made by `make(k)` (k = 0 for the overall one, then 1, 2, ... per new week,
 * so seeds can differ). `record` names `where` in errors.
 */
export class WeeklyMonitors {
  constructor(make) {
    this.make = make;
    this.overall = make(0);
    this.weeks = new Map();
  }

  record(score, event, where) {
    try {
      this.overall.record(score, event);
      if (event.time !== undefined) {
        const w = weekOf(event.time);
        if (!this.weeks.has(w)) this.weeks.set(w, this.make(this.weeks.size + 1));
        this.weeks.get(w).record(score, event);
      }
    } catch (err) {
      throw new InputError(`${where}: ${err.message}`);
    }
  }

  free() {
    this.overall.free();
    for (const m of this.weeks.values()) m.free();
  }
}

/** Records parsed events (`where(i)` names event i in errors) into WeeklyMonitors. */
export function recordEvents(parsed, make, where) {
  const monitors = new WeeklyMonitors(make);
  try {
    parsed.forEach(({ score, event }, i) => monitors.record(score, event, where(i)));
  } catch (err) {
    monitors.free();
    throw err;
  }
  return monitors;
}

/** Weeks in order with their stats. */
export const weeklyStats = (weeks) => [...weeks.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([week, m]) => ({ week, stats: m.stats() }));

/** The borderline sample as CSV with an empty `label` column (simgate calibrate reads it once labeled). */
export function sampleCsv(sample) {
  const cell = (v) => (v === undefined ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  const rows = sample.map((e) => [e.score, e.query, e.match, e.id, e.type, e.time === undefined ? undefined : new Date(e.time).toISOString(), ''].map(cell).join(','));
  return `${['score,query,match,id,type,time,label', ...rows].join('\n')}\n`;
}
