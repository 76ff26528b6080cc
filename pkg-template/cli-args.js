// What every simgate command shares: argument parsing, number options,
// --config files, the progress bar and number formatting.
import { readFileSync } from 'node:fs';
import { parseArgs as nodeParseArgs } from 'node:util';
import { Thresholds } from './node.js';

/** A mistake in the command line (exit status 2, with the usage). */
export class UsageError extends Error {}

/**
 * The options of one command, read with Node's `util.parseArgs`: `flags` take
 * a value (`--k v` or `--k=v`, a value may start with "-": `--score -0.2`),
 * `booleans` take none. With `repeat`, a flag given twice keeps every value,
 * comma-joined. Positionals land in `_`, `--help`/`-h` sets `help`.
 */
export function parseArgs(argv, flags, { booleans = [], repeat = [] } = {}) {
  const options = { help: { type: 'boolean', short: 'h' } };
  for (const k of flags) options[k] = { type: 'string', multiple: true };
  for (const k of booleans) options[k] = { type: 'boolean' };
  let parsed;
  try {
    parsed = nodeParseArgs({ args: withDashValues(argv, flags), options, strict: true, allowPositionals: true });
  } catch (e) {
    throw new UsageError(usageMessage(e, argv));
  }
  const out = { _: parsed.positionals };
  for (const [k, v] of Object.entries(parsed.values)) {
    out[k] = Array.isArray(v) ? (repeat.includes(k) ? v.join(',') : v[v.length - 1]) : v;
  }
  return out;
}

/** `--flag -0.5` as `--flag=-0.5`: util.parseArgs reads a dash value as an option. */
function withDashValues(argv, flags) {
  const out = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = argv[i + 1];
    if (a.startsWith('--') && !a.includes('=') && flags.includes(a.slice(2)) && next !== undefined && next.startsWith('-') && next !== '--') {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

/** util.parseArgs' errors in the words simgate has always used. */
function usageMessage(e, argv) {
  const named = /'(-[^' ]+)/.exec(e.message)?.[1] ?? '';
  const name = named.startsWith('--') ? named : argv.find((a) => a.startsWith(named)) ?? named;
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${name.split('=')[0]}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /does not take an argument/.test(e.message) ? `${name.split('=')[0]} takes no value` : `${name.split(' ')[0]} needs a value`;
    default:
      return e.message;
  }
}

export function num(name, v, { min = -Infinity, max = Infinity, int = false } = {}) {
  const x = Number(v);
  if (v === undefined || v === '' || !Number.isFinite(x) || x < min || x > max || (int && !Number.isInteger(x))) {
    throw new UsageError(`--${name} must be ${int ? 'an integer' : 'a number'}${min > -Infinity ? ` >= ${min}` : ''}${max < Infinity ? ` and <= ${max}` : ''}, got ${JSON.stringify(v)}`);
  }
  return x;
}

export class Progress {
  constructor(total, label, unit = 'rows') {
    this.total = total;
    this.label = label;
    this.unit = unit;
    this.on = total > 100_000 && process.stderr.isTTY !== false;
    this.last = -1;
  }
  tick(i) {
    if (!this.on) return;
    const pct = Math.floor((100 * i) / this.total);
    if (pct === this.last) return;
    this.last = pct;
    const bar = '#'.repeat(pct >> 2).padEnd(25, '.');
    process.stderr.write(`\r${this.label} [${bar}] ${pct}% (${i.toLocaleString('en')} ${this.unit})`);
  }
  done() {
    if (this.on) process.stderr.write(`\r${this.label} [${'#'.repeat(25)}] 100%${' '.repeat(20)}\n`);
  }
}

export const fmt = (x, d = 4) => (x === null || x === undefined || Number.isNaN(x) ? '-' : x.toFixed(d));

/** A ThresholdConfig from --config: a JSON file, or a preset name (default, strict, loose). */
export function readConfig(arg) {
  if (['default', 'strict', 'loose'].includes(arg)) {
    const preset = Thresholds.preset(arg);
    try {
      return preset.toJSON();
    } finally {
      preset.free();
    }
  }
  try {
    return JSON.parse(readFileSync(arg, 'utf8'));
  } catch (e) {
    const why = e instanceof SyntaxError ? `not valid JSON (${e.message})` : e.code === 'ENOENT' ? 'no such file' : e.message;
    throw new UsageError(`--config ${arg}: ${why}`);
  }
}
