// Labeled pairs from CSV, TSV or JSONL text: `score,label[,class]` columns or
// two embedding columns `a`, `b`. Shared by the `simgate` CLI and the www
// match-preview page, so a file reads the same in both and a bad row is
// reported the same way: with its line and column.

/** A problem with the input file (not a bug): the message names the line and column. */
export class InputError extends Error {
  constructor(message) {
    super(message);
    this.name = 'InputError';
  }
}

/** 'jsonl', 'tsv' or 'csv', from a file name's extension (CSV when unknown). */
export function formatOf(name) {
  const ext = /\.([^./\\]+)$/.exec(name)?.[1]?.toLowerCase();
  if (ext === 'jsonl' || ext === 'ndjson') return 'jsonl';
  if (ext === 'tsv' || ext === 'tab') return 'tsv';
  return 'csv';
}

/** One CSV/TSV line split on `sep`, honouring "quoted, fields" and "" escapes. */
export function splitLine(line, sep) {
  if (!line.includes('"')) return line.split(sep);
  const out = [];
  let cur = '', quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++; }
      else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === sep) { out.push(cur); cur = ''; }
    else cur += ch;
  }
  out.push(cur);
  return out;
}

/**
 * Rows of `text` as `{ line, values }` (values: strings for CSV/TSV, parsed
 * JSON for JSONL), with 1-based line numbers. `name` labels errors and picks
 * the format; `onProgress(i, total)` is called per line.
 */
export function parseRows(text, name, { format = formatOf(name), onProgress } = {}) {
  const lines = text.split(/\r?\n/);
  const rows = [];
  const tick = onProgress ?? (() => {});
  if (format === 'jsonl') {
    lines.forEach((line, i) => {
      tick(i, lines.length);
      if (!line.trim()) return;
      let values;
      try {
        values = JSON.parse(line);
      } catch (e) {
        throw new InputError(`${name}:${i + 1}: not valid JSON (${e.message})`);
      }
      if (values === null || typeof values !== 'object' || Array.isArray(values)) {
        throw new InputError(`${name}:${i + 1}: expected a JSON object with named fields`);
      }
      rows.push({ line: i + 1, values });
    });
  } else {
    // TSV (IANA text/tab-separated-values) has no quoting: a field may start
    // with a lone " (one of the bundled STS-B sentences does).
    const split = format === 'tsv' ? (line) => line.split('\t') : (line) => splitLine(line, ',');
    const header = split(lines[0] ?? '').map((h) => h.trim());
    if (!header[0]) throw new InputError(`${name}:1: expected a header line naming the columns`);
    for (let i = 1; i < lines.length; i++) {
      tick(i, lines.length);
      if (!lines[i].trim()) continue;
      const cells = split(lines[i]);
      if (cells.length !== header.length) {
        throw new InputError(`${name}:${i + 1}: expected ${header.length} columns (${header.join(', ')}), found ${cells.length}`);
      }
      const values = {};
      header.forEach((h, j) => { values[h] = cells[j]; });
      rows.push({ line: i + 1, values });
    }
  }
  if (rows.length === 0) throw new InputError(`${name}: no data rows`);
  return rows;
}

/** Column `col` of every row through `parse` (undefined = unreadable). */
export function column(rows, name, col, parse) {
  return rows.map(({ line, values }) => {
    if (!(col in values)) throw new InputError(`${name}:${line}: no column "${col}" (have: ${Object.keys(values).join(', ')})`);
    const v = values[col];
    const out = parse(v);
    if (out === undefined) throw new InputError(`${name}:${line}, column "${col}": cannot read ${JSON.stringify(v)}`);
    return out;
  });
}

/** A finite number, or undefined. */
export const asScore = (v) => {
  const x = typeof v === 'number' ? v : Number(String(v).trim());
  return String(v).trim() !== '' && Number.isFinite(x) ? x : undefined;
};
/** 1 for 1/true, 0 for 0/false, else undefined. */
export const asLabel = (v) => {
  const s = String(v).trim();
  return s === '1' || s === 'true' ? 1 : s === '0' || s === 'false' ? 0 : undefined;
};
/** An array of finite numbers (a JSON array, or space/semicolon-separated text), or undefined. */
export const asVector = (v) => {
  const xs = Array.isArray(v) ? v : String(v).trim().split(/[\s;]+/).map(Number);
  return xs.length && xs.every((x) => typeof x === 'number' && Number.isFinite(x)) ? xs : undefined;
};
