// What the JS layer adds to the generated classes, loaded by every entry:
// class-typed arguments checked before they reach the wasm with a message
// that names the parameter, like every other simgate error ("set must be a
// VectorSet, got Object"; every entry exports this Matcher in place of the
// generated one), and VectorSet.fromStream (async, so it lives in JS; the
// wasm VectorSetLoader does the work).
import { Matcher as GeneratedMatcher, Monitor, Thresholds, VectorSet, VectorSetLoader, noiseFloor as generatedNoiseFloor } from './simgate.js';

function typeName(v) {
  if (v === null) return 'null';
  if (typeof v !== 'object') return typeof v;
  return v.constructor?.name ?? 'object';
}

function instance(name, v, klass) {
  if (!(v instanceof klass)) throw new TypeError(`${name} must be a ${klass.name}, got ${typeName(v)}`);
}

export class Matcher extends GeneratedMatcher {
  constructor(set, thresholds, options) {
    instance('set', set, VectorSet);
    instance('thresholds', thresholds, Thresholds);
    super(set, thresholds, options);
  }
}

/** The cosine distribution of random distinct row pairs of `set`. */
export function noiseFloor(set, options) {
  instance('set', set, VectorSet);
  return generatedNoiseFloor(set, options);
}

// Monitor.merge takes another Monitor: named like every other argument.
const generatedMerge = Monitor.prototype.merge;
Monitor.prototype.merge = function merge(other) {
  instance('other', other, Monitor);
  if (other === this) throw new TypeError('other must be a different Monitor than the one merged into');
  return generatedMerge.call(this, other);
};

/** The file's length from a Response when the body is not re-encoded. */
function responseLength(res) {
  const encoding = res.headers.get('content-encoding');
  const length = res.headers.get('content-length');
  if ((encoding && encoding !== 'identity') || length === null) return undefined;
  const n = Number(length);
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

/**
 * A set read from a stream of its file's bytes, chunk by chunk: a
 * ReadableStream, a fetch Response, an R2 object body ({ body, size }) or any
 * async iterable of Uint8Array/ArrayBuffer chunks. Only the header is
 * buffered; every chunk's rows go straight into wasm memory, so the file is
 * never held whole next to the set.
 */
async function fromStream(source, options) {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new TypeError(`options must be an object, got ${typeName(options)}`);
  }
  let length = options?.length;
  let stream = source;
  if (typeof Response !== 'undefined' && source instanceof Response) {
    if (source.bodyUsed) throw new TypeError('source is a Response whose body was already read');
    stream = source.body ?? new Uint8Array(0);
    length ??= responseLength(source);
  } else if (source && typeof source === 'object' && !source.getReader && !source[Symbol.asyncIterator]
    && source.body && typeof source.size === 'number') {
    stream = source.body; // an R2 object body
    length ??= source.size;
  }
  const loader = new VectorSetLoader(length);
  try {
    if (stream instanceof Uint8Array) {
      loader.push(stream);
    } else if (stream && typeof stream.getReader === 'function') {
      const reader = stream.getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          loader.push(value);
        }
      } catch (e) {
        reader.cancel(e).catch(() => {});
        throw e;
      } finally {
        reader.releaseLock();
      }
    } else if (stream && typeof stream[Symbol.asyncIterator] === 'function') {
      for await (const chunk of stream) loader.push(chunk);
    } else {
      throw new TypeError(`source must be a ReadableStream, a Response, an R2 object body or an async iterable of Uint8Array chunks, got ${typeName(source)}`);
    }
    return loader.finish();
  } finally {
    loader.free();
  }
}

VectorSet.fromStream = fromStream;
