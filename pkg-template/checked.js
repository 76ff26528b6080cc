// Class-typed arguments, checked before they reach the wasm with a message
// that names the parameter, like every other simgate error ("set must be a
// VectorSet, got Object"). Every entry exports this Matcher in place of the
// generated one.
import { Matcher as GeneratedMatcher, Thresholds, VectorSet } from './simgate.js';

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
