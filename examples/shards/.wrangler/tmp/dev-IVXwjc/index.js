var __defProp = Object.defineProperty;
var __name = (target, value) => __defProp(target, "name", { value, configurable: true });

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
  constructor(set, thresholds2, options) {
    _assertClass(set, VectorSet);
    _assertClass(thresholds2, Thresholds);
    const ret = wasm.matcher_new(set.__wbg_ptr, thresholds2.__wbg_ptr, options);
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
function band(score, threshold, margins) {
  let deferred2_0;
  let deferred2_1;
  try {
    const ret = wasm.band(score, threshold, margins);
    var ptr1 = ret[0];
    var len1 = ret[1];
    if (ret[3]) {
      ptr1 = 0;
      len1 = 0;
      throw takeFromExternrefTable0(ret[2]);
    }
    deferred2_0 = ptr1;
    deferred2_1 = len1;
    return getStringFromWasm0(ptr1, len1);
  } finally {
    wasm.__wbindgen_free(deferred2_0, deferred2_1, 1);
  }
}
__name(band, "band");
function decide(scores, options) {
  const ret = wasm.decide(scores, options);
  if (ret[2]) {
    throw takeFromExternrefTable0(ret[1]);
  }
  return takeFromExternrefTable0(ret[0]);
}
__name(decide, "decide");
function explain(threshold, scores) {
  const ret = wasm.explain(threshold, scores);
  if (ret[2]) {
    throw takeFromExternrefTable0(ret[1]);
  }
  return takeFromExternrefTable0(ret[0]);
}
__name(explain, "explain");
function mergeTopK(lists, k) {
  const ret = wasm.mergeTopK(lists, k);
  if (ret[2]) {
    throw takeFromExternrefTable0(ret[1]);
  }
  return takeFromExternrefTable0(ret[0]);
}
__name(mergeTopK, "mergeTopK");
function shardOf(id, shards) {
  const ret = wasm.shardOf(id, shards);
  if (ret[2]) {
    throw takeFromExternrefTable0(ret[1]);
  }
  return ret[0] >>> 0;
}
__name(shardOf, "shardOf");
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

// ../../pkg/workerd.js
initSync({ module: wasmModule2 });

// src/match.js
var thresholds = null;
var thresholdsOf = /* @__PURE__ */ __name((env) => thresholds ??= env.THRESHOLDS ? new Thresholds(JSON.parse(env.THRESHOLDS)) : Thresholds.preset("default"), "thresholdsOf");
function withDeadline(promise, ms) {
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
__name(withDeadline, "withDeadline");
function shardsOf(env) {
  const n = Number(env.SHARD_COUNT);
  return Array.from({ length: n }, (_, i) => env.SHARDS.get(env.SHARDS.idFromName(`shard-${i}`)));
}
__name(shardsOf, "shardsOf");
async function matchAll(env, q) {
  const { vector, namespace, k } = q;
  const deadline = Number(env.DEADLINE_MS);
  const settled = await Promise.allSettled(shardsOf(env).map((stub, i) => withDeadline(stub.search(i, vector, { k, namespace, precision: q.precision }), deadline)));
  const answered = [], missing = [];
  let rows = 0;
  const lists = settled.map((s, i) => {
    if (s.status === "fulfilled") {
      answered.push(i);
      rows += s.value.rows;
      return s.value.matches;
    }
    missing.push({ shard: i, error: String(s.reason?.message ?? s.reason) });
    return [];
  });
  if (!answered.length) return { error: "no shard answered", missing };
  const merged = mergeTopK(lists, k);
  const threshold = thresholdsOf(env).resolve({ type: q.type, field: q.field, spec: q.spec, candidateCount: rows });
  const scores = Float32Array.from(merged, (m) => m.score);
  const decision = decide(scores, { threshold, mode: q.mode });
  const explanation = explain(threshold, scores);
  const partial = missing.length > 0;
  if (partial) {
    const names = missing.map((m) => m.shard).join(", ");
    if (decision.outcome === "create") {
      decision.outcome = "none";
      explanation.text += ` Shard ${names} did not answer, so nothing is created: the entity may live there; retry.`;
    } else {
      explanation.text += ` Shard ${names} did not answer: a better match may live there.`;
    }
  }
  const candidates = merged.map((m) => ({ ...m, band: band(m.score, threshold) }));
  return { threshold, decision, explanation, candidates, partial, shards: { answered, missing } };
}
__name(matchAll, "matchAll");

// src/shard.js
import { DurableObject } from "cloudflare:workers";

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
function typeName2(v) {
  if (v === null) return "null";
  if (typeof v !== "object") return typeof v;
  return v.constructor?.name ?? "object";
}
__name(typeName2, "typeName");
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
    if (bucket !== void 0 && typeof bucket?.put !== "function") throw new TypeError(`options.bucket must be an R2 bucket binding, got ${typeName2(bucket)}`);
    if (seed !== void 0 && seed !== false && typeof seed !== "string") throw new TypeError(`options.seed must be an R2 key (string) or false, got ${typeName2(seed)}`);
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
var DurableVectorSet = class {
  static {
    __name(this, "DurableVectorSet");
  }
  #log;
  constructor(ctx, options) {
    if (options === null || typeof options !== "object") throw new TypeError(`options must be an object with dims, got ${typeName2(options)}`);
    const { dims, precisions = ["f32"], model, bucket, key = "set", seed, compactRecords, compactBytes } = options;
    if (!Number.isInteger(dims) || dims < 1) throw new RangeError(`options.dims must be a positive integer, got ${JSON.stringify(dims)}`);
    const open = /* @__PURE__ */ __name(async (source) => {
      const set = source ? await VectorSet.fromStream(source.stream, { length: source.length }) : new VectorSet(dims, { precisions, ...model ? { model } : {} });
      if (set.dims !== dims) {
        set.free();
        throw new Error(`the stored set has ${set.dims} dims, but options.dims is ${dims}`);
      }
      return set;
    }, "open");
    this.#log = new DurableLog(ctx, { key, bucket, seed, compactRecords, compactBytes, open, chunks: /* @__PURE__ */ __name((set) => set.fileChunks(), "chunks") });
  }
  /**
   * Loads the set once (concurrent calls share one load; a failed load is
   * retried by the next call): the newest snapshot, streamed, then every
   * record after its version. Without a snapshot, `seed` (an R2 key, by
   * default `key` itself: what `simgate pack` writes) or an empty set.
   */
  load() {
    return this.#log.load();
  }
  /** The loaded set, for reads (scores, topK, ...). Write through this object, never the set itself. */
  get set() {
    return this.#log.value;
  }
  /** Like VectorSet.add; resolves once every row is durable. */
  async add(vectors, ids, options = {}) {
    await this.load();
    await this.#log.writable();
    this.#write(vectors, ids, false, (set, v, i) => set.add(v, i, { ...options, record: true }));
  }
  /** Like VectorSet.upsert ({ added, replaced }); resolves once every row is durable. */
  async upsert(vectors, ids, options = {}) {
    await this.load();
    await this.#log.writable();
    const out = { added: 0, replaced: 0 };
    this.#write(vectors, ids, true, (set, v, i) => {
      const r = set.upsert(v, i, { ...options, record: true });
      out.added += r.added;
      out.replaced += r.replaced;
      return r;
    });
    return out;
  }
  /** Like VectorSet.remove (how many went); resolves once the removal is durable. */
  async remove(ids) {
    const set = await this.load();
    await this.#log.writable();
    const { removed, change } = set.remove(ids, { record: true });
    this.#log.store(change);
    return removed;
  }
  /**
   * Writes a snapshot and drops the records it covers. One at a time: a call
   * while one runs shares it. Runs on its own past `compactRecords` records
   * or `compactBytes` of them.
   */
  compact() {
    return this.#log.compact();
  }
  /** { rows, version, snapshotVersion, records, recordBytes, snapshotBytes, lastCompaction, compactionError }. */
  stats() {
    return { rows: this.set.length, ...this.#log.stats() };
  }
  /**
   * Applies `write` to batches of rows whose records stay under the storage
   * value limit; a call that needs several records is checked whole first.
   */
  #write(vectors, ids, upsert2, write) {
    const set = this.set;
    if (!(vectors instanceof Float32Array)) throw new TypeError(`vectors must be a Float32Array, got ${typeName2(vectors)}`);
    const rows = vectors.length / set.dims;
    const perRow = VectorSet.bytesPerRow(set.dims, set.precisions) + 64;
    const batch = Math.max(1, Math.floor((PIECE - 4096) / perRow));
    if (!Number.isInteger(rows) || rows <= batch) {
      this.#log.store(write(set, vectors, ids).change);
      return;
    }
    const held = upsert2 ? void 0 : ids?.find?.((id) => set.has(id));
    if (held !== void 0) throw new Error(`ids: "${held}" is already in the set; upsert() replaces a row by id`);
    const probe = new VectorSet(set.dims, { precisions: set.precisions });
    try {
      probe.add(vectors, ids);
    } finally {
      probe.free();
    }
    for (let at = 0; at < rows; at += batch) {
      const end = Math.min(rows, at + batch);
      this.#log.store(write(set, vectors.subarray(at * set.dims, end * set.dims), ids?.slice(at, end)).change);
    }
  }
};

// src/shard.js
var Shard = class extends DurableObject {
  static {
    __name(this, "Shard");
  }
  constructor(ctx, env) {
    super(ctx, env);
    this.durable = null;
  }
  /** The set, loaded once; concurrent first calls share one load, a failed load is retried by the next call. */
  async ready(shard) {
    this.durable ??= new DurableVectorSet(this.ctx, {
      dims: Number(this.env.DIMS),
      precisions: this.env.PRECISIONS.split(","),
      bucket: this.env.SETS,
      key: `${this.env.SET_PREFIX}-${shard}-of-${this.env.SHARD_COUNT}.bin`,
      ...this.env.COMPACT_RECORDS ? { compactRecords: Number(this.env.COMPACT_RECORDS) } : {}
    });
    return this.durable.load();
  }
  /** This shard's best `k` for `query` (RPC from the front Worker). */
  async search(shard, query, { k, namespace, precision }) {
    const set = await this.ready(shard);
    const matches = set.topK(Float32Array.from(query), k, { namespace, precision });
    return { matches, rows: set.length };
  }
  async upsert(shard, id, vector, namespace) {
    await this.ready(shard);
    return this.durable.upsert(Float32Array.from(vector), [id], namespace === void 0 ? void 0 : { namespace });
  }
  async remove(shard, ids) {
    await this.ready(shard);
    return this.durable.remove(ids);
  }
  async has(shard, ids) {
    const set = await this.ready(shard);
    return ids.map((id) => set.has(id));
  }
  async compact(shard) {
    await this.ready(shard);
    return this.durable.compact();
  }
  async stats(shard) {
    const set = await this.ready(shard);
    return { ...this.durable.stats(), byteLength: set.byteLength(), precisions: set.precisions, model: set.model };
  }
};

// src/coordinator.js
import { DurableObject as DurableObject2 } from "cloudflare:workers";
var Coordinator = class extends DurableObject2 {
  static {
    __name(this, "Coordinator");
  }
  constructor(ctx, env) {
    super(ctx, env);
    this.tail = Promise.resolve();
  }
  /** Match again, then create unless something matches now. */
  async resolve(q) {
    const run = this.tail.then(() => this.#resolve(q));
    this.tail = run.catch(() => {
    });
    return run;
  }
  async #resolve(q) {
    const again = await matchAll(this.env, q);
    if (again.error) return again;
    if (again.decision.outcome !== "create") return { ...again, created: null, rechecked: true };
    const id = q.id ?? crypto.randomUUID();
    const shard = shardOf(id, Number(this.env.SHARD_COUNT));
    await shardsOf(this.env)[shard].upsert(shard, id, q.vector, q.namespace);
    return { ...again, created: id, shard };
  }
};

// src/index.js
var MAX_BODY = 64 * 1024;
var MAX_K = 100;
var PRECISIONS = ["f32", "i8", "b1"];
var BadRequest = class extends Error {
  static {
    __name(this, "BadRequest");
  }
};
var json = /* @__PURE__ */ __name((value, status = 200) => Response.json(value, { status }), "json");
async function body(request) {
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY) return null;
  const text = await request.text();
  if (text.length > MAX_BODY) return null;
  try {
    const value = JSON.parse(text);
    if (value === null || typeof value !== "object" || Array.isArray(value)) throw new BadRequest("the body must be a JSON object");
    return value;
  } catch (e) {
    throw e instanceof BadRequest ? e : new BadRequest(`the body is not JSON: ${e.message}`);
  }
}
__name(body, "body");
function vectorOf(value, dims) {
  if (!Array.isArray(value) || value.length !== dims || !value.every((x) => typeof x === "number" && Number.isFinite(x))) {
    const got = Array.isArray(value) ? `${value.length} values` : typeof value;
    throw new BadRequest(`vector must be an array of ${dims} finite numbers, got ${got}`);
  }
  if (value.every((x) => x === 0)) throw new BadRequest("vector is all zeros; its cosine with anything is undefined");
  return value;
}
__name(vectorOf, "vectorOf");
function optionalString(name, value) {
  if (value !== void 0 && typeof value !== "string") throw new BadRequest(`${name} must be a string, got ${typeof value}`);
  return value;
}
__name(optionalString, "optionalString");
function idsOf(value) {
  if (!Array.isArray(value) || !value.every((id) => typeof id === "string" && id)) throw new BadRequest("ids must be an array of non-empty strings");
  return value;
}
__name(idsOf, "idsOf");
function matchRequest(b, env) {
  const vector = vectorOf(b.vector, Number(env.DIMS));
  const namespace = optionalString("namespace", b.namespace);
  for (const key of ["type", "field", "spec"]) optionalString(key, b[key]);
  const k = b.k ?? 5;
  if (!Number.isInteger(k) || k < 1 || k > MAX_K) throw new BadRequest(`k must be an integer from 1 to ${MAX_K}, got ${JSON.stringify(k)}`);
  if (b.precision !== void 0 && !PRECISIONS.includes(b.precision)) throw new BadRequest(`precision must be one of ${PRECISIONS.join(", ")}, got ${JSON.stringify(b.precision)}`);
  if (b.mode !== void 0 && b.mode !== "forward" && b.mode !== "backward") throw new BadRequest(`mode must be "forward" or "backward", got ${JSON.stringify(b.mode)}`);
  return { vector, namespace, k, type: b.type, field: b.field, spec: b.spec, precision: b.precision, mode: b.mode };
}
__name(matchRequest, "matchRequest");
async function match(request, env) {
  const b = await body(request);
  if (b === null) return json({ error: `the body is over ${MAX_BODY} bytes` }, 413);
  const out = await matchAll(env, matchRequest(b, env));
  return json(out, out.error ? 503 : 200);
}
__name(match, "match");
async function resolveRequest(request, env) {
  const b = await body(request);
  if (b === null) return json({ error: `the body is over ${MAX_BODY} bytes` }, 413);
  const q = matchRequest(b, env);
  const id = optionalString("id", b.id);
  if (id === "") throw new BadRequest("id must be a non-empty string");
  const first = await matchAll(env, q);
  if (first.error) return json(first, 503);
  if (first.decision.outcome !== "create") return json({ ...first, created: null });
  const coordinator = env.COORDINATORS.get(env.COORDINATORS.idFromName(`namespace:${q.namespace ?? ""}`));
  const out = await coordinator.resolve({ ...q, id });
  return json(out, out.error ? 503 : 200);
}
__name(resolveRequest, "resolveRequest");
async function upsert(request, env) {
  const b = await body(request);
  if (b === null) return json({ error: `the body is over ${MAX_BODY} bytes` }, 413);
  if (typeof b.id !== "string" || !b.id) throw new BadRequest("id must be a non-empty string");
  const vector = vectorOf(b.vector, Number(env.DIMS));
  const namespace = optionalString("namespace", b.namespace);
  const shard = shardOf(b.id, Number(env.SHARD_COUNT));
  const out = await shardsOf(env)[shard].upsert(shard, b.id, vector, namespace);
  return json({ shard, ...out });
}
__name(upsert, "upsert");
async function byShard(env, ids, call) {
  const n = Number(env.SHARD_COUNT);
  const groups = /* @__PURE__ */ new Map();
  ids.forEach((id, at) => {
    const s = shardOf(id, n);
    if (!groups.has(s)) groups.set(s, []);
    groups.get(s).push([id, at]);
  });
  const stubs = shardsOf(env);
  return Promise.all([...groups].map(async ([s, group]) => [group, await call(stubs[s], s, group.map(([id]) => id))]));
}
__name(byShard, "byShard");
async function remove(request, env) {
  const b = await body(request);
  if (b === null) return json({ error: `the body is over ${MAX_BODY} bytes` }, 413);
  const results = await byShard(env, idsOf(b.ids), (stub, s, ids) => stub.remove(s, ids));
  return json({ removed: results.reduce((sum, [, n]) => sum + n, 0) });
}
__name(remove, "remove");
async function has(request, env) {
  const b = await body(request);
  if (b === null) return json({ error: `the body is over ${MAX_BODY} bytes` }, 413);
  const ids = idsOf(b.ids);
  const present = new Array(ids.length).fill(false);
  for (const [group, found] of await byShard(env, ids, (stub, s, list) => stub.has(s, list))) {
    group.forEach(([, at], j) => {
      present[at] = found[j];
    });
  }
  return json({ present });
}
__name(has, "has");
var src_default = {
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    const route = `${request.method} ${pathname}`;
    try {
      if (route === "POST /match") return await match(request, env);
      if (route === "POST /resolve") return await resolveRequest(request, env);
      if (route === "POST /upsert") return await upsert(request, env);
      if (route === "POST /remove") return await remove(request, env);
      if (route === "POST /has") return await has(request, env);
      if (route === "POST /compact") {
        const shards = await Promise.all(shardsOf(env).map((stub, i) => stub.compact(i)));
        return json({ shards });
      }
      if (route === "GET /stats") {
        const settled = await Promise.allSettled(shardsOf(env).map((stub, i) => stub.stats(i)));
        const shards = settled.map((s) => s.status === "fulfilled" ? s.value : { error: String(s.reason?.message ?? s.reason) });
        return json({ shards, rows: shards.reduce((n, s) => n + (s.rows ?? 0), 0) });
      }
      return json({ error: `no route ${route}` }, 404);
    } catch (e) {
      const status = e instanceof BadRequest || e?.name === "TypeError" || e?.name === "RangeError" ? 400 : 500;
      return json({ error: e.message }, status);
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

// .wrangler/tmp/bundle-ZI5qKu/middleware-insertion-facade.js
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

// .wrangler/tmp/bundle-ZI5qKu/middleware-loader.entry.ts
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
  Coordinator,
  Shard,
  __INTERNAL_WRANGLER_MIDDLEWARE__,
  middleware_loader_entry_default as default
};
//# sourceMappingURL=index.js.map
