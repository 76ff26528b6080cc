// SemanticCache: the values, the clock and the byte container around the
// wasm SemanticCacheCore (index, tiers, expiry, use order, monitor).
//
// toBytes() layout (little-endian): "SIMGCACH" | u32 version (1) |
// u32 length of the JSON part | JSON { state, values, version } | the set
// file | u32 FNV-1a of every byte before it.
//
// A change record (store, remove or feedback with { record: true }), read
// back by apply(): "SIMGCCHG" | u32 format (1) | u32 length of the JSON
// part | JSON { kind, seq, ... } | the stored vector as f32 (store only) |
// u32 FNV-1a of every byte before it.
import { SemanticCacheCore } from './simgate.js';

/** The exact tier's key: NFC and lowercased here, whitespace collapsed in the core. */
const exactKey = (text) => text?.normalize('NFC').toLowerCase();

const MAGIC = 'SIMGCACH';
const VERSION = 1;
const CHANGE_MAGIC = 'SIMGCCHG';
const CHANGE_VERSION = 1;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A value as JSON text, or a TypeError naming the entry. */
function jsonOf(id, value) {
  let text;
  try {
    text = JSON.stringify(value);
  } catch (e) {
    throw new TypeError(`the value of entry "${id}" cannot be serialized to JSON: ${e.message}`);
  }
  if (text === undefined) throw new TypeError(`the value of entry "${id}" cannot be serialized to JSON (${typeName(value)})`);
  return text;
}

/**
 * The frame of a cache file and of a change record: 8 magic bytes, the
 * format version and the JSON part's length (u32 LE), the JSON part, the
 * binary tail, and FNV-1a of everything before it (u32 LE).
 */
function frame(magic, version, json, tail) {
  const out = new Uint8Array(8 + 4 + 4 + json.length + tail.length + 4);
  const view = new DataView(out.buffer);
  out.set(encoder.encode(magic), 0);
  view.setUint32(8, version, true);
  view.setUint32(12, json.length, true);
  out.set(json, 16);
  out.set(tail, 16 + json.length);
  view.setUint32(out.length - 4, fnv1a(out.subarray(0, out.length - 4)), true);
  return out;
}

/** A frame's fields as stored (its callers judge them, each in its own words). */
function readFrame(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    version: view.getUint32(8, true),
    jsonLength: view.getUint32(12, true),
    stored: view.getUint32(bytes.length - 4, true),
    computed: fnv1a(bytes.subarray(0, bytes.length - 4)),
  };
}

/** `v` as bytes (a Uint8Array, or a view of an ArrayBuffer), or a TypeError naming `name`. */
function bytesOf(name, v) {
  if (v instanceof Uint8Array) return v;
  if (v instanceof ArrayBuffer) return new Uint8Array(v);
  throw new TypeError(`${name} must be a Uint8Array or an ArrayBuffer, got ${typeName(v)}`);
}

/** A change record's bytes: the JSON part, then the vector when there is one. */
function encodeChange(fields, vector) {
  const tail = vector ? new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength) : new Uint8Array(0);
  return frame(CHANGE_MAGIC, CHANGE_VERSION, encoder.encode(JSON.stringify(fields)), tail);
}

/** The fields and vector of a change record; a damaged one is an Error naming what. */
function decodeChange(change) {
  const bytes = bytesOf('change', change);
  if (bytes.length < 20 || decoder.decode(bytes.subarray(0, 8)) !== CHANGE_MAGIC) {
    throw new Error('change: not a simgate cache change record (it does not start with "SIMGCCHG"; records come from store, remove or feedback with record: true)');
  }
  const { version: format, jsonLength, stored, computed } = readFrame(bytes);
  if (format !== CHANGE_VERSION) throw new Error(`change: the record is format version ${format}; this build reads version ${CHANGE_VERSION}`);
  if (stored !== computed) throw new Error('change: the record is damaged (its checksum does not match)');
  const tail = bytes.length - 4 - 16 - jsonLength;
  if (tail < 0 || tail % 4 !== 0) throw new Error(`change: the record is damaged (a JSON part of ${jsonLength} bytes in ${bytes.length})`);
  const fields = JSON.parse(decoder.decode(bytes.subarray(16, 16 + jsonLength)));
  const vector = new Float32Array(tail / 4);
  new Uint8Array(vector.buffer).set(bytes.subarray(16 + jsonLength, 16 + jsonLength + tail));
  return { fields, vector };
}

function typeName(v) {
  if (v === null) return 'null';
  if (typeof v !== 'object') return typeof v;
  return v.constructor?.name ?? 'object';
}

function objectOf(name, v, keys) {
  if (v === undefined) return {};
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new TypeError(`${name} must be an object, got ${typeName(v)}`);
  for (const k of Object.keys(v)) {
    if (!keys.includes(k)) throw new TypeError(`${name} has an unknown key "${k}"; expected one of: ${keys.join(', ')}`);
  }
  return v;
}

function fnv1a(bytes) {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i];
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

function flag(name, v) {
  if (v === undefined) return false;
  if (typeof v !== 'boolean') throw new TypeError(`${name} must be a boolean, got ${typeName(v)}`);
  return v;
}

const clock = (now) => {
  const t = now();
  if (typeof t !== 'number' || !Number.isFinite(t)) throw new TypeError(`options.now must return a finite number of milliseconds, got ${typeName(t)} ${String(t)}`);
  return t;
};

/** A prior's labeled pairs: a Calibration's, or { scores, labels } as given. */
function priorPairs(prior) {
  if (prior !== null && typeof prior === 'object' && typeof prior.pairs === 'function') return prior.pairs();
  if (prior === null || typeof prior !== 'object' || Array.isArray(prior)) {
    throw new TypeError(`options.prior must be a Calibration or { scores, labels }, got ${typeName(prior)}`);
  }
  return prior;
}

export class SemanticCache {
  #core;
  #values = new Map();
  #now;
  #version = 0;
  /** Set only while fromBytes constructs a restored cache. */
  static #restoring = null;

  constructor(options) {
    if (SemanticCache.#restoring) {
      ({ core: this.#core, now: this.#now, version: this.#version } = SemanticCache.#restoring);
      SemanticCache.#restoring = null;
      return;
    }
    const { now, prior, ...rest } = objectOf('options', options, ['dims', 'confident', 'tentative', 'errorBound', 'prior', 'precisions', 'model', 'maxEntries', 'ttlSeconds', 'now', 'borderline', 'seed']);
    if (options === undefined) throw new TypeError('options is required: { dims, errorBound, ... } or { dims, confident, tentative, ... }');
    if (now !== undefined && typeof now !== 'function') throw new TypeError(`options.now must be a function returning milliseconds, got ${typeName(now)}`);
    this.#now = now ?? Date.now;
    this.#core = new SemanticCacheCore(prior === undefined ? rest : { ...rest, prior: priorPairs(prior) });
  }

  #drop(ids) {
    for (const id of ids) this.#values.delete(id);
  }

  /**
   * The exact tier, then the best vector match in the namespace, tiered, with an explanation;
   * with options.filter, only among entries whose metadata passes it.
   */
  lookup(query, options) {
    const o = objectOf('options', options, ['namespace', 'text', 'filter']);
    if (o.text !== undefined && typeof o.text !== 'string') throw new TypeError(`options.text must be a string, got ${typeName(o.text)}`);
    const r = this.#core.lookup(query, o.namespace, exactKey(o.text), o.filter, clock(this.#now));
    this.#drop(r.dropped);
    const out = { tier: r.tier };
    if (r.tier !== 'miss' && r.id !== undefined) Object.assign(out, { id: r.id, value: this.#values.get(r.id) });
    if (r.score !== undefined) out.score = r.score;
    if (r.audit) out.audit = true;
    out.text = r.text;
    return out;
  }

  /** Adds or replaces (by id) an entry; returns its id, or { id, change } with options.record. */
  store(query, value, options) {
    const o = objectOf('options', options, ['id', 'namespace', 'text', 'ttlSeconds', 'record', 'metadata']);
    if (o.text !== undefined && typeof o.text !== 'string') throw new TypeError(`options.text must be a string, got ${typeName(o.text)}`);
    const record = flag('options.record', o.record);
    // A recorded value must persist: refused before anything changes.
    const json = record ? jsonOf(o.id ?? '(new)', value) : null;
    const text = exactKey(o.text);
    const r = this.#core.store(query, o.id, o.namespace, text, o.ttlSeconds, o.metadata, clock(this.#now));
    this.#drop(r.dropped);
    this.#values.set(r.id, value);
    this.#version += 1;
    if (!record) return r.id;
    const change = encodeChange({
      kind: 'store', seq: this.#version, id: r.id, namespace: o.namespace ?? '', text: text ?? null,
      expiresAt: r.expiresAt, dropped: r.dropped, expired: r.expired, nextId: r.nextId, value: json,
      metadata: o.metadata ?? null,
    }, Float32Array.from(query));
    return { id: r.id, change };
  }

  /**
   * A verdict on a cached answer. With errorBound: evidence at options.score
   * (by default the last lookup's that found the entry); without: fed to the
   * feedback rule. { change } with options.record.
   */
  feedback(id, correct, options) {
    const o = objectOf('options', options, ['score', 'record']);
    const record = flag('options.record', o.record);
    const v = this.#core.review(id, correct, o.score);
    this.#version += 1;
    if (!record) return undefined;
    const fields = { kind: 'feedback', seq: this.#version, id, correct };
    if (v) Object.assign(fields, { score: v.score, explored: v.explored, weight: v.weight });
    return { change: encodeChange(fields) };
  }

  /** Removes entries by id: how many went, or { removed, change } with options.record. */
  remove(ids, options) {
    const o = objectOf('options', options, ['record']);
    const record = flag('options.record', o.record);
    const gone = this.#core.remove(ids);
    this.#drop(gone);
    this.#version += 1;
    return record ? { removed: gone.length, change: encodeChange({ kind: 'remove', seq: this.#version, ids: gone }) } : gone.length;
  }

  /** Removes every entry (of `namespace` when given): how many went, or { removed, change } with options.record. */
  clear(namespace, options) {
    const o = objectOf('options', options, ['record']);
    const record = flag('options.record', o.record);
    const gone = this.#core.clear(namespace);
    this.#drop(gone);
    this.#version += 1;
    return record ? { removed: gone.length, change: encodeChange({ kind: 'remove', seq: this.#version, ids: gone }) } : gone.length;
  }

  /** Changes (store, feedback, remove, clear) made since the cache was created; kept by toBytes. */
  get version() {
    return this.#version;
  }

  /**
   * Replays one change record: seq = version + 1 applies; one at or below
   * the version is skipped ({ applied: false }); a gap, another dims or a
   * damaged record is an Error and the cache is unchanged. A store is
   * replayed as it happened (its id, expiry and the entries it dropped).
   */
  apply(change) {
    const { fields: f, vector } = decodeChange(change);
    if (!Number.isInteger(f.seq) || f.seq < 1) throw new Error(`change: the record's seq is ${JSON.stringify(f.seq)}; it must be a positive integer`);
    if (f.seq <= this.#version) return { applied: false };
    if (f.seq !== this.#version + 1) {
      throw new Error(`change: the record is seq ${f.seq}, but the cache is at version ${this.#version}: records ${this.#version + 1}..=${f.seq - 1} are missing`);
    }
    if (f.kind === 'store') {
      const dims = this.#core.dims;
      if (vector.length !== dims) throw new Error(`change: the record stores a vector of ${vector.length} values; this cache has ${dims} dims`);
      const value = JSON.parse(f.value);
      this.#core.replayStore(vector, f.id, f.namespace, f.text ?? undefined, f.expiresAt ?? undefined, f.dropped, f.expired, f.nextId, f.metadata ?? undefined);
      this.#drop(f.dropped);
      this.#values.set(f.id, value);
    } else if (f.kind === 'remove') {
      this.#drop(this.#core.remove(f.ids));
    } else if (f.kind === 'feedback' && f.score !== undefined) {
      if (f.weight !== undefined && !(typeof f.weight === 'number' && f.weight >= 1)) {
        throw new Error(`change: the record's weight is ${JSON.stringify(f.weight)}; it must be a number >= 1 (the inverse of the chance the verdict was asked for)`);
      }
      this.#core.replayVerdict(f.id, f.correct === true, f.score, f.explored === true, f.weight);
    } else if (f.kind === 'feedback') {
      this.#core.replayReview(f.correct === true);
    } else {
      throw new Error(`change: the record's kind is ${JSON.stringify(f.kind)}; it must be store, remove or feedback`);
    }
    this.#version = f.seq;
    return { applied: true };
  }

  get size() {
    return this.#core.size;
  }

  thresholds() {
    return this.#core.thresholds();
  }

  stats() {
    return { ...this.#core.stats(), ...this.#core.counts(), ...this.#core.bound() };
  }

  toBytes() {
    const values = {};
    for (const id of this.#core.ids()) values[id] = jsonOf(id, this.#values.get(id));
    const json = encoder.encode(JSON.stringify({ state: this.#core.state(), values, version: this.#version }));
    return frame(MAGIC, VERSION, json, this.#core.setBytes());
  }

  static fromBytes(bytes, options) {
    const o = objectOf('options', options, ['now']);
    if (o.now !== undefined && typeof o.now !== 'function') throw new TypeError(`options.now must be a function returning milliseconds, got ${typeName(o.now)}`);
    bytes = bytesOf('bytes', bytes);
    if (bytes.length < 20 || decoder.decode(bytes.subarray(0, 8)) !== MAGIC) throw new Error('bytes: not a simgate cache (it does not start with "SIMGCACH"; write one with cache.toBytes())');
    const { version, jsonLength, stored, computed } = readFrame(bytes);
    if (version !== VERSION) throw new Error(`bytes: the cache is format version ${version}; this build reads version ${VERSION}`);
    if (stored !== computed) throw new Error(`bytes: the checksum does not match (stored ${stored.toString(16)}, computed ${computed.toString(16)}): the bytes are damaged`);
    if (16 + jsonLength > bytes.length - 4) throw new Error(`bytes: the JSON part (${jsonLength} bytes) runs past the end (${bytes.length} bytes)`);
    let parsed;
    try {
      parsed = JSON.parse(decoder.decode(bytes.subarray(16, 16 + jsonLength)));
    } catch (e) {
      throw new Error(`bytes: the JSON part is not valid JSON (${e.message})`);
    }
    const core = SemanticCacheCore.restore(parsed.state, bytes.slice(16 + jsonLength, bytes.length - 4));
    const changes = parsed.version ?? 0;
    if (!Number.isInteger(changes) || changes < 0) {
      core.free();
      throw new Error(`bytes: the cache's version is ${JSON.stringify(changes)}; it must be a non-negative integer`);
    }
    SemanticCache.#restoring = { core, now: o.now ?? Date.now, version: changes };
    const cache = new SemanticCache();
    for (const id of core.ids()) {
      if (typeof parsed.values?.[id] !== 'string') {
        core.free();
        throw new Error(`bytes: no value for entry "${id}"`);
      }
      cache.#values.set(id, JSON.parse(parsed.values[id]));
    }
    return cache;
  }

  free() {
    this.#core.free();
    this.#values.clear();
  }

  [Symbol.dispose]() {
    this.free();
  }
}
