var __defProp = Object.defineProperty;
var __name = (target, value) => __defProp(target, "name", { value, configurable: true });

// src/cache-object.js
import { DurableObject } from "cloudflare:workers";

// ../../pkg/workerd.js
import wasmModule2 from "./5bfa4bf00b324888deec65b867d91254f88425cf-simgate_bg.wasm";

// ../../pkg/simgate.js
var Calibration = class _Calibration {
  static {
    __name(this, "Calibration");
  }
  static __wrap(ptr) {
    const obj = Object.create(_Calibration.prototype);
    obj.__wbg_ptr = ptr;
    CalibrationFinalization.register(obj, obj.__wbg_ptr, obj);
    return obj;
  }
  __destroy_into_raw() {
    const ptr = this.__wbg_ptr;
    this.__wbg_ptr = 0;
    CalibrationFinalization.unregister(this);
    return ptr;
  }
  free() {
    const ptr = this.__destroy_into_raw();
    wasm.__wbg_calibration_free(ptr, 0);
  }
  /**
   * The lowest threshold whose precision meets `target`, or null.
   * @param {any} target
   * @returns {any}
   */
  atPrecision(target) {
    const ret = wasm.calibration_atPrecision(this.__wbg_ptr, target);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
  }
  /**
   * The confusion matrix, precision, recall and F1 at `threshold`.
   * @param {any} threshold
   * @returns {any}
   */
  at(threshold) {
    const ret = wasm.calibration_at(this.__wbg_ptr, threshold);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
  }
  /**
   * ROC AUC (ties count one half).
   * @returns {number}
   */
  auc() {
    const ret = wasm.calibration_auc(this.__wbg_ptr);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    return ret[0];
  }
  /**
   * How many pairs fall in each band around `threshold`:
   * `{ high, medium, low, none }` (margins default to 0.10 / 0.15).
   * @param {any} threshold
   * @param {any} margins
   * @returns {any}
   */
  bands(threshold, margins) {
    const ret = wasm.calibration_bands(this.__wbg_ptr, threshold, margins);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
  }
  /**
   * The F-beta-optimal threshold (F1 by default), ties to the higher.
   * @param {any} beta
   * @returns {any}
   */
  best(beta) {
    const ret = wasm.calibration_best(this.__wbg_ptr, beta);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
  }
  /**
   * Percentile intervals of the best threshold and its F1 over `rounds`
   * resamples; seeded by `seed`, else `calibrate`'s seed, else randomly.
   * @param {any} rounds
   * @param {any} seed
   * @returns {any}
   */
  bootstrap(rounds, seed) {
    const ret = wasm.calibration_bootstrap(this.__wbg_ptr, rounds, seed);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
  }
  /**
   * Largest negative score, smallest positive score, midpoint (or null).
   * @returns {any}
   */
  gap() {
    const ret = wasm.calibration_gap(this.__wbg_ptr);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
  }
  /**
   * Histograms of positive and negative scores over shared edges.
   * @param {any} bins
   * @returns {any}
   */
  histogram(bins) {
    const ret = wasm.calibration_histogram(this.__wbg_ptr, bins);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
  }
  /**
   * Isotonic regression's fitted points (interpolated linearly).
   * @returns {any}
   */
  isotonic() {
    const ret = wasm.calibration_isotonic(this.__wbg_ptr);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
  }
  /**
   * Number of pairs.
   * @returns {number}
   */
  get length() {
    const ret = wasm.calibration_length(this.__wbg_ptr);
    return ret >>> 0;
  }
  /**
   * F1-optimal thresholds per class.
   * @returns {any}
   */
  perClass() {
    const ret = wasm.calibration_perClass(this.__wbg_ptr);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
  }
  /**
   * Platt scaling: `p = 1 / (1 + exp(a * s + b))`.
   * @returns {any}
   */
  platt() {
    const ret = wasm.calibration_platt(this.__wbg_ptr);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
  }
  /**
   * The exact precision/recall curve (scikit-learn's layout).
   * @returns {any}
   */
  prCurve() {
    const ret = wasm.calibration_prCurve(this.__wbg_ptr);
    return ret;
  }
  /**
   * The calibrated probability of `score`.
   * @param {any} score
   * @param {any} method_name
   * @returns {number}
   */
  probability(score, method_name) {
    const ret = wasm.calibration_probability(this.__wbg_ptr, score, method_name);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    return ret[0];
  }
  /**
   * Reliability diagram data, ECE, MCE and Brier score (in-sample).
   * @param {any} method_name
   * @param {any} bins
   * @returns {any}
   */
  reliability(method_name, bins) {
    const ret = wasm.calibration_reliability(this.__wbg_ptr, method_name, bins);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
  }
  /**
   * A ThresholdConfig: `{ target?: "f1" | { precision }, prefixes?:
   * [{ dims, scores }], fullDims? }`.
   * @param {any} options
   * @returns {any}
   */
  toConfig(options) {
    const ret = wasm.calibration_toConfig(this.__wbg_ptr, options);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
  }
};
if (Symbol.dispose) Calibration.prototype[Symbol.dispose] = Calibration.prototype.free;
var Matcher = class {
  static {
    __name(this, "Matcher");
  }
  __destroy_into_raw() {
    const ptr = this.__wbg_ptr;
    this.__wbg_ptr = 0;
    MatcherFinalization.unregister(this);
    return ptr;
  }
  free() {
    const ptr = this.__destroy_into_raw();
    wasm.__wbg_matcher_free(ptr, 0);
  }
  /**
   * One lookup: `{ threshold, decision, explanation, candidates }`.
   * @param {any} query
   * @param {any} lookup
   * @returns {any}
   */
  match(query, lookup) {
    const ret = wasm.matcher_match(this.__wbg_ptr, query, lookup);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
  }
  /**
   * `options`: `{ k?: 10, minGap?: 0, cascade?: { coarseDims, coarseK, coarseThreshold? } }`.
   * The matcher shares the set (later `add()`s are seen) and copies the
   * thresholds.
   * @param {VectorSet} set
   * @param {Thresholds} thresholds
   * @param {any} options
   */
  constructor(set, thresholds, options) {
    _assertClass(set, VectorSet);
    _assertClass(thresholds, Thresholds);
    const ret = wasm.matcher_new(set.__wbg_ptr, thresholds.__wbg_ptr, options);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    this.__wbg_ptr = ret[0];
    MatcherFinalization.register(this, this.__wbg_ptr, this);
    return this;
  }
};
if (Symbol.dispose) Matcher.prototype[Symbol.dispose] = Matcher.prototype.free;
var Monitor = class _Monitor {
  static {
    __name(this, "Monitor");
  }
  static __wrap(ptr) {
    const obj = Object.create(_Monitor.prototype);
    obj.__wbg_ptr = ptr;
    MonitorFinalization.register(obj, obj.__wbg_ptr, obj);
    return obj;
  }
  __destroy_into_raw() {
    const ptr = this.__wbg_ptr;
    this.__wbg_ptr = 0;
    MonitorFinalization.unregister(this);
    return ptr;
  }
  free() {
    const ptr = this.__destroy_into_raw();
    wasm.__wbg_monitor_free(ptr, 0);
  }
  /**
   * The sampled borderline events, each with its score and fields.
   * @returns {Array<any>}
   */
  borderline() {
    const ret = wasm.monitor_borderline(this.__wbg_ptr);
    return ret;
  }
  /**
   * A monitor from `toJSON()`'s output; counts that do not add up are an
   * Error naming what disagrees.
   * @param {any} state
   * @returns {Monitor}
   */
  static fromJSON(state) {
    const ret = wasm.monitor_fromJSON(state);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    return _Monitor.__wrap(ret[0]);
  }
  /**
   * Adds `other`'s counts and sample (same options required).
   * @param {Monitor} other
   */
  merge(other) {
    _assertClass(other, _Monitor);
    const ret = wasm.monitor_merge(this.__wbg_ptr, other.__wbg_ptr);
    if (ret[1]) {
      throw takeFromExternrefTable0(ret[0]);
    }
  }
  /**
   * @param {any} options
   */
  constructor(options) {
    const ret = wasm.monitor_new(options);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    this.__wbg_ptr = ret[0];
    MonitorFinalization.register(this, this.__wbg_ptr, this);
    return this;
  }
  /**
   * Records many scores (no event fields); all are checked first.
   * @param {any} scores
   */
  recordMany(scores) {
    const ret = wasm.monitor_recordMany(this.__wbg_ptr, scores);
    if (ret[1]) {
      throw takeFromExternrefTable0(ret[0]);
    }
  }
  /**
   * Records one event; a hit is `score >= threshold` unless `event.hit` says.
   * @param {any} score
   * @param {any} event
   */
  record(score, event) {
    const ret = wasm.monitor_record(this.__wbg_ptr, score, event);
    if (ret[1]) {
      throw takeFromExternrefTable0(ret[0]);
    }
  }
  /**
   * @returns {any}
   */
  stats() {
    const ret = wasm.monitor_stats(this.__wbg_ptr);
    return ret;
  }
  /**
   * The whole state as a JSON-safe object (`JSON.stringify` calls this).
   * @returns {any}
   */
  toJSON() {
    const ret = wasm.monitor_toJSON(this.__wbg_ptr);
    return ret;
  }
};
if (Symbol.dispose) Monitor.prototype[Symbol.dispose] = Monitor.prototype.free;
var SemanticCacheCore = class _SemanticCacheCore {
  static {
    __name(this, "SemanticCacheCore");
  }
  static __wrap(ptr) {
    const obj = Object.create(_SemanticCacheCore.prototype);
    obj.__wbg_ptr = ptr;
    SemanticCacheCoreFinalization.register(obj, obj.__wbg_ptr, obj);
    return obj;
  }
  __destroy_into_raw() {
    const ptr = this.__wbg_ptr;
    this.__wbg_ptr = 0;
    SemanticCacheCoreFinalization.unregister(this);
    return ptr;
  }
  free() {
    const ptr = this.__destroy_into_raw();
    wasm.__wbg_semanticcachecore_free(ptr, 0);
  }
  /**
   * @param {any} namespace
   * @returns {Array<any>}
   */
  clear(namespace) {
    const ret = wasm.semanticcachecore_clear(this.__wbg_ptr, namespace);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
  }
  /**
   * The monitor's stats plus the cache's own counts.
   * @returns {any}
   */
  counts() {
    const ret = wasm.semanticcachecore_counts(this.__wbg_ptr);
    return ret;
  }
  /**
   * @returns {number}
   */
  get dims() {
    const ret = wasm.semanticcachecore_dims(this.__wbg_ptr);
    return ret >>> 0;
  }
  /**
   * The counts of the entries' ids, for the JS layer's values.
   * @returns {Array<any>}
   */
  ids() {
    const ret = wasm.semanticcachecore_ids(this.__wbg_ptr);
    return ret;
  }
  /**
   * @param {any} query
   * @param {any} namespace
   * @param {any} text
   * @param {number} now
   * @returns {any}
   */
  lookup(query, namespace, text, now) {
    const ret = wasm.semanticcachecore_lookup(this.__wbg_ptr, query, namespace, text, now);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
  }
  /**
   * @param {any} options
   */
  constructor(options) {
    const ret = wasm.semanticcachecore_new(options);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    this.__wbg_ptr = ret[0];
    SemanticCacheCoreFinalization.register(this, this.__wbg_ptr, this);
    return this;
  }
  /**
   * @param {any} ids
   * @returns {Array<any>}
   */
  remove(ids) {
    const ret = wasm.semanticcachecore_remove(this.__wbg_ptr, ids);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
  }
  /**
   * A recorded review, fed to the feedback rule.
   * @param {boolean} correct
   */
  replayReview(correct) {
    const ret = wasm.semanticcachecore_replayReview(this.__wbg_ptr, correct);
    if (ret[1]) {
      throw takeFromExternrefTable0(ret[0]);
    }
  }
  /**
   * A recorded store, as it happened (see `SemanticCache::replay_store`).
   * @param {any} query
   * @param {any} id
   * @param {any} namespace
   * @param {any} text
   * @param {any} expires_at
   * @param {any} dropped
   * @param {number} expired
   * @param {number} next_id
   */
  replayStore(query, id, namespace, text, expires_at, dropped, expired, next_id) {
    const ret = wasm.semanticcachecore_replayStore(this.__wbg_ptr, query, id, namespace, text, expires_at, dropped, expired, next_id);
    if (ret[1]) {
      throw takeFromExternrefTable0(ret[0]);
    }
  }
  /**
   * A core from `state()` and `setBytes()`; parts that disagree are an
   * Error naming what.
   * @param {any} state
   * @param {any} set_bytes
   * @returns {SemanticCacheCore}
   */
  static restore(state, set_bytes) {
    const ret = wasm.semanticcachecore_restore(state, set_bytes);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    return _SemanticCacheCore.__wrap(ret[0]);
  }
  /**
   * @param {any} id
   * @param {any} correct
   */
  review(id, correct) {
    const ret = wasm.semanticcachecore_review(this.__wbg_ptr, id, correct);
    if (ret[1]) {
      throw takeFromExternrefTable0(ret[0]);
    }
  }
  /**
   * The vectors as a set file.
   * @returns {Uint8Array}
   */
  setBytes() {
    const ret = wasm.semanticcachecore_setBytes(this.__wbg_ptr);
    return ret;
  }
  /**
   * @returns {number}
   */
  get size() {
    const ret = wasm.semanticcachecore_size(this.__wbg_ptr);
    return ret >>> 0;
  }
  /**
   * Everything but the vectors, as plain JSON-safe data.
   * @returns {any}
   */
  state() {
    const ret = wasm.semanticcachecore_state(this.__wbg_ptr);
    return ret;
  }
  /**
   * The monitor's figures (as `Monitor.stats()` gives them).
   * @returns {any}
   */
  stats() {
    const ret = wasm.semanticcachecore_stats(this.__wbg_ptr);
    return ret;
  }
  /**
   * @param {any} query
   * @param {any} id
   * @param {any} namespace
   * @param {any} text
   * @param {any} ttl_seconds
   * @param {number} now
   * @returns {any}
   */
  store(query, id, namespace, text, ttl_seconds, now) {
    const ret = wasm.semanticcachecore_store(this.__wbg_ptr, query, id, namespace, text, ttl_seconds, now);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
  }
  /**
   * @returns {any}
   */
  thresholds() {
    const ret = wasm.semanticcachecore_thresholds(this.__wbg_ptr);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
  }
};
if (Symbol.dispose) SemanticCacheCore.prototype[Symbol.dispose] = SemanticCacheCore.prototype.free;
var Thresholds = class _Thresholds {
  static {
    __name(this, "Thresholds");
  }
  static __wrap(ptr) {
    const obj = Object.create(_Thresholds.prototype);
    obj.__wbg_ptr = ptr;
    ThresholdsFinalization.register(obj, obj.__wbg_ptr, obj);
    return obj;
  }
  __destroy_into_raw() {
    const ptr = this.__wbg_ptr;
    this.__wbg_ptr = 0;
    ThresholdsFinalization.unregister(this);
    return ptr;
  }
  free() {
    const ptr = this.__destroy_into_raw();
    wasm.__wbg_thresholds_free(ptr, 0);
  }
  /**
   * From a schema: `$threshold` per type, `~>Type(0.85)` specs per field.
   * @param {any} schema
   * @returns {Thresholds}
   */
  static fromSchema(schema) {
    const ret = wasm.thresholds_fromSchema(schema);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    return _Thresholds.__wrap(ret[0]);
  }
  /**
   * The embedding model the thresholds were calibrated on, when stamped.
   * @returns {any}
   */
  get model() {
    const ret = wasm.thresholds_model(this.__wbg_ptr);
    return ret;
  }
  /**
   * From a `ThresholdConfig` object (all keys optional; default 0.80).
   * @param {any} config
   */
  constructor(config) {
    const ret = wasm.thresholds_new(config);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    this.__wbg_ptr = ret[0];
    ThresholdsFinalization.register(this, this.__wbg_ptr, this);
    return this;
  }
  /**
   * A built-in preset: "default", "strict" or "loose".
   * @param {any} name
   * @returns {Thresholds}
   */
  static preset(name) {
    const ret = wasm.thresholds_preset(name);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    return _Thresholds.__wrap(ret[0]);
  }
  /**
   * Which threshold applies to a lookup, where it came from, and each
   * adjustment.
   * @param {any} query
   * @returns {any}
   */
  resolve(query) {
    const ret = wasm.thresholds_resolve(this.__wbg_ptr, query);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
  }
  /**
   * The configuration as a plain object (`new Thresholds(t.toJSON())`
   * round-trips; `JSON.stringify(t)` writes it).
   * @returns {any}
   */
  toJSON() {
    const ret = wasm.thresholds_toJSON(this.__wbg_ptr);
    return ret;
  }
};
if (Symbol.dispose) Thresholds.prototype[Symbol.dispose] = Thresholds.prototype.free;
var VectorSet = class _VectorSet {
  static {
    __name(this, "VectorSet");
  }
  static __wrap(ptr) {
    const obj = Object.create(_VectorSet.prototype);
    obj.__wbg_ptr = ptr;
    VectorSetFinalization.register(obj, obj.__wbg_ptr, obj);
    return obj;
  }
  __destroy_into_raw() {
    const ptr = this.__wbg_ptr;
    this.__wbg_ptr = 0;
    VectorSetFinalization.unregister(this);
    return ptr;
  }
  free() {
    const ptr = this.__destroy_into_raw();
    wasm.__wbg_vectorset_free(ptr, 0);
  }
  /**
   * Every row scoring at or above `threshold`, best first.
   * @param {any} query
   * @param {any} threshold
   * @param {any} options
   * @returns {any}
   */
  above(query, threshold, options) {
    const ret = wasm.vectorset_above(this.__wbg_ptr, query, threshold, options);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
  }
  /**
   * Appends `vectors` (`n * dims` floats, row-major), optionally with one
   * string id per row (unique within the set), in `options.namespace`. A
   * failed call adds nothing. With `options.record`, returns `{ change }`,
   * the change record (see `apply`).
   * @param {any} vectors
   * @param {any} ids
   * @param {any} options
   * @returns {any}
   */
  add(vectors, ids, options) {
    const ret = wasm.vectorset_add(this.__wbg_ptr, vectors, ids, options);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
  }
  /**
   * Replays one change record: `{ applied: true }`, or `{ applied:
   * false }` when the set already has it; a gap, another dims or
   * precisions, or a damaged record is an Error and the set is unchanged.
   * @param {any} change
   * @returns {any}
   */
  apply(change) {
    const ret = wasm.vectorset_apply(this.__wbg_ptr, change);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
  }
  /**
   * Bytes this set holds in wasm memory.
   * @returns {number}
   */
  byteLength() {
    const ret = wasm.vectorset_byteLength(this.__wbg_ptr);
    return ret;
  }
  /**
   * Bytes one row of `dims` dims takes in each of `precisions` (default
   * `["f32"]`), ids not included.
   * @param {any} dims
   * @param {any} precisions
   * @returns {number}
   */
  static bytesPerRow(dims, precisions) {
    const ret = wasm.vectorset_bytesPerRow(dims, precisions);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    return ret[0];
  }
  /**
   * Coarse pass on a short prefix (at `coarsePrecision`), rerank of the
   * survivors on full dims (at `precision`).
   * @param {any} query
   * @param {any} options
   * @returns {any}
   */
  cascade(query, options) {
    const ret = wasm.vectorset_cascade(this.__wbg_ptr, query, options);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
  }
  /**
   * Dimensionality of every vector.
   * @returns {number}
   */
  get dims() {
    const ret = wasm.vectorset_dims(this.__wbg_ptr);
    return ret >>> 0;
  }
  /**
   * The set's file in chunks (see `VectorSetChunks`): what `toBytes()`
   * gives, without holding all of it at once.
   * @returns {VectorSetChunks}
   */
  fileChunks() {
    const ret = wasm.vectorset_fileChunks(this.__wbg_ptr);
    return VectorSetChunks.__wrap(ret);
  }
  /**
   * A set read from a file made by `toBytes()` or `simgate pack`: the
   * rows are copied into wasm memory once, nothing is recomputed.
   * @param {any} bytes
   * @returns {VectorSet}
   */
  static fromBytes(bytes) {
    const ret = wasm.vectorset_fromBytes(bytes);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    return _VectorSet.__wrap(ret[0]);
  }
  /**
   * Whether a row has this id.
   * @param {any} id
   * @returns {boolean}
   */
  has(id) {
    const ret = wasm.vectorset_has(this.__wbg_ptr, id);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    return ret[0] !== 0;
  }
  /**
   * Number of vectors in the set.
   * @returns {number}
   */
  get length() {
    const ret = wasm.vectorset_length(this.__wbg_ptr);
    return ret >>> 0;
  }
  /**
   * The embedding model the set was stamped with, or null.
   * @returns {string | undefined}
   */
  get model() {
    const ret = wasm.vectorset_model(this.__wbg_ptr);
    let v1;
    if (ret[0] !== 0) {
      v1 = getStringFromWasm0(ret[0], ret[1]);
      wasm.__wbindgen_free(ret[0], ret[1] * 1, 1);
    }
    return v1;
  }
  /**
   * An empty set of `dims`-dimensional vectors: `options` `{ precisions?:
   * ["f32"] | ["i8"] | ["b1", "i8"] | ..., model?: string }`.
   * @param {any} dims
   * @param {any} options
   */
  constructor(dims, options) {
    const ret = wasm.vectorset_new(dims, options);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    this.__wbg_ptr = ret[0];
    VectorSetFinalization.register(this, this.__wbg_ptr, this);
    return this;
  }
  /**
   * The encodings kept, most precise first.
   * @returns {Array<any>}
   */
  get precisions() {
    const ret = wasm.vectorset_precisions(this.__wbg_ptr);
    return ret;
  }
  /**
   * Removes the rows with these ids; returns how many went (ids not in
   * the set count 0), or `{ removed, change }` with `options.record`.
   * @param {any} ids
   * @param {any} options
   * @returns {any}
   */
  remove(ids, options) {
    const ret = wasm.vectorset_remove(this.__wbg_ptr, ids, options);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
  }
  /**
   * Row `index` as floats, from the most exact encoding kept: f32 rows
   * as stored (unit length), i8 rows dequantized.
   * @param {any} index
   * @returns {Float32Array}
   */
  row(index) {
    const ret = wasm.vectorset_row(this.__wbg_ptr, index);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
  }
  /**
   * Cosine of `query` with every row (over the first `dims` dims, at
   * `options.precision`), in row order.
   * @param {any} query
   * @param {any} dims
   * @param {any} options
   * @returns {Float32Array}
   */
  scores(query, dims, options) {
    const ret = wasm.vectorset_scores(this.__wbg_ptr, query, dims, options);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
  }
  /**
   * The set as a file (a Uint8Array; `VectorSet.fromBytes` reads it back).
   * @returns {Uint8Array}
   */
  toBytes() {
    const ret = wasm.vectorset_toBytes(this.__wbg_ptr);
    return ret;
  }
  /**
   * The `k` best rows, best first (ties to the lower index).
   * @param {any} query
   * @param {any} k
   * @param {any} options
   * @returns {any}
   */
  topK(query, k, options) {
    const ret = wasm.vectorset_topK(this.__wbg_ptr, query, k, options);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
  }
  /**
   * Replaces the rows whose id is in the set and appends the rest:
   * `{ added, replaced }`.
   * @param {any} vectors
   * @param {any} ids
   * @param {any} options
   * @returns {any}
   */
  upsert(vectors, ids, options) {
    const ret = wasm.vectorset_upsert(this.__wbg_ptr, vectors, ids, options);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
  }
  /**
   * Changes applied since the set was created (kept in its file).
   * @returns {number}
   */
  get version() {
    const ret = wasm.vectorset_version(this.__wbg_ptr);
    return ret;
  }
};
if (Symbol.dispose) VectorSet.prototype[Symbol.dispose] = VectorSet.prototype.free;
var VectorSetChunks = class _VectorSetChunks {
  static {
    __name(this, "VectorSetChunks");
  }
  static __wrap(ptr) {
    const obj = Object.create(_VectorSetChunks.prototype);
    obj.__wbg_ptr = ptr;
    VectorSetChunksFinalization.register(obj, obj.__wbg_ptr, obj);
    return obj;
  }
  __destroy_into_raw() {
    const ptr = this.__wbg_ptr;
    this.__wbg_ptr = 0;
    VectorSetChunksFinalization.unregister(this);
    return ptr;
  }
  free() {
    const ptr = this.__destroy_into_raw();
    wasm.__wbg_vectorsetchunks_free(ptr, 0);
  }
  /**
   * The file's length in bytes.
   * @returns {number}
   */
  get length() {
    const ret = wasm.vectorsetchunks_length(this.__wbg_ptr);
    return ret;
  }
  /**
   * The next chunk of at most `maxBytes` (default 1 MiB; the final
   * 8-byte checksum may go past it), or `undefined` once the file is
   * complete. An Error if the set changed since the chunks began.
   * @param {any} max_bytes
   * @returns {Uint8Array | undefined}
   */
  next(max_bytes) {
    const ret = wasm.vectorsetchunks_next(this.__wbg_ptr, max_bytes);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
  }
  /**
   * Bytes handed out so far.
   * @returns {number}
   */
  get produced() {
    const ret = wasm.vectorsetchunks_produced(this.__wbg_ptr);
    return ret;
  }
};
if (Symbol.dispose) VectorSetChunks.prototype[Symbol.dispose] = VectorSetChunks.prototype.free;
var VectorSetLoader = class {
  static {
    __name(this, "VectorSetLoader");
  }
  __destroy_into_raw() {
    const ptr = this.__wbg_ptr;
    this.__wbg_ptr = 0;
    VectorSetLoaderFinalization.unregister(this);
    return ptr;
  }
  free() {
    const ptr = this.__destroy_into_raw();
    wasm.__wbg_vectorsetloader_free(ptr, 0);
  }
  /**
   * The file's length as its header describes it, once the header is
   * in (`undefined` before).
   * @returns {number | undefined}
   */
  get expected() {
    const ret = wasm.vectorsetloader_expected(this.__wbg_ptr);
    return ret[0] === 0 ? void 0 : ret[1];
  }
  /**
   * The set, once the whole file is in; the loader is spent afterwards.
   * @returns {VectorSet}
   */
  finish() {
    const ret = wasm.vectorsetloader_finish(this.__wbg_ptr);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    return VectorSet.__wrap(ret[0]);
  }
  /**
   * A loader for a file of `length` bytes when known (checked against
   * the header as soon as it is read), else checked at the end.
   * @param {any} length
   */
  constructor(length) {
    const ret = wasm.vectorsetloader_new(length);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    this.__wbg_ptr = ret[0];
    VectorSetLoaderFinalization.register(this, this.__wbg_ptr, this);
    return this;
  }
  /**
   * Takes the next chunk of the file (a `Uint8Array` or `ArrayBuffer`).
   * @param {any} chunk
   */
  push(chunk) {
    const ret = wasm.vectorsetloader_push(this.__wbg_ptr, chunk);
    if (ret[1]) {
      throw takeFromExternrefTable0(ret[0]);
    }
  }
  /**
   * Bytes pushed so far.
   * @returns {number}
   */
  get received() {
    const ret = wasm.vectorsetloader_received(this.__wbg_ptr);
    return ret;
  }
};
if (Symbol.dispose) VectorSetLoader.prototype[Symbol.dispose] = VectorSetLoader.prototype.free;
function __wbg_get_imports() {
  const import0 = {
    __proto__: null,
    __wbg_Error_208446807d0d1e30: /* @__PURE__ */ __name(function(arg0, arg1) {
      const ret = Error(getStringFromWasm0(arg0, arg1));
      return ret;
    }, "__wbg_Error_208446807d0d1e30"),
    __wbg___wbindgen_boolean_get_4f1baf9a00be3c74: /* @__PURE__ */ __name(function(arg0) {
      const v = arg0;
      const ret = typeof v === "boolean" ? v : void 0;
      return isLikeNone(ret) ? 16777215 : ret ? 1 : 0;
    }, "__wbg___wbindgen_boolean_get_4f1baf9a00be3c74"),
    __wbg___wbindgen_is_null_c22311b1cc228e3a: /* @__PURE__ */ __name(function(arg0) {
      const ret = arg0 === null;
      return ret;
    }, "__wbg___wbindgen_is_null_c22311b1cc228e3a"),
    __wbg___wbindgen_is_object_8b968c3ab8e96595: /* @__PURE__ */ __name(function(arg0) {
      const val = arg0;
      const ret = typeof val === "object" && val !== null;
      return ret;
    }, "__wbg___wbindgen_is_object_8b968c3ab8e96595"),
    __wbg___wbindgen_is_string_fc456fee5d3317de: /* @__PURE__ */ __name(function(arg0) {
      const ret = typeof arg0 === "string";
      return ret;
    }, "__wbg___wbindgen_is_string_fc456fee5d3317de"),
    __wbg___wbindgen_is_undefined_be5b34249ff1fc15: /* @__PURE__ */ __name(function(arg0) {
      const ret = arg0 === void 0;
      return ret;
    }, "__wbg___wbindgen_is_undefined_be5b34249ff1fc15"),
    __wbg___wbindgen_number_get_934b640d0889af78: /* @__PURE__ */ __name(function(arg0, arg1) {
      const obj = arg1;
      const ret = typeof obj === "number" ? obj : void 0;
      getDataViewMemory0().setFloat64((arg0 >>> 0) + 8 * 1, isLikeNone(ret) ? 0 : ret, true);
      getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 0, !isLikeNone(ret), true);
    }, "__wbg___wbindgen_number_get_934b640d0889af78"),
    __wbg___wbindgen_string_get_7ce8eee7fd327545: /* @__PURE__ */ __name(function(arg0, arg1) {
      const obj = arg1;
      const ret = typeof obj === "string" ? obj : void 0;
      var ptr1 = isLikeNone(ret) ? 0 : passStringToWasm0(ret, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
      var len1 = WASM_VECTOR_LEN;
      getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 1, len1, true);
      getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 0, ptr1, true);
    }, "__wbg___wbindgen_string_get_7ce8eee7fd327545"),
    __wbg___wbindgen_throw_4c88d8bf264fd984: /* @__PURE__ */ __name(function(arg0, arg1) {
      throw new Error(getStringFromWasm0(arg0, arg1));
    }, "__wbg___wbindgen_throw_4c88d8bf264fd984"),
    __wbg___wbindgen_typeof_ee4990276e02f607: /* @__PURE__ */ __name(function(arg0) {
      const ret = typeof arg0;
      return ret;
    }, "__wbg___wbindgen_typeof_ee4990276e02f607"),
    __wbg_entries_7bb1459bd9b5c2b9: /* @__PURE__ */ __name(function(arg0) {
      const ret = Object.entries(arg0);
      return ret;
    }, "__wbg_entries_7bb1459bd9b5c2b9"),
    __wbg_error_757e9472f8410341: /* @__PURE__ */ __name(function(arg0, arg1) {
      let deferred0_0;
      let deferred0_1;
      try {
        deferred0_0 = arg0;
        deferred0_1 = arg1;
        console.error(getStringFromWasm0(arg0, arg1));
      } finally {
        wasm.__wbindgen_free(deferred0_0, deferred0_1, 1);
      }
    }, "__wbg_error_757e9472f8410341"),
    __wbg_getPrototypeOf_684ea783c7170e41: /* @__PURE__ */ __name(function(arg0) {
      const ret = Object.getPrototypeOf(arg0);
      return ret;
    }, "__wbg_getPrototypeOf_684ea783c7170e41"),
    __wbg_getRandomValues_8b6f1f663e6f188d: /* @__PURE__ */ __name(function() {
      return handleError(function(arg0, arg1) {
        globalThis.crypto.getRandomValues(getArrayU8FromWasm0(arg0, arg1));
      }, arguments);
    }, "__wbg_getRandomValues_8b6f1f663e6f188d"),
    __wbg_get_2080c49015e35254: /* @__PURE__ */ __name(function() {
      return handleError(function(arg0, arg1) {
        const ret = Reflect.get(arg0, arg1);
        return ret;
      }, arguments);
    }, "__wbg_get_2080c49015e35254"),
    __wbg_get_d7176cfb76d71114: /* @__PURE__ */ __name(function(arg0, arg1) {
      const ret = arg0[arg1 >>> 0];
      return ret;
    }, "__wbg_get_d7176cfb76d71114"),
    __wbg_get_unchecked_e6325ad374eff861: /* @__PURE__ */ __name(function(arg0, arg1) {
      const ret = arg0[arg1 >>> 0];
      return ret;
    }, "__wbg_get_unchecked_e6325ad374eff861"),
    __wbg_instanceof_ArrayBuffer_12cdaa4161423e6b: /* @__PURE__ */ __name(function(arg0) {
      let result;
      try {
        result = arg0 instanceof ArrayBuffer;
      } catch (_) {
        result = false;
      }
      const ret = result;
      return ret;
    }, "__wbg_instanceof_ArrayBuffer_12cdaa4161423e6b"),
    __wbg_instanceof_Float32Array_94718abab7dc1d7f: /* @__PURE__ */ __name(function(arg0) {
      let result;
      try {
        result = arg0 instanceof Float32Array;
      } catch (_) {
        result = false;
      }
      const ret = result;
      return ret;
    }, "__wbg_instanceof_Float32Array_94718abab7dc1d7f"),
    __wbg_instanceof_Float64Array_4acace5b49aaf791: /* @__PURE__ */ __name(function(arg0) {
      let result;
      try {
        result = arg0 instanceof Float64Array;
      } catch (_) {
        result = false;
      }
      const ret = result;
      return ret;
    }, "__wbg_instanceof_Float64Array_4acace5b49aaf791"),
    __wbg_instanceof_SharedArrayBuffer_d7cd4549d56b0bc3: /* @__PURE__ */ __name(function(arg0) {
      let result;
      try {
        result = arg0 instanceof SharedArrayBuffer;
      } catch (_) {
        result = false;
      }
      const ret = result;
      return ret;
    }, "__wbg_instanceof_SharedArrayBuffer_d7cd4549d56b0bc3"),
    __wbg_instanceof_Uint32Array_ba721c3060d01f9a: /* @__PURE__ */ __name(function(arg0) {
      let result;
      try {
        result = arg0 instanceof Uint32Array;
      } catch (_) {
        result = false;
      }
      const ret = result;
      return ret;
    }, "__wbg_instanceof_Uint32Array_ba721c3060d01f9a"),
    __wbg_instanceof_Uint8Array_d7aeb0dcb3108fea: /* @__PURE__ */ __name(function(arg0) {
      let result;
      try {
        result = arg0 instanceof Uint8Array;
      } catch (_) {
        result = false;
      }
      const ret = result;
      return ret;
    }, "__wbg_instanceof_Uint8Array_d7aeb0dcb3108fea"),
    __wbg_isArray_bcf1376d0d732d08: /* @__PURE__ */ __name(function(arg0) {
      const ret = Array.isArray(arg0);
      return ret;
    }, "__wbg_isArray_bcf1376d0d732d08"),
    __wbg_is_2248ff2b575d60c7: /* @__PURE__ */ __name(function(arg0, arg1) {
      const ret = Object.is(arg0, arg1);
      return ret;
    }, "__wbg_is_2248ff2b575d60c7"),
    __wbg_keys_105f5c0857898f84: /* @__PURE__ */ __name(function(arg0) {
      const ret = Object.keys(arg0);
      return ret;
    }, "__wbg_keys_105f5c0857898f84"),
    __wbg_length_186163212ffe79c3: /* @__PURE__ */ __name(function(arg0) {
      const ret = arg0.length;
      return ret;
    }, "__wbg_length_186163212ffe79c3"),
    __wbg_length_5a8bb8abe1e54e15: /* @__PURE__ */ __name(function(arg0) {
      const ret = arg0.length;
      return ret;
    }, "__wbg_length_5a8bb8abe1e54e15"),
    __wbg_length_6e9d2869242cabf3: /* @__PURE__ */ __name(function(arg0) {
      const ret = arg0.length;
      return ret;
    }, "__wbg_length_6e9d2869242cabf3"),
    __wbg_length_b03a0fabb109b1e9: /* @__PURE__ */ __name(function(arg0) {
      const ret = arg0.length;
      return ret;
    }, "__wbg_length_b03a0fabb109b1e9"),
    __wbg_length_c702d06d28b96b72: /* @__PURE__ */ __name(function(arg0) {
      const ret = arg0.length;
      return ret;
    }, "__wbg_length_c702d06d28b96b72"),
    __wbg_new_13de428334042d26: /* @__PURE__ */ __name(function(arg0) {
      const ret = new Uint8Array(arg0);
      return ret;
    }, "__wbg_new_13de428334042d26"),
    __wbg_new_37eb45aaf5eeb820: /* @__PURE__ */ __name(function() {
      const ret = new Array();
      return ret;
    }, "__wbg_new_37eb45aaf5eeb820"),
    __wbg_new_4416a2fe2fac9c65: /* @__PURE__ */ __name(function(arg0, arg1) {
      const ret = new TypeError(getStringFromWasm0(arg0, arg1));
      return ret;
    }, "__wbg_new_4416a2fe2fac9c65"),
    __wbg_new_7075786089b89c5e: /* @__PURE__ */ __name(function() {
      const ret = /* @__PURE__ */ new Map();
      return ret;
    }, "__wbg_new_7075786089b89c5e"),
    __wbg_new_787b9fb330d55d78: /* @__PURE__ */ __name(function(arg0, arg1) {
      const ret = new Error(getStringFromWasm0(arg0, arg1));
      return ret;
    }, "__wbg_new_787b9fb330d55d78"),
    __wbg_new_8a1847cd91d0d7fb: /* @__PURE__ */ __name(function(arg0, arg1) {
      const ret = new RangeError(getStringFromWasm0(arg0, arg1));
      return ret;
    }, "__wbg_new_8a1847cd91d0d7fb"),
    __wbg_new_bb74001155cb8ca8: /* @__PURE__ */ __name(function() {
      const ret = new Error();
      return ret;
    }, "__wbg_new_bb74001155cb8ca8"),
    __wbg_new_cd4348290afae586: /* @__PURE__ */ __name(function() {
      const ret = new Object();
      return ret;
    }, "__wbg_new_cd4348290afae586"),
    __wbg_new_from_slice_3512352010266e02: /* @__PURE__ */ __name(function(arg0, arg1) {
      const ret = new Uint32Array(getArrayU32FromWasm0(arg0, arg1));
      return ret;
    }, "__wbg_new_from_slice_3512352010266e02"),
    __wbg_new_from_slice_355c10c5d8f2addb: /* @__PURE__ */ __name(function(arg0, arg1) {
      const ret = new Float32Array(getArrayF32FromWasm0(arg0, arg1));
      return ret;
    }, "__wbg_new_from_slice_355c10c5d8f2addb"),
    __wbg_new_from_slice_aaf85a9746711968: /* @__PURE__ */ __name(function(arg0, arg1) {
      const ret = new Float64Array(getArrayF64FromWasm0(arg0, arg1));
      return ret;
    }, "__wbg_new_from_slice_aaf85a9746711968"),
    __wbg_new_from_slice_b8daf545a41c6aa0: /* @__PURE__ */ __name(function(arg0, arg1) {
      const ret = new Uint8Array(getArrayU8FromWasm0(arg0, arg1));
      return ret;
    }, "__wbg_new_from_slice_b8daf545a41c6aa0"),
    __wbg_new_with_length_01b143a7e5dd5a3e: /* @__PURE__ */ __name(function(arg0) {
      const ret = new Uint8Array(arg0 >>> 0);
      return ret;
    }, "__wbg_new_with_length_01b143a7e5dd5a3e"),
    __wbg_prototypesetcall_13162965d1fe7aa3: /* @__PURE__ */ __name(function(arg0, arg1, arg2) {
      Uint8Array.prototype.set.call(getArrayU8FromWasm0(arg0, arg1), arg2);
    }, "__wbg_prototypesetcall_13162965d1fe7aa3"),
    __wbg_prototypesetcall_22b1bb88c4ec5c5a: /* @__PURE__ */ __name(function(arg0, arg1, arg2) {
      Float32Array.prototype.set.call(getArrayF32FromWasm0(arg0, arg1), arg2);
    }, "__wbg_prototypesetcall_22b1bb88c4ec5c5a"),
    __wbg_prototypesetcall_4aea6470234c8414: /* @__PURE__ */ __name(function(arg0, arg1, arg2) {
      Uint32Array.prototype.set.call(getArrayU32FromWasm0(arg0, arg1), arg2);
    }, "__wbg_prototypesetcall_4aea6470234c8414"),
    __wbg_prototypesetcall_a366c038a3918afa: /* @__PURE__ */ __name(function(arg0, arg1, arg2) {
      Float64Array.prototype.set.call(getArrayF64FromWasm0(arg0, arg1), arg2);
    }, "__wbg_prototypesetcall_a366c038a3918afa"),
    __wbg_push_c9f4893fc209f768: /* @__PURE__ */ __name(function(arg0, arg1) {
      const ret = arg0.push(arg1);
      return ret;
    }, "__wbg_push_c9f4893fc209f768"),
    __wbg_set_2793479888329cb6: /* @__PURE__ */ __name(function() {
      return handleError(function(arg0, arg1, arg2) {
        const ret = Reflect.set(arg0, arg1, arg2);
        return ret;
      }, arguments);
    }, "__wbg_set_2793479888329cb6"),
    __wbg_set_8282f7e0d2d01336: /* @__PURE__ */ __name(function(arg0, arg1, arg2) {
      const ret = arg0.set(arg1, arg2);
      return ret;
    }, "__wbg_set_8282f7e0d2d01336"),
    __wbg_set_d2d33b52458e984a: /* @__PURE__ */ __name(function(arg0, arg1, arg2) {
      arg0[arg1 >>> 0] = arg2;
    }, "__wbg_set_d2d33b52458e984a"),
    __wbg_set_e4b9a833d288759a: /* @__PURE__ */ __name(function(arg0, arg1, arg2) {
      arg0[arg1] = arg2;
    }, "__wbg_set_e4b9a833d288759a"),
    __wbg_set_feb3714f475485ba: /* @__PURE__ */ __name(function(arg0, arg1, arg2) {
      arg0.set(getArrayU8FromWasm0(arg1, arg2));
    }, "__wbg_set_feb3714f475485ba"),
    __wbg_stack_575c4e0918581b9c: /* @__PURE__ */ __name(function(arg0, arg1) {
      const ret = arg1.stack;
      const ptr1 = passStringToWasm0(ret, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
      const len1 = WASM_VECTOR_LEN;
      getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 1, len1, true);
      getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 0, ptr1, true);
    }, "__wbg_stack_575c4e0918581b9c"),
    __wbg_subarray_58f388a9247ac0bb: /* @__PURE__ */ __name(function(arg0, arg1, arg2) {
      const ret = arg0.subarray(arg1 >>> 0, arg2 >>> 0);
      return ret;
    }, "__wbg_subarray_58f388a9247ac0bb"),
    __wbg_subarray_7343a34544ab34ea: /* @__PURE__ */ __name(function(arg0, arg1, arg2) {
      const ret = arg0.subarray(arg1 >>> 0, arg2 >>> 0);
      return ret;
    }, "__wbg_subarray_7343a34544ab34ea"),
    __wbindgen_generic_0000000000000001: /* @__PURE__ */ __name(function(arg0) {
      const ret = arg0;
      return ret;
    }, "__wbindgen_generic_0000000000000001"),
    __wbindgen_generic_0000000000000002: /* @__PURE__ */ __name(function(arg0, arg1) {
      const ret = getStringFromWasm0(arg0, arg1);
      return ret;
    }, "__wbindgen_generic_0000000000000002"),
    __wbindgen_generic_0000000000000003: /* @__PURE__ */ __name(function(arg0) {
      const ret = BigInt.asUintN(64, arg0);
      return ret;
    }, "__wbindgen_generic_0000000000000003"),
    __wbindgen_init_externref_table: /* @__PURE__ */ __name(function() {
      const table = wasm.__wbindgen_externrefs;
      table.set(0, void 0);
      table.set(1024, void 0);
      table.set(1025, null);
      table.set(1026, true);
      table.set(1027, false);
    }, "__wbindgen_init_externref_table")
  };
  return {
    __proto__: null,
    "./simgate_bg.js": import0
  };
}
__name(__wbg_get_imports, "__wbg_get_imports");
var CalibrationFinalization = typeof FinalizationRegistry === "undefined" ? { register: /* @__PURE__ */ __name(() => {
}, "register"), unregister: /* @__PURE__ */ __name(() => {
}, "unregister") } : new FinalizationRegistry((ptr) => wasm.__wbg_calibration_free(ptr, 1));
var MatcherFinalization = typeof FinalizationRegistry === "undefined" ? { register: /* @__PURE__ */ __name(() => {
}, "register"), unregister: /* @__PURE__ */ __name(() => {
}, "unregister") } : new FinalizationRegistry((ptr) => wasm.__wbg_matcher_free(ptr, 1));
var MonitorFinalization = typeof FinalizationRegistry === "undefined" ? { register: /* @__PURE__ */ __name(() => {
}, "register"), unregister: /* @__PURE__ */ __name(() => {
}, "unregister") } : new FinalizationRegistry((ptr) => wasm.__wbg_monitor_free(ptr, 1));
var SemanticCacheCoreFinalization = typeof FinalizationRegistry === "undefined" ? { register: /* @__PURE__ */ __name(() => {
}, "register"), unregister: /* @__PURE__ */ __name(() => {
}, "unregister") } : new FinalizationRegistry((ptr) => wasm.__wbg_semanticcachecore_free(ptr, 1));
var ThresholdsFinalization = typeof FinalizationRegistry === "undefined" ? { register: /* @__PURE__ */ __name(() => {
}, "register"), unregister: /* @__PURE__ */ __name(() => {
}, "unregister") } : new FinalizationRegistry((ptr) => wasm.__wbg_thresholds_free(ptr, 1));
var VectorSetFinalization = typeof FinalizationRegistry === "undefined" ? { register: /* @__PURE__ */ __name(() => {
}, "register"), unregister: /* @__PURE__ */ __name(() => {
}, "unregister") } : new FinalizationRegistry((ptr) => wasm.__wbg_vectorset_free(ptr, 1));
var VectorSetChunksFinalization = typeof FinalizationRegistry === "undefined" ? { register: /* @__PURE__ */ __name(() => {
}, "register"), unregister: /* @__PURE__ */ __name(() => {
}, "unregister") } : new FinalizationRegistry((ptr) => wasm.__wbg_vectorsetchunks_free(ptr, 1));
var VectorSetLoaderFinalization = typeof FinalizationRegistry === "undefined" ? { register: /* @__PURE__ */ __name(() => {
}, "register"), unregister: /* @__PURE__ */ __name(() => {
}, "unregister") } : new FinalizationRegistry((ptr) => wasm.__wbg_vectorsetloader_free(ptr, 1));
function addToExternrefTable0(obj) {
  const idx = wasm.__externref_table_alloc();
  wasm.__wbindgen_externrefs.set(idx, obj);
  return idx;
}
__name(addToExternrefTable0, "addToExternrefTable0");
function _assertClass(instance2, klass) {
  if (!(instance2 instanceof klass)) {
    throw new Error(`expected instance of ${klass.name}`);
  }
}
__name(_assertClass, "_assertClass");
function getArrayF32FromWasm0(ptr, len) {
  ptr = ptr >>> 0;
  return getFloat32ArrayMemory0().subarray(ptr / 4, ptr / 4 + len);
}
__name(getArrayF32FromWasm0, "getArrayF32FromWasm0");
function getArrayF64FromWasm0(ptr, len) {
  ptr = ptr >>> 0;
  return getFloat64ArrayMemory0().subarray(ptr / 8, ptr / 8 + len);
}
__name(getArrayF64FromWasm0, "getArrayF64FromWasm0");
function getArrayU32FromWasm0(ptr, len) {
  ptr = ptr >>> 0;
  return getUint32ArrayMemory0().subarray(ptr / 4, ptr / 4 + len);
}
__name(getArrayU32FromWasm0, "getArrayU32FromWasm0");
function getArrayU8FromWasm0(ptr, len) {
  ptr = ptr >>> 0;
  return getUint8ArrayMemory0().subarray(ptr / 1, ptr / 1 + len);
}
__name(getArrayU8FromWasm0, "getArrayU8FromWasm0");
var cachedDataViewMemory0 = null;
function getDataViewMemory0() {
  if (cachedDataViewMemory0 === null || cachedDataViewMemory0.buffer.detached === true || cachedDataViewMemory0.buffer.detached === void 0 && cachedDataViewMemory0.buffer !== wasm.memory.buffer) {
    cachedDataViewMemory0 = new DataView(wasm.memory.buffer);
  }
  return cachedDataViewMemory0;
}
__name(getDataViewMemory0, "getDataViewMemory0");
var cachedFloat32ArrayMemory0 = null;
function getFloat32ArrayMemory0() {
  if (cachedFloat32ArrayMemory0 === null || cachedFloat32ArrayMemory0.byteLength === 0) {
    cachedFloat32ArrayMemory0 = new Float32Array(wasm.memory.buffer);
  }
  return cachedFloat32ArrayMemory0;
}
__name(getFloat32ArrayMemory0, "getFloat32ArrayMemory0");
var cachedFloat64ArrayMemory0 = null;
function getFloat64ArrayMemory0() {
  if (cachedFloat64ArrayMemory0 === null || cachedFloat64ArrayMemory0.byteLength === 0) {
    cachedFloat64ArrayMemory0 = new Float64Array(wasm.memory.buffer);
  }
  return cachedFloat64ArrayMemory0;
}
__name(getFloat64ArrayMemory0, "getFloat64ArrayMemory0");
function getStringFromWasm0(ptr, len) {
  ptr = ptr >>> 0;
  return decodeText(getUint8ArrayMemory0().subarray(ptr, ptr + len));
}
__name(getStringFromWasm0, "getStringFromWasm0");
var cachedUint32ArrayMemory0 = null;
function getUint32ArrayMemory0() {
  if (cachedUint32ArrayMemory0 === null || cachedUint32ArrayMemory0.byteLength === 0) {
    cachedUint32ArrayMemory0 = new Uint32Array(wasm.memory.buffer);
  }
  return cachedUint32ArrayMemory0;
}
__name(getUint32ArrayMemory0, "getUint32ArrayMemory0");
var cachedUint8ArrayMemory0 = null;
function getUint8ArrayMemory0() {
  if (cachedUint8ArrayMemory0 === null || cachedUint8ArrayMemory0.byteLength === 0) {
    cachedUint8ArrayMemory0 = new Uint8Array(wasm.memory.buffer);
  }
  return cachedUint8ArrayMemory0;
}
__name(getUint8ArrayMemory0, "getUint8ArrayMemory0");
function handleError(f, args) {
  try {
    return f.apply(this, args);
  } catch (e) {
    const idx = addToExternrefTable0(e);
    wasm.__wbindgen_exn_store(idx);
  }
}
__name(handleError, "handleError");
function isLikeNone(x) {
  return x === void 0 || x === null;
}
__name(isLikeNone, "isLikeNone");
function passStringToWasm0(arg, malloc, realloc) {
  if (realloc === void 0) {
    const buf = cachedTextEncoder.encode(arg);
    const ptr2 = malloc(buf.length, 1) >>> 0;
    getUint8ArrayMemory0().subarray(ptr2, ptr2 + buf.length).set(buf);
    WASM_VECTOR_LEN = buf.length;
    return ptr2;
  }
  let len = arg.length;
  let ptr = malloc(len, 1) >>> 0;
  const mem = getUint8ArrayMemory0();
  let offset = 0;
  for (; offset < len; offset++) {
    const code = arg.charCodeAt(offset);
    if (code > 127) break;
    mem[ptr + offset] = code;
  }
  if (offset !== len) {
    if (offset !== 0) {
      arg = arg.slice(offset);
    }
    ptr = realloc(ptr, len, len = offset + arg.length * 3, 1) >>> 0;
    const view = getUint8ArrayMemory0().subarray(ptr + offset, ptr + len);
    const ret = cachedTextEncoder.encodeInto(arg, view);
    offset += ret.written;
    ptr = realloc(ptr, len, offset, 1) >>> 0;
  }
  WASM_VECTOR_LEN = offset;
  return ptr;
}
__name(passStringToWasm0, "passStringToWasm0");
function takeFromExternrefTable0(idx) {
  const value = wasm.__wbindgen_externrefs.get(idx);
  wasm.__externref_table_dealloc(idx);
  return value;
}
__name(takeFromExternrefTable0, "takeFromExternrefTable0");
var cachedTextDecoder = new TextDecoder("utf-8", { ignoreBOM: true });
cachedTextDecoder.decode();
var MAX_SAFARI_DECODE_BYTES = 2146435072;
var numBytesDecoded = 0;
function decodeText(bytes) {
  numBytesDecoded += bytes.length;
  if (numBytesDecoded >= MAX_SAFARI_DECODE_BYTES) {
    cachedTextDecoder = new TextDecoder("utf-8", { ignoreBOM: true });
    cachedTextDecoder.decode();
    numBytesDecoded = bytes.length;
  }
  return cachedTextDecoder.decode(bytes);
}
__name(decodeText, "decodeText");
var cachedTextEncoder = new TextEncoder();
if (!("encodeInto" in cachedTextEncoder)) {
  cachedTextEncoder.encodeInto = function(arg, view) {
    const buf = cachedTextEncoder.encode(arg);
    view.set(buf);
    return {
      read: arg.length,
      written: buf.length
    };
  };
}
var WASM_VECTOR_LEN = 0;
var wasmModule;
var wasmInstance;
var wasm;
function __wbg_finalize_init(instance2, module) {
  wasmInstance = instance2;
  wasm = instance2.exports;
  wasmModule = module;
  cachedDataViewMemory0 = null;
  cachedFloat32ArrayMemory0 = null;
  cachedFloat64ArrayMemory0 = null;
  cachedUint32ArrayMemory0 = null;
  cachedUint8ArrayMemory0 = null;
  wasm.__wbindgen_start();
  return wasm;
}
__name(__wbg_finalize_init, "__wbg_finalize_init");
function initSync(module) {
  if (wasm !== void 0) return wasm;
  if (module !== void 0) {
    if (Object.getPrototypeOf(module) === Object.prototype) {
      ({ module } = module);
    } else {
      console.warn("using deprecated parameters for `initSync()`; pass a single object instead");
    }
  }
  const imports = __wbg_get_imports();
  if (!(module instanceof WebAssembly.Module)) {
    module = new WebAssembly.Module(module);
  }
  const instance2 = new WebAssembly.Instance(module, imports);
  return __wbg_finalize_init(instance2, module);
}
__name(initSync, "initSync");

// ../../pkg/checked.js
function typeName(v) {
  if (v === null) return "null";
  if (typeof v !== "object") return typeof v;
  return v.constructor?.name ?? "object";
}
__name(typeName, "typeName");
function instance(name, v, klass) {
  if (!(v instanceof klass)) throw new TypeError(`${name} must be a ${klass.name}, got ${typeName(v)}`);
}
__name(instance, "instance");
var generatedMerge = Monitor.prototype.merge;
Monitor.prototype.merge = /* @__PURE__ */ __name(function merge(other) {
  instance("other", other, Monitor);
  if (other === this) throw new TypeError("other must be a different Monitor than the one merged into");
  return generatedMerge.call(this, other);
}, "merge");
function responseLength(res) {
  const encoding = res.headers.get("content-encoding");
  const length = res.headers.get("content-length");
  if (encoding && encoding !== "identity" || length === null) return void 0;
  const n = Number(length);
  return Number.isSafeInteger(n) && n >= 0 ? n : void 0;
}
__name(responseLength, "responseLength");
async function fromStream(source, options) {
  if (options !== void 0 && (options === null || typeof options !== "object")) {
    throw new TypeError(`options must be an object, got ${typeName(options)}`);
  }
  let length = options?.length;
  let stream = source;
  if (typeof Response !== "undefined" && source instanceof Response) {
    if (source.bodyUsed) throw new TypeError("source is a Response whose body was already read");
    stream = source.body ?? new Uint8Array(0);
    length ??= responseLength(source);
  } else if (source && typeof source === "object" && !source.getReader && !source[Symbol.asyncIterator] && source.body && typeof source.size === "number") {
    stream = source.body;
    length ??= source.size;
  }
  const loader = new VectorSetLoader(length);
  try {
    if (stream instanceof Uint8Array) {
      loader.push(stream);
    } else if (stream && typeof stream.getReader === "function") {
      const reader = stream.getReader();
      try {
        for (; ; ) {
          const { done, value } = await reader.read();
          if (done) break;
          loader.push(value);
        }
      } catch (e) {
        reader.cancel(e).catch(() => {
        });
        throw e;
      } finally {
        reader.releaseLock();
      }
    } else if (stream && typeof stream[Symbol.asyncIterator] === "function") {
      for await (const chunk of stream) loader.push(chunk);
    } else {
      throw new TypeError(`source must be a ReadableStream, a Response, an R2 object body or an async iterable of Uint8Array chunks, got ${typeName(source)}`);
    }
    return loader.finish();
  } finally {
    loader.free();
  }
}
__name(fromStream, "fromStream");
VectorSet.fromStream = fromStream;

// ../../pkg/cache.js
var MAGIC = "SIMGCACH";
var VERSION = 1;
var CHANGE_MAGIC = "SIMGCCHG";
var CHANGE_VERSION = 1;
var encoder = new TextEncoder();
var decoder = new TextDecoder();
function jsonOf(id, value) {
  let text;
  try {
    text = JSON.stringify(value);
  } catch (e) {
    throw new TypeError(`the value of entry "${id}" cannot be serialized to JSON: ${e.message}`);
  }
  if (text === void 0) throw new TypeError(`the value of entry "${id}" cannot be serialized to JSON (${typeName2(value)})`);
  return text;
}
__name(jsonOf, "jsonOf");
function encodeChange(fields, vector) {
  const json = encoder.encode(JSON.stringify(fields));
  const tail = vector ? new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength) : new Uint8Array(0);
  const out = new Uint8Array(8 + 4 + 4 + json.length + tail.length + 4);
  const view = new DataView(out.buffer);
  out.set(encoder.encode(CHANGE_MAGIC), 0);
  view.setUint32(8, CHANGE_VERSION, true);
  view.setUint32(12, json.length, true);
  out.set(json, 16);
  out.set(tail, 16 + json.length);
  view.setUint32(out.length - 4, fnv1a(out.subarray(0, out.length - 4)), true);
  return out;
}
__name(encodeChange, "encodeChange");
function decodeChange(bytes) {
  if (!(bytes instanceof Uint8Array)) {
    if (bytes instanceof ArrayBuffer) bytes = new Uint8Array(bytes);
    else throw new TypeError(`change must be a Uint8Array or an ArrayBuffer, got ${typeName2(bytes)}`);
  }
  if (bytes.length < 20 || decoder.decode(bytes.subarray(0, 8)) !== CHANGE_MAGIC) {
    throw new Error('change: not a simgate cache change record (it does not start with "SIMGCCHG"; records come from store, remove or feedback with record: true)');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const format = view.getUint32(8, true);
  if (format !== CHANGE_VERSION) throw new Error(`change: the record is format version ${format}; this build reads version ${CHANGE_VERSION}`);
  const stored = view.getUint32(bytes.length - 4, true);
  const computed = fnv1a(bytes.subarray(0, bytes.length - 4));
  if (stored !== computed) throw new Error("change: the record is damaged (its checksum does not match)");
  const jsonLength = view.getUint32(12, true);
  const tail = bytes.length - 4 - 16 - jsonLength;
  if (tail < 0 || tail % 4 !== 0) throw new Error(`change: the record is damaged (a JSON part of ${jsonLength} bytes in ${bytes.length})`);
  const fields = JSON.parse(decoder.decode(bytes.subarray(16, 16 + jsonLength)));
  const vector = new Float32Array(tail / 4);
  new Uint8Array(vector.buffer).set(bytes.subarray(16 + jsonLength, 16 + jsonLength + tail));
  return { fields, vector };
}
__name(decodeChange, "decodeChange");
function typeName2(v) {
  if (v === null) return "null";
  if (typeof v !== "object") return typeof v;
  return v.constructor?.name ?? "object";
}
__name(typeName2, "typeName");
function objectOf(name, v, keys) {
  if (v === void 0) return {};
  if (v === null || typeof v !== "object" || Array.isArray(v)) throw new TypeError(`${name} must be an object, got ${typeName2(v)}`);
  for (const k of Object.keys(v)) {
    if (!keys.includes(k)) throw new TypeError(`${name} has an unknown key "${k}"; expected one of: ${keys.join(", ")}`);
  }
  return v;
}
__name(objectOf, "objectOf");
function fnv1a(bytes) {
  let h = 2166136261;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i];
    h = Math.imul(h, 16777619) >>> 0;
  }
  return h >>> 0;
}
__name(fnv1a, "fnv1a");
function flag(name, v) {
  if (v === void 0) return false;
  if (typeof v !== "boolean") throw new TypeError(`${name} must be a boolean, got ${typeName2(v)}`);
  return v;
}
__name(flag, "flag");
var clock = /* @__PURE__ */ __name((now) => {
  const t = now();
  if (typeof t !== "number" || !Number.isFinite(t)) throw new TypeError(`options.now must return a finite number of milliseconds, got ${typeName2(t)} ${String(t)}`);
  return t;
}, "clock");
var SemanticCache = class _SemanticCache {
  static {
    __name(this, "SemanticCache");
  }
  #core;
  #values = /* @__PURE__ */ new Map();
  #now;
  #version = 0;
  /** Set only while fromBytes constructs a restored cache. */
  static #restoring = null;
  constructor(options) {
    if (_SemanticCache.#restoring) {
      ({ core: this.#core, now: this.#now, version: this.#version } = _SemanticCache.#restoring);
      _SemanticCache.#restoring = null;
      return;
    }
    const { now, ...rest } = objectOf("options", options, ["dims", "confident", "tentative", "precisions", "model", "maxEntries", "ttlSeconds", "now", "borderline", "seed"]);
    if (options === void 0) throw new TypeError("options is required: { dims, confident, tentative, ... }");
    if (now !== void 0 && typeof now !== "function") throw new TypeError(`options.now must be a function returning milliseconds, got ${typeName2(now)}`);
    this.#now = now ?? Date.now;
    this.#core = new SemanticCacheCore(rest);
  }
  #drop(ids) {
    for (const id of ids) this.#values.delete(id);
  }
  /** The exact tier, then the best vector match in the namespace, tiered, with an explanation. */
  lookup(query, options) {
    const o = objectOf("options", options, ["namespace", "text"]);
    if (o.text !== void 0 && typeof o.text !== "string") throw new TypeError(`options.text must be a string, got ${typeName2(o.text)}`);
    const r = this.#core.lookup(query, o.namespace, o.text?.normalize("NFC"), clock(this.#now));
    this.#drop(r.dropped);
    const out = { tier: r.tier };
    if (r.tier !== "miss" && r.id !== void 0) Object.assign(out, { id: r.id, value: this.#values.get(r.id) });
    if (r.score !== void 0) out.score = r.score;
    out.text = r.text;
    return out;
  }
  /** Adds or replaces (by id) an entry; returns its id, or { id, change } with options.record. */
  store(query, value, options) {
    const o = objectOf("options", options, ["id", "namespace", "text", "ttlSeconds", "record"]);
    if (o.text !== void 0 && typeof o.text !== "string") throw new TypeError(`options.text must be a string, got ${typeName2(o.text)}`);
    const record = flag("options.record", o.record);
    const json = record ? jsonOf(o.id ?? "(new)", value) : null;
    const text = o.text?.normalize("NFC");
    const r = this.#core.store(query, o.id, o.namespace, text, o.ttlSeconds, clock(this.#now));
    this.#drop(r.dropped);
    this.#values.set(r.id, value);
    this.#version += 1;
    if (!record) return r.id;
    const change = encodeChange({
      kind: "store",
      seq: this.#version,
      id: r.id,
      namespace: o.namespace ?? "",
      text: text ?? null,
      expiresAt: r.expiresAt,
      dropped: r.dropped,
      expired: r.expired,
      nextId: r.nextId,
      value: json
    }, Float32Array.from(query));
    return { id: r.id, change };
  }
  /** A reviewed hit: recorded, and fed to the feedback rule; { change } with options.record. */
  feedback(id, correct, options) {
    const o = objectOf("options", options, ["record"]);
    const record = flag("options.record", o.record);
    this.#core.review(id, correct);
    this.#version += 1;
    return record ? { change: encodeChange({ kind: "feedback", seq: this.#version, id, correct }) } : void 0;
  }
  /** Removes entries by id: how many went, or { removed, change } with options.record. */
  remove(ids, options) {
    const o = objectOf("options", options, ["record"]);
    const record = flag("options.record", o.record);
    const gone = this.#core.remove(ids);
    this.#drop(gone);
    this.#version += 1;
    return record ? { removed: gone.length, change: encodeChange({ kind: "remove", seq: this.#version, ids: gone }) } : gone.length;
  }
  /** Removes every entry (of `namespace` when given): how many went, or { removed, change } with options.record. */
  clear(namespace, options) {
    const o = objectOf("options", options, ["record"]);
    const record = flag("options.record", o.record);
    const gone = this.#core.clear(namespace);
    this.#drop(gone);
    this.#version += 1;
    return record ? { removed: gone.length, change: encodeChange({ kind: "remove", seq: this.#version, ids: gone }) } : gone.length;
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
    if (f.kind === "store") {
      const dims = this.#core.dims;
      if (vector.length !== dims) throw new Error(`change: the record stores a vector of ${vector.length} values; this cache has ${dims} dims`);
      const value = JSON.parse(f.value);
      this.#core.replayStore(vector, f.id, f.namespace, f.text ?? void 0, f.expiresAt ?? void 0, f.dropped, f.expired, f.nextId);
      this.#drop(f.dropped);
      this.#values.set(f.id, value);
    } else if (f.kind === "remove") {
      this.#drop(this.#core.remove(f.ids));
    } else if (f.kind === "feedback") {
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
    return { ...this.#core.stats(), ...this.#core.counts() };
  }
  toBytes() {
    const values = {};
    for (const id of this.#core.ids()) values[id] = jsonOf(id, this.#values.get(id));
    const json = encoder.encode(JSON.stringify({ state: this.#core.state(), values, version: this.#version }));
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
    const o = objectOf("options", options, ["now"]);
    if (o.now !== void 0 && typeof o.now !== "function") throw new TypeError(`options.now must be a function returning milliseconds, got ${typeName2(o.now)}`);
    if (!(bytes instanceof Uint8Array)) {
      if (bytes instanceof ArrayBuffer) bytes = new Uint8Array(bytes);
      else throw new TypeError(`bytes must be a Uint8Array or an ArrayBuffer, got ${typeName2(bytes)}`);
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
    const changes = parsed.version ?? 0;
    if (!Number.isInteger(changes) || changes < 0) {
      core.free();
      throw new Error(`bytes: the cache's version is ${JSON.stringify(changes)}; it must be a non-negative integer`);
    }
    _SemanticCache.#restoring = { core, now: o.now ?? Date.now, version: changes };
    const cache = new _SemanticCache();
    for (const id of core.ids()) {
      if (typeof parsed.values?.[id] !== "string") {
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
};

// ../../pkg/workerd.js
initSync({ module: wasmModule2 });

// ../../pkg/durable.js
var SCHEMA = [
  `CREATE TABLE IF NOT EXISTS simgate_snapshot (
     key TEXT PRIMARY KEY, version INTEGER NOT NULL, location TEXT NOT NULL,
     ref TEXT NOT NULL, bytes INTEGER NOT NULL, at INTEGER NOT NULL, ms REAL NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS simgate_records (
     key TEXT NOT NULL, seq INTEGER NOT NULL, bytes BLOB NOT NULL, PRIMARY KEY (key, seq))`,
  `CREATE TABLE IF NOT EXISTS simgate_pieces (
     key TEXT NOT NULL, version INTEGER NOT NULL, idx INTEGER NOT NULL, bytes BLOB NOT NULL,
     PRIMARY KEY (key, version, idx))`
];
var PIECE = 1024 * 1024;
function positive(name, value, fallback) {
  if (value === void 0) return fallback;
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${JSON.stringify(value)}`);
  return value;
}
__name(positive, "positive");
function typeName3(v) {
  if (v === null) return "null";
  if (typeof v !== "object") return typeof v;
  return v.constructor?.name ?? "object";
}
__name(typeName3, "typeName");
var DurableLog = class {
  static {
    __name(this, "DurableLog");
  }
  #ctx;
  #sql;
  #o;
  #value = null;
  #loading = null;
  #compacting = null;
  #hold = null;
  #records = 0;
  #recordBytes = 0;
  #snapshot = null;
  #compactionError = null;
  constructor(ctx, o) {
    if (!ctx?.storage?.sql) {
      throw new TypeError('ctx must be a Durable Object state with SQLite storage (ctx.storage.sql): declare the class under "new_sqlite_classes" in the wrangler migrations');
    }
    const { key, bucket, seed } = o;
    if (typeof key !== "string" || !key || key.includes("@")) throw new TypeError(`options.key must be a non-empty string without "@", got ${JSON.stringify(key)}`);
    if (bucket !== void 0 && typeof bucket?.put !== "function") throw new TypeError(`options.bucket must be an R2 bucket binding, got ${typeName3(bucket)}`);
    if (seed !== void 0 && seed !== false && typeof seed !== "string") throw new TypeError(`options.seed must be an R2 key (string) or false, got ${typeName3(seed)}`);
    this.#ctx = ctx;
    this.#sql = ctx.storage.sql;
    this.#o = {
      ...o,
      seed: seed === void 0 ? bucket ? key : false : seed,
      compactRecords: positive("options.compactRecords", o.compactRecords, 2e3),
      compactBytes: positive("options.compactBytes", o.compactBytes, 8 * 1024 * 1024)
    };
  }
  async load() {
    if (this.#value) return this.#value;
    this.#loading ??= this.#read().catch((e) => {
      this.#loading = null;
      throw e;
    });
    return this.#loading;
  }
  get value() {
    if (!this.#value) throw new Error("not loaded: await load() first");
    return this.#value;
  }
  /** Resolves when writes may go on: not while a snapshot streams to R2 (it reads the value as it is). */
  async writable() {
    while (this.#hold) await this.#hold;
  }
  /** When the newest snapshot was written (ms since the epoch), or null. */
  get snapshotAt() {
    return this.#snapshot?.at ?? null;
  }
  /**
   * Inserts the record of a change already applied in memory. On a storage
   * failure the in-memory value (now ahead of storage) is dropped, to be
   * loaded again by the next call, and the write fails.
   */
  store(change) {
    const value = this.#value;
    try {
      this.#sql.exec("INSERT INTO simgate_records (key, seq, bytes) VALUES (?, ?, ?)", this.#o.key, value.version, change);
    } catch (e) {
      this.#value = null;
      this.#loading = null;
      value.free();
      throw new Error(`the write could not be stored, so it was not kept: ${e.message}`);
    }
    this.#records += 1;
    this.#recordBytes += change.byteLength;
    if (this.#records >= this.#o.compactRecords || this.#recordBytes >= this.#o.compactBytes) this.compactSoon();
  }
  /** Starts a compaction unless one runs; its error is kept for stats(). */
  compactSoon(force = false) {
    if (!this.#compacting) this.compact(force).catch(() => {
    });
  }
  /** One at a time: a call while one runs shares it. `force` snapshots even when no record is new (the cache's lookups). */
  async compact(force = false) {
    await this.load();
    this.#compacting ??= this.#compact(force).finally(() => {
      this.#compacting = null;
    });
    return this.#compacting;
  }
  stats() {
    const s = this.#snapshot;
    return {
      version: this.value.version,
      snapshotVersion: s ? s.version : 0,
      records: this.#records,
      recordBytes: this.#recordBytes,
      snapshotBytes: s ? s.bytes : 0,
      lastCompaction: s ? { version: s.version, location: s.location, bytes: s.bytes, ms: s.ms, at: s.at } : null,
      compactionError: this.#compactionError
    };
  }
  async #read() {
    for (const statement of SCHEMA) this.#sql.exec(statement);
    const { key, bucket, seed, open } = this.#o;
    const snap = this.#sql.exec("SELECT version, location, ref, bytes, at, ms FROM simgate_snapshot WHERE key = ?", key).toArray()[0] ?? null;
    let value;
    if (snap?.location === "r2") {
      if (!bucket) throw new Error(`the snapshot of "${key}" is in R2 (${snap.ref}), but no bucket was given`);
      const object = await bucket.get(snap.ref);
      if (!object) throw new Error(`the snapshot ${snap.ref} is missing from the bucket`);
      value = await open({ stream: object, length: object.size });
    } else if (snap?.location === "storage") {
      const pieces = this.#sql.exec("SELECT bytes FROM simgate_pieces WHERE key = ? AND version = ? ORDER BY idx", key, snap.version);
      value = await open({
        stream: (function* () {
          for (const row of pieces) yield new Uint8Array(row.bytes);
        })(),
        length: snap.bytes
      });
    } else {
      const object = seed && bucket ? await bucket.get(seed) : null;
      value = await open(object ? { stream: object, length: object.size } : null);
    }
    let records = 0, recordBytes = 0;
    try {
      for (const row of this.#sql.exec("SELECT bytes FROM simgate_records WHERE key = ? ORDER BY seq", key)) {
        const bytes = new Uint8Array(row.bytes);
        value.apply(bytes);
        records += 1;
        recordBytes += bytes.byteLength;
      }
    } catch (e) {
      value.free();
      throw new Error(`replaying the change records of "${key}" failed: ${e.message}`);
    }
    this.#snapshot = snap;
    this.#records = records;
    this.#recordBytes = recordBytes;
    this.#value = value;
    return value;
  }
  async #compact(force) {
    const { key, bucket, chunks } = this.#o;
    const value = this.#value;
    const version = value.version;
    const started = Date.now();
    if (!force && this.#snapshot && this.#snapshot.version === version) return this.stats();
    try {
      const source = chunks(value);
      const sql = this.#sql;
      const point = /* @__PURE__ */ __name((location, ref) => sql.exec(
        "INSERT OR REPLACE INTO simgate_snapshot (key, version, location, ref, bytes, at, ms) VALUES (?, ?, ?, ?, ?, ?, ?)",
        key,
        version,
        location,
        ref,
        source.length,
        Date.now(),
        Date.now() - started
      ), "point");
      if (bucket) {
        const ref = this.#snapshot?.version === version ? `${key}@${version}.${started}` : `${key}@${version}`;
        let release;
        this.#hold = new Promise((r) => {
          release = r;
        });
        try {
          await putChunks(bucket, ref, source);
        } finally {
          this.#hold = null;
          release();
        }
        this.#ctx.storage.transactionSync(() => {
          point("r2", ref);
          sql.exec("DELETE FROM simgate_records WHERE key = ? AND seq <= ?", key, version);
          sql.exec("DELETE FROM simgate_pieces WHERE key = ?", key);
        });
        const old = [];
        let cursor;
        do {
          const page = await bucket.list({ prefix: `${key}@`, cursor });
          for (const o of page.objects) if (o.key !== ref) old.push(o.key);
          cursor = page.truncated ? page.cursor : void 0;
        } while (cursor);
        if (old.length) await bucket.delete(old);
      } else {
        this.#ctx.storage.transactionSync(() => {
          sql.exec("DELETE FROM simgate_pieces WHERE key = ?", key);
          for (let idx = 0, chunk; (chunk = source.next(PIECE)) !== void 0; idx += 1) {
            sql.exec("INSERT INTO simgate_pieces (key, version, idx, bytes) VALUES (?, ?, ?, ?)", key, version, idx, chunk);
          }
          point("storage", `pieces@${version}`);
          sql.exec("DELETE FROM simgate_records WHERE key = ? AND seq <= ?", key, version);
        });
      }
      this.#snapshot = sql.exec("SELECT version, location, ref, bytes, at, ms FROM simgate_snapshot WHERE key = ?", key).toArray()[0];
      const left = sql.exec("SELECT COUNT(*) AS n, COALESCE(SUM(LENGTH(bytes)), 0) AS b FROM simgate_records WHERE key = ?", key).one();
      this.#records = left.n;
      this.#recordBytes = left.b;
      this.#compactionError = null;
      return this.stats();
    } catch (e) {
      this.#compactionError = String(e?.message ?? e);
      throw e;
    }
  }
};
async function putChunks(bucket, ref, source) {
  if (typeof FixedLengthStream !== "function") {
    const out = new Uint8Array(source.length);
    let at = 0;
    for (let c; (c = source.next(PIECE)) !== void 0; at += c.byteLength) out.set(c, at);
    await bucket.put(ref, out);
    return;
  }
  const { readable, writable } = new FixedLengthStream(source.length);
  const put = bucket.put(ref, readable);
  const writer = writable.getWriter();
  try {
    for (let c; (c = source.next(PIECE)) !== void 0; ) await writer.write(c);
    await writer.close();
  } catch (e) {
    await writer.abort(e).catch(() => {
    });
    await put.catch(() => {
    });
    throw e;
  }
  await put;
}
__name(putChunks, "putChunks");
function oneChunk(bytes) {
  let done = false;
  return { length: bytes.byteLength, next: /* @__PURE__ */ __name(() => done ? void 0 : (done = true, bytes), "next") };
}
__name(oneChunk, "oneChunk");
async function gather({ stream, length }) {
  const body2 = stream?.body ?? stream;
  const chunks = [];
  let total = 0;
  const iterable = typeof body2?.getReader === "function" ? { async *[Symbol.asyncIterator]() {
    const r = body2.getReader();
    for (; ; ) {
      const { done, value } = await r.read();
      if (done) return;
      yield value;
    }
  } } : body2;
  for await (const chunk of iterable) {
    chunks.push(chunk);
    total += chunk.byteLength;
  }
  if (length !== void 0 && total !== length) throw new Error(`the snapshot has ${total} bytes; ${length} were written`);
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
__name(gather, "gather");
var DurableSemanticCache = class {
  static {
    __name(this, "DurableSemanticCache");
  }
  #log;
  #every;
  #looked = false;
  #since = Date.now();
  constructor(ctx, options) {
    if (options === null || typeof options !== "object") throw new TypeError(`options must be an object with dims, got ${typeName3(options)}`);
    const { key = "cache", bucket, compactRecords, compactBytes, snapshotEvery, now, ...cacheOptions } = options;
    this.#every = positive("options.snapshotEvery", snapshotEvery, 6e4);
    const open = /* @__PURE__ */ __name(async (source) => {
      if (!source) return new SemanticCache({ ...cacheOptions, ...now ? { now } : {} });
      return SemanticCache.fromBytes(await gather(source), now ? { now } : void 0);
    }, "open");
    new SemanticCache({ ...cacheOptions, ...now ? { now } : {} }).free();
    this.#log = new DurableLog(ctx, { key, bucket, seed: false, compactRecords, compactBytes, open, chunks: /* @__PURE__ */ __name((cache) => oneChunk(cache.toBytes()), "chunks") });
  }
  /** Loads once: the newest snapshot, then the records after it. */
  load() {
    return this.#log.load();
  }
  /** The loaded cache, for reads (size, thresholds, stats). Write through this object. */
  get cache() {
    return this.#log.value;
  }
  /** SemanticCache.lookup (load() first). Use order and counts reach storage with the next snapshot. */
  lookup(query, options) {
    const out = this.cache.lookup(query, options);
    this.#looked = true;
    if (Date.now() - (this.#log.snapshotAt ?? this.#since) >= this.#every) {
      this.#looked = false;
      this.#log.compactSoon(true);
    }
    return out;
  }
  /**
   * Whether lookups ran since the last snapshot (their use order and counts
   * are not stored yet): call compact() from the object's alarm() when it is
   * true to bound what a crash can lose in time, not only in lookups.
   */
  get unsavedLookups() {
    return this.#looked;
  }
  /** SemanticCache.store; resolves with the id once the entry and its value are durable. */
  async store(query, value, options = {}) {
    const cache = await this.load();
    await this.#log.writable();
    const { id, change } = cache.store(query, value, { ...options, record: true });
    this.#log.store(change);
    return id;
  }
  /** SemanticCache.feedback; resolves once the review is durable. */
  async feedback(id, correct) {
    const cache = await this.load();
    await this.#log.writable();
    this.#log.store(cache.feedback(id, correct, { record: true }).change);
  }
  /** SemanticCache.remove; resolves with how many went once durable. */
  async remove(ids) {
    const cache = await this.load();
    await this.#log.writable();
    const { removed, change } = cache.remove(ids, { record: true });
    this.#log.store(change);
    return removed;
  }
  /** SemanticCache.clear; resolves with how many went once durable. */
  async clear(namespace) {
    const cache = await this.load();
    await this.#log.writable();
    const { removed, change } = cache.clear(namespace, { record: true });
    this.#log.store(change);
    return removed;
  }
  /** A snapshot now (use order and counts included); the records it covers are dropped. */
  compact() {
    this.#looked = false;
    return this.#log.compact(true);
  }
  /** The cache's stats and the log's: { ...cache.stats(), size, durable: { version, records, ... } }. */
  stats() {
    return { ...this.cache.stats(), size: this.cache.size, durable: { ...this.#log.stats(), unsavedLookups: this.#looked } };
  }
};

// src/cache-object.js
var NOTE = "Based on a similar question \u2014 let me know if this doesn't answer your query.";
var SAVE_LOOKUPS_MS = 6e4;
var CacheObject = class extends DurableObject {
  static {
    __name(this, "CacheObject");
  }
  constructor(ctx, env) {
    super(ctx, env);
    this.clock = null;
    this.durable = new DurableSemanticCache(ctx, {
      dims: Number(env.DIMS),
      confident: Number(env.CONFIDENT),
      tentative: Number(env.TENTATIVE),
      precisions: ["i8"],
      maxEntries: Number(env.MAX_ENTRIES),
      ttlSeconds: Number(env.TTL_SECONDS),
      now: /* @__PURE__ */ __name(() => this.clock ?? Date.now(), "now"),
      snapshotEvery: SAVE_LOOKUPS_MS,
      ...env.COMPACT_RECORDS ? { compactRecords: Number(env.COMPACT_RECORDS) } : {}
    });
  }
  /** The stand-in for the expensive call (an LLM: `await env.AI.run('@cf/meta/llama-3.1-8b-instruct', { prompt: text })`). */
  async expensive(text) {
    await new Promise((r) => setTimeout(r, Number(this.env.EXPENSIVE_MS)));
    return `answer to: ${text}`;
  }
  async ask({ text, embedding, namespace }, now) {
    await this.durable.load();
    this.clock = now ?? null;
    const query = Float32Array.from(embedding);
    const hit = this.durable.lookup(query, { namespace, text });
    await this.saveLookupsLater();
    if (hit.tier === "exact" || hit.tier === "confident" || hit.tier === "tentative") {
      return { answer: hit.value, tier: hit.tier, id: hit.id, ...hit.score !== void 0 ? { score: hit.score } : {}, ...hit.tier === "tentative" ? { note: NOTE } : {}, explanation: hit.text };
    }
    const answer = await this.expensive(text);
    this.clock = now ?? null;
    const id = await this.durable.store(query, answer, { namespace, text });
    return { answer, tier: "miss", id, ...hit.score !== void 0 ? { score: hit.score } : {}, explanation: hit.text };
  }
  async feedback(id, correct) {
    await this.durable.feedback(id, correct);
    return { thresholds: this.durable.cache.thresholds() };
  }
  async stats() {
    await this.durable.load();
    const s = this.durable.stats();
    return { ...s, thresholds: this.durable.cache.thresholds(), histogram: { edges: Array.from(s.histogram.edges), counts: Array.from(s.histogram.counts) } };
  }
  /** An alarm within SAVE_LOOKUPS_MS while lookups are unsaved. */
  async saveLookupsLater() {
    if (this.durable.unsavedLookups && await this.ctx.storage.getAlarm() === null) {
      await this.ctx.storage.setAlarm(Date.now() + SAVE_LOOKUPS_MS);
    }
  }
  async alarm() {
    await this.durable.load();
    if (this.durable.unsavedLookups) await this.durable.compact();
  }
};

// src/index.js
var MAX_BODY = 64 * 1024;
var BadRequest = class extends Error {
  static {
    __name(this, "BadRequest");
  }
};
async function body(request) {
  const text = await request.text();
  if (text.length > MAX_BODY) throw Object.assign(new BadRequest(`the body is over ${MAX_BODY} bytes`), { status: 413 });
  let value;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new BadRequest(`the body is not JSON: ${e.message}`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new BadRequest("the body must be a JSON object");
  return value;
}
__name(body, "body");
function ask(b, dims) {
  if (typeof b.text !== "string" || !b.text.trim()) throw new BadRequest("text must be a non-empty string");
  if (!Array.isArray(b.embedding) || b.embedding.length !== dims || !b.embedding.every((x) => typeof x === "number" && Number.isFinite(x))) {
    throw new BadRequest(`embedding must be an array of ${dims} finite numbers, got ${Array.isArray(b.embedding) ? `${b.embedding.length} values` : typeof b.embedding}`);
  }
  if (b.embedding.every((x) => x === 0)) throw new BadRequest("embedding is all zeros");
  if (b.namespace !== void 0 && typeof b.namespace !== "string") throw new BadRequest(`namespace must be a string, got ${typeof b.namespace}`);
  return { text: b.text, embedding: b.embedding, namespace: b.namespace ?? "" };
}
__name(ask, "ask");
var src_default = {
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    const objectOf2 = /* @__PURE__ */ __name((namespace) => env.CACHE.get(env.CACHE.idFromName(`namespace:${namespace}`)), "objectOf");
    const now = env.TEST_CLOCK === "1" && request.headers.has("x-now") ? Number(request.headers.get("x-now")) : void 0;
    try {
      if (request.method === "GET" && pathname === "/stats") {
        return Response.json(await objectOf2(new URL(request.url).searchParams.get("namespace") ?? "").stats());
      }
      if (request.method === "POST" && pathname === "/ask") {
        const q = ask(await body(request), Number(env.DIMS));
        return Response.json(await objectOf2(q.namespace).ask(q, now));
      }
      if (request.method === "POST" && pathname === "/feedback") {
        const b = await body(request);
        if (typeof b.id !== "string" || typeof b.correct !== "boolean") throw new BadRequest("feedback needs { id: string, correct: boolean }");
        if (b.namespace !== void 0 && typeof b.namespace !== "string") throw new BadRequest(`namespace must be a string, got ${typeof b.namespace}`);
        return Response.json(await objectOf2(b.namespace ?? "").feedback(b.id, b.correct));
      }
      return Response.json({ error: `no route ${request.method} ${pathname}` }, { status: 404 });
    } catch (e) {
      const status = e.status ?? (e instanceof BadRequest || e?.name === "TypeError" || e?.name === "RangeError" || /is not in the cache/.test(e?.message) ? 400 : 500);
      return Response.json({ error: e.message }, { status });
    }
  }
};

// ../../node_modules/wrangler/templates/middleware/middleware-ensure-req-body-drained.ts
var drainBody = /* @__PURE__ */ __name(async (request, env, _ctx, middlewareCtx) => {
  try {
    return await middlewareCtx.next(request, env);
  } finally {
    try {
      if (request.body !== null && !request.bodyUsed) {
        const reader = request.body.getReader();
        while (!(await reader.read()).done) {
        }
      }
    } catch (e) {
      console.error("Failed to drain the unused request body.", e);
    }
  }
}, "drainBody");
var middleware_ensure_req_body_drained_default = drainBody;

// ../../node_modules/wrangler/templates/middleware/middleware-miniflare3-json-error.ts
function reduceError(e) {
  return {
    name: e?.name,
    message: e?.message ?? String(e),
    stack: e?.stack,
    cause: e?.cause === void 0 ? void 0 : reduceError(e.cause)
  };
}
__name(reduceError, "reduceError");
var jsonError = /* @__PURE__ */ __name(async (request, env, _ctx, middlewareCtx) => {
  try {
    return await middlewareCtx.next(request, env);
  } catch (e) {
    const error = reduceError(e);
    return Response.json(error, {
      status: 500,
      headers: { "MF-Experimental-Error-Stack": "true" }
    });
  }
}, "jsonError");
var middleware_miniflare3_json_error_default = jsonError;

// .wrangler/tmp/bundle-uGG8FM/middleware-insertion-facade.js
var __INTERNAL_WRANGLER_MIDDLEWARE__ = [
  middleware_ensure_req_body_drained_default,
  middleware_miniflare3_json_error_default
];
var middleware_insertion_facade_default = src_default;

// ../../node_modules/wrangler/templates/middleware/common.ts
var __facade_middleware__ = [];
function __facade_register__(...args) {
  __facade_middleware__.push(...args.flat());
}
__name(__facade_register__, "__facade_register__");
function __facade_invokeChain__(request, env, ctx, dispatch, middlewareChain) {
  const [head, ...tail] = middlewareChain;
  const middlewareCtx = {
    dispatch,
    next(newRequest, newEnv) {
      return __facade_invokeChain__(newRequest, newEnv, ctx, dispatch, tail);
    }
  };
  return head(request, env, ctx, middlewareCtx);
}
__name(__facade_invokeChain__, "__facade_invokeChain__");
function __facade_invoke__(request, env, ctx, dispatch, finalMiddleware) {
  return __facade_invokeChain__(request, env, ctx, dispatch, [
    ...__facade_middleware__,
    finalMiddleware
  ]);
}
__name(__facade_invoke__, "__facade_invoke__");

// .wrangler/tmp/bundle-uGG8FM/middleware-loader.entry.ts
var __Facade_ScheduledController__ = class ___Facade_ScheduledController__ {
  constructor(scheduledTime, cron, noRetry) {
    this.scheduledTime = scheduledTime;
    this.cron = cron;
    this.#noRetry = noRetry;
  }
  static {
    __name(this, "__Facade_ScheduledController__");
  }
  #noRetry;
  noRetry() {
    if (!(this instanceof ___Facade_ScheduledController__)) {
      throw new TypeError("Illegal invocation");
    }
    this.#noRetry();
  }
};
function wrapExportedHandler(worker) {
  if (__INTERNAL_WRANGLER_MIDDLEWARE__ === void 0 || __INTERNAL_WRANGLER_MIDDLEWARE__.length === 0) {
    return worker;
  }
  for (const middleware of __INTERNAL_WRANGLER_MIDDLEWARE__) {
    __facade_register__(middleware);
  }
  const fetchDispatcher = /* @__PURE__ */ __name(function(request, env, ctx) {
    if (worker.fetch === void 0) {
      throw new Error("Handler does not export a fetch() function.");
    }
    return worker.fetch(request, env, ctx);
  }, "fetchDispatcher");
  return {
    ...worker,
    fetch(request, env, ctx) {
      const dispatcher = /* @__PURE__ */ __name(function(type, init) {
        if (type === "scheduled" && worker.scheduled !== void 0) {
          const controller = new __Facade_ScheduledController__(
            Date.now(),
            init.cron ?? "",
            () => {
            }
          );
          return worker.scheduled(controller, env, ctx);
        }
      }, "dispatcher");
      return __facade_invoke__(request, env, ctx, dispatcher, fetchDispatcher);
    }
  };
}
__name(wrapExportedHandler, "wrapExportedHandler");
function wrapWorkerEntrypoint(klass) {
  if (__INTERNAL_WRANGLER_MIDDLEWARE__ === void 0 || __INTERNAL_WRANGLER_MIDDLEWARE__.length === 0) {
    return klass;
  }
  for (const middleware of __INTERNAL_WRANGLER_MIDDLEWARE__) {
    __facade_register__(middleware);
  }
  return class extends klass {
    #fetchDispatcher = /* @__PURE__ */ __name((request, env, ctx) => {
      this.env = env;
      this.ctx = ctx;
      if (super.fetch === void 0) {
        throw new Error("Entrypoint class does not define a fetch() function.");
      }
      return super.fetch(request);
    }, "#fetchDispatcher");
    #dispatcher = /* @__PURE__ */ __name((type, init) => {
      if (type === "scheduled" && super.scheduled !== void 0) {
        const controller = new __Facade_ScheduledController__(
          Date.now(),
          init.cron ?? "",
          () => {
          }
        );
        return super.scheduled(controller);
      }
    }, "#dispatcher");
    fetch(request) {
      return __facade_invoke__(
        request,
        this.env,
        this.ctx,
        this.#dispatcher,
        this.#fetchDispatcher
      );
    }
  };
}
__name(wrapWorkerEntrypoint, "wrapWorkerEntrypoint");
var WRAPPED_ENTRY;
if (typeof middleware_insertion_facade_default === "object") {
  WRAPPED_ENTRY = wrapExportedHandler(middleware_insertion_facade_default);
} else if (typeof middleware_insertion_facade_default === "function") {
  WRAPPED_ENTRY = wrapWorkerEntrypoint(middleware_insertion_facade_default);
}
var middleware_loader_entry_default = WRAPPED_ENTRY;
export {
  CacheObject,
  __INTERNAL_WRANGLER_MIDDLEWARE__,
  middleware_loader_entry_default as default
};
//# sourceMappingURL=index.js.map
