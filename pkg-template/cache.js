// SemanticCache: the values, the clock and the byte container around the
// wasm SemanticCacheCore (index, tiers, expiry, use order, monitor).
//
// toBytes() layout (little-endian): "SIMGCACH" | u32 version (1) |
// u32 length of the JSON part | JSON { state, values } | the set file |
// u32 FNV-1a of every byte before it.
import { SemanticCacheCore } from './simgate.js';

const MAGIC = 'SIMGCACH';
const VERSION = 1;

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

const clock = (now) => {
  const t = now();
  if (typeof t !== 'number' || !Number.isFinite(t)) throw new TypeError(`options.now must return a finite number of milliseconds, got ${typeName(t)} ${String(t)}`);
  return t;
};

export class SemanticCache {
  #core;
  #values = new Map();
  #now;
  /** Set only while fromBytes constructs a restored cache. */
  static #restoring = null;

  constructor(options) {
    if (SemanticCache.#restoring) {
      ({ core: this.#core, now: this.#now } = SemanticCache.#restoring);
      SemanticCache.#restoring = null;
      return;
    }
    const { now, ...rest } = objectOf('options', options, ['dims', 'confident', 'tentative', 'precisions', 'model', 'maxEntries', 'ttlSeconds', 'now', 'borderline', 'seed']);
    if (options === undefined) throw new TypeError('options is required: { dims, confident, tentative, ... }');
    if (now !== undefined && typeof now !== 'function') throw new TypeError(`options.now must be a function returning milliseconds, got ${typeName(now)}`);
    this.#now = now ?? Date.now;
    this.#core = new SemanticCacheCore(rest);
  }

  #drop(ids) {
    for (const id of ids) this.#values.delete(id);
  }

  /** The exact tier, then the best vector match in the namespace, tiered, with an explanation. */
  lookup(query, options) {
    const o = objectOf('options', options, ['namespace', 'text']);
    if (o.text !== undefined && typeof o.text !== 'string') throw new TypeError(`options.text must be a string, got ${typeName(o.text)}`);
    const r = this.#core.lookup(query, o.namespace, o.text?.normalize('NFC'), clock(this.#now));
    this.#drop(r.dropped);
    const out = { tier: r.tier };
    if (r.tier !== 'miss' && r.id !== undefined) Object.assign(out, { id: r.id, value: this.#values.get(r.id) });
    if (r.score !== undefined) out.score = r.score;
    out.text = r.text;
    return out;
  }

  /** Adds or replaces (by id) an entry; returns its id. */
  store(query, value, options) {
    const o = objectOf('options', options, ['id', 'namespace', 'text', 'ttlSeconds']);
    if (o.text !== undefined && typeof o.text !== 'string') throw new TypeError(`options.text must be a string, got ${typeName(o.text)}`);
    const r = this.#core.store(query, o.id, o.namespace, o.text?.normalize('NFC'), o.ttlSeconds, clock(this.#now));
    this.#drop(r.dropped);
    this.#values.set(r.id, value);
    return r.id;
  }

  /** A reviewed hit: recorded, and fed to the feedback rule. */
  feedback(id, correct) {
    this.#core.review(id, correct);
  }

  remove(ids) {
    const gone = this.#core.remove(ids);
    this.#drop(gone);
    return gone.length;
  }

  clear(namespace) {
    const gone = this.#core.clear(namespace);
    this.#drop(gone);
    return gone.length;
  }

  get size() {
    return this.#core.size;
  }

  thresholds() {
    return this.#core.thresholds();
  }

  stats() {
    return { ...this.#core.stats(), ...this.#core.counts() };
  }

  toBytes() {
    const values = {};
    for (const id of this.#core.ids()) {
      const value = this.#values.get(id);
      let text;
      try {
        text = JSON.stringify(value);
      } catch (e) {
        throw new TypeError(`the value of entry "${id}" cannot be serialized to JSON: ${e.message}`);
      }
      if (text === undefined) throw new TypeError(`the value of entry "${id}" cannot be serialized to JSON (${typeName(value)})`);
      values[id] = text;
    }
    const json = new TextEncoder().encode(JSON.stringify({ state: this.#core.state(), values }));
    const set = this.#core.setBytes();
    const out = new Uint8Array(8 + 4 + 4 + json.length + set.length + 4);
    const view = new DataView(out.buffer);
    out.set(new TextEncoder().encode(MAGIC), 0);
    view.setUint32(8, VERSION, true);
    view.setUint32(12, json.length, true);
    out.set(json, 16);
    out.set(set, 16 + json.length);
    view.setUint32(out.length - 4, fnv1a(out.subarray(0, out.length - 4)), true);
    return out;
  }

  static fromBytes(bytes, options) {
    const o = objectOf('options', options, ['now']);
    if (o.now !== undefined && typeof o.now !== 'function') throw new TypeError(`options.now must be a function returning milliseconds, got ${typeName(o.now)}`);
    if (!(bytes instanceof Uint8Array)) {
      if (bytes instanceof ArrayBuffer) bytes = new Uint8Array(bytes);
      else throw new TypeError(`bytes must be a Uint8Array or an ArrayBuffer, got ${typeName(bytes)}`);
    }
    if (bytes.length < 20 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) throw new Error('bytes: not a simgate cache (it does not start with "SIMGCACH"; write one with cache.toBytes())');
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const version = view.getUint32(8, true);
    if (version !== VERSION) throw new Error(`bytes: the cache is format version ${version}; this build reads version ${VERSION}`);
    const stored = view.getUint32(bytes.length - 4, true);
    const computed = fnv1a(bytes.subarray(0, bytes.length - 4));
    if (stored !== computed) throw new Error(`bytes: the checksum does not match (stored ${stored.toString(16)}, computed ${computed.toString(16)}): the bytes are damaged`);
    const jsonLength = view.getUint32(12, true);
    if (16 + jsonLength > bytes.length - 4) throw new Error(`bytes: the JSON part (${jsonLength} bytes) runs past the end (${bytes.length} bytes)`);
    let parsed;
    try {
      parsed = JSON.parse(new TextDecoder().decode(bytes.subarray(16, 16 + jsonLength)));
    } catch (e) {
      throw new Error(`bytes: the JSON part is not valid JSON (${e.message})`);
    }
    const core = SemanticCacheCore.restore(parsed.state, bytes.slice(16 + jsonLength, bytes.length - 4));
    SemanticCache.#restoring = { core, now: o.now ?? Date.now };
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
