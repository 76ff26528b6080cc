// What every simgate command shares: argument parsing, number options,
// --config files, the progress bar and number formatting.
import { readFileSync } from 'node:fs';
import { Thresholds } from './node.js';

/** A mistake in the command line (exit status 2, with the usage). */
export class UsageError extends Error {}

export function parseArgs(argv, flags) {
  const out = { _: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') out.help = true;
    else if (a.startsWith('--')) {
      const [k, inline] = a.slice(2).split('=', 2);
      if (!flags.includes(k)) throw new UsageError(`unknown option --${k}`);
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`--${k} needs a value`);
      if (k === 'score' && out.score !== undefined && flags.includes('candidates')) out.score = `${out.score},${v}`;
      else out[k] = v;
    } else out._.push(a);
  }
  return out;
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
