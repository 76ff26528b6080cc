// Types of simgate's public API. Every entry point (node, browser, workerd)
// exports this same API, already initialized. Written by hand so that no
// `any` reaches users; tests compile a consumer against it with
// `tsc --strict --noEmit`.

declare global {
  // Declared here so the types compile under `lib: ["es2022"]` too (TS
  // 5.2+ lib `esnext.disposable` declares the same; the two merge).
  interface SymbolConstructor {
    readonly dispose: unique symbol;
  }
}

/** Scores: typed arrays are the fast path; plain arrays are checked element by element. */
export type Scores = Float32Array | Float64Array | number[];

// ------------------------------------------------------------------ scoring

/**
 * How a set keeps its rows: `f32` (exact), `i8` (symmetric int8 per row and
 * per prefix block: 4x smaller, scores within about 0.003 of f32), `b1` (one
 * sign bit per dim: 32x smaller, scored as the estimated cosine
 * `cos(pi * hamming / p)` over the p-dim prefix; meant for coarse passes).
 */
export type Precision = 'f32' | 'i8' | 'b1';

/** A scored row: best first, ties to the lower index. */
export interface Match {
  /**
   * The row's position in the set at query time. `remove()` moves the last
   * row into the hole it leaves, so positions change; ids are the stable handle.
   */
  index: number;
  /** Present when the row was added with an id. */
  id?: string;
  score: number;
}

/** A value in a row's metadata. */
export type MetaValue = string | number | boolean | null | string[] | { [key: string]: MetaValue };

/**
 * A row's metadata: a JSON object of strings, finite numbers, booleans,
 * null, arrays of strings and nested objects (filters reach nested keys as
 * `"author.id"`). At most 10 KiB as compact JSON per row; keys non-empty,
 * at most 512 bytes, without `.` or `"`, not starting with `$`; objects
 * nested at most 8 deep.
 */
export type Metadata = { [key: string]: MetaValue };

/** A value a filter compares for equality: a scalar, or a string array (equal arrays). */
export type FilterValue = string | number | boolean | null | string[];

/** Conditions on one metadata key; several in one object must all hold. */
export interface FieldOperators {
  /** Equal; on a string-array key: the array holds it. */
  $eq?: FilterValue;
  /** Not `$eq`: rows without the key, or with another type, match. */
  $ne?: FilterValue;
  /** `$eq` one of these; on a string-array key: shares an element. */
  $in?: (string | number | boolean | null)[];
  /** `$eq` none of these: rows without the key match. */
  $nin?: (string | number | boolean | null)[];
  /** Ranges match only values of the bound's type: numbers as numbers, strings by UTF-8 bytes. */
  $lt?: number | string;
  $lte?: number | string;
  $gt?: number | string;
  $gte?: number | string;
  /** The key is present (any value, null included, or keys nested below it), or absent. */
  $exists?: boolean;
}

/**
 * Which rows a search may return, by their metadata, in Cloudflare
 * Vectorize's syntax: `{ type: "Industry" }` (a plain value is `$eq`),
 * `{ year: { $gte: 2020, $lt: 2025 } }`, several keys AND together, dotted
 * keys reach nested objects; plus `$and`, `$or`, `$not` and `$exists`.
 * A row without the key never matches `$eq`, `$in` or a range, and always
 * matches `$ne` and `$nin`. Results are exactly those of a search over the
 * passing rows alone: no recall is lost at any selectivity. (Keys and
 * `$and`/`$or`/`$not` may share one object at run time; these types ask for
 * them to be combined through `$and`.)
 */
export type Filter =
  | { $and: Filter[] }
  | { $or: Filter[] }
  | { $not: Filter }
  | { [key: string]: FilterValue | FieldOperators };

export interface SearchOptions {
  /** Score over the first `dims` dims (a Matryoshka prefix), re-normalized. */
  dims?: number;
  /** The encoding scored: the most precise the set keeps when omitted. */
  precision?: Precision;
  /** Only rows added in this namespace (every row when omitted). */
  namespace?: string;
  /** Only rows whose metadata passes; only those rows are scored. */
  filter?: Filter;
}

export interface TopKOptions extends SearchOptions {
  /** Keep only rows scoring at least this. */
  minScore?: number;
}

export interface VectorSetOptions {
  /** The encodings kept (default `["f32"]`), e.g. `["i8"]` or `["b1", "i8"]`. */
  precisions?: Precision[];
  /** The embedding model the rows come from; set files carry it. */
  model?: string;
}

export interface CascadeOptions {
  /** Prefix length of the coarse pass. */
  coarseDims: number;
  /**
   * How many coarse candidates survive to the rerank. With sign bits
   * (`coarsePrecision: "b1"`) over all dims, 200 kept recall@10 >= 0.99 of
   * the rerank's own top 10 on 384-dim sentence embeddings (100 gave
   * 0.97); shorter prefixes need more. `coarseKFor` measures it on your set.
   */
  coarseK: number;
  /** Minimum coarse score to survive. */
  coarseThreshold?: number;
  /** Encoding of the coarse pass (the rerank's when omitted), e.g. `"b1"`. */
  coarsePrecision?: Precision;
  /** Prefix length of the rerank (all dims when omitted). */
  dims?: number;
  /** Encoding of the rerank (the most precise kept when omitted). */
  precision?: Precision;
  /** Minimum reranked score. */
  threshold?: number;
  /** At most this many results. */
  k?: number;
  /** Only rows of this namespace. */
  namespace?: string;
  /** Only rows whose metadata passes (both passes see only those rows). */
  filter?: Filter;
}

/** Options of `add` and `upsert`. */
export interface WriteOptions {
  /** The rows' namespace (`""` when omitted). */
  namespace?: string;
  /** One metadata object per row (`null` for none); `upsert` replaces a row's metadata with it. */
  metadata?: (Metadata | null)[];
}

/** Cosine similarity of `a` and `b` over their first `dims` dims (all when omitted). */
export function cosine(a: Float32Array, b: Float32Array, dims?: number): number;

/** What `VectorSet.fromStream` uses of a WHATWG `ReadableStream` (declared here so no DOM or Workers types are needed). */
export interface ByteStream {
  getReader(): {
    read(): Promise<{ done: boolean; value?: Uint8Array }>;
    cancel(reason?: unknown): Promise<void>;
    releaseLock(): void;
  };
}

/**
 * Where `VectorSet.fromStream` reads a set file from: a `ReadableStream`, a
 * `fetch` `Response`, an R2 object body (`{ body, size }`) or an async
 * iterable of chunks (a Node `fs.createReadStream`).
 */
export type SetFileSource =
  | ByteStream
  | { body: ByteStream | null; headers: { get(name: string): string | null }; bodyUsed: boolean }
  | { body: ByteStream; size: number }
  | AsyncIterable<Uint8Array | ArrayBuffer>;

/**
 * Reads a set file pushed chunk by chunk (what `VectorSet.fromStream` uses;
 * for sources it does not take). Push every chunk in order, then `finish()`.
 * After an error every call repeats it.
 */
export class VectorSetLoader {
  /** `length`: the file's byte length when known (checked against the header as soon as it is read). */
  constructor(length?: number);
  /** Takes the next chunk of the file. */
  push(chunk: Uint8Array | ArrayBufferLike): void;
  /** The set, once every byte is in and the checksum matches; the loader is spent afterwards. */
  finish(): VectorSet;
  /** Bytes pushed so far. */
  readonly received: number;
  /** The file's length as its header describes it, once the header is in. */
  readonly expected: number | undefined;
  free(): void;
  [Symbol.dispose](): void;
}

/** A set's file read out in chunks (`set.fileChunks()`). */
export class VectorSetChunks {
  /** The file's length in bytes. */
  readonly length: number;
  /** Bytes handed out so far. */
  readonly produced: number;
  /** The next chunk of at most `maxBytes` (default 1 MiB; the final 8-byte checksum may go past it), or `undefined` at the end. */
  next(maxBytes?: number): Uint8Array | undefined;
  free(): void;
  [Symbol.dispose](): void;
}

/** Embeddings held in wasm memory, scored by cosine over any prefix of their dims. */
export class VectorSet {
  constructor(dims: number, options?: VectorSetOptions);
  /**
   * Appends `n * dims` floats (row-major), optionally with one id per row.
   * Ids are unique within the set: an id already present is an Error (use
   * `upsert`). Rows go to `options.namespace` (`""` when omitted).
   */
  add(vectors: Float32Array, ids?: string[], options?: WriteOptions & { record?: false }): void;
  /**
   * With `record: true`, also returns the change record: the rows as the set
   * stores them (already at its precisions), their ids and namespace, and
   * `seq` (the set's version after the write). About 1 KB for one 768-dim
   * i8 row. `apply` replays it exactly.
   */
  add(vectors: Float32Array, ids: string[] | undefined, options: WriteOptions & { record: true }): { change: Uint8Array };
  /**
   * Replaces the rows whose id is present (vector and metadata) and appends
   * the rest; `change` with `record: true` (see `add`).
   */
  upsert(vectors: Float32Array, ids: string[], options?: WriteOptions & { record?: boolean }): { added: number; replaced: number; change?: Uint8Array };
  /**
   * Replaces the metadata of the rows with these ids (one object per id;
   * vectors unchanged) and returns how many changed. An id the set does not
   * hold, or a length that differs from `ids`', is an Error and nothing
   * changes.
   */
  setMetadata(ids: string[], metadata: (Metadata | null)[], options?: { record?: false }): number;
  /** With `record: true`: how many changed and the change record (small: ids and metadata only). */
  setMetadata(ids: string[], metadata: (Metadata | null)[], options: { record: true }): { changed: number; change: Uint8Array };
  /** The metadata of the row with this id (`{}` when it has none), or null when no row has the id. */
  metadata(id: string): Metadata | null;
  /** How many rows a search with these options considers (all rows when both are omitted). */
  count(options?: { namespace?: string; filter?: Filter }): number;
  /** Removes rows by id; returns how many went (ids not present count 0). Indices of other rows may change. */
  remove(ids: string[], options?: { record?: false }): number;
  /** With `record: true`: how many went and the change record (see `add`). */
  remove(ids: string[], options: { record: true }): { removed: number; change: Uint8Array };
  /**
   * Changes applied since the set was created: every successful `add`,
   * `upsert` or `remove` counts one. Kept in the set file (files written
   * before versions existed load as version 0).
   */
  readonly version: number;
  /**
   * Replays one change record. A record whose seq is `version + 1` applies
   * (`applied: true`); one at or below `version` is skipped (`applied:
   * false`), so replaying a log twice is harmless. A gap (seq beyond
   * `version + 1`), other dims or precisions, or a damaged or truncated
   * record is an Error naming what, and the set is unchanged. A snapshot
   * (`toBytes`) plus the records after its version rebuilds the set bit for
   * bit.
   */
  apply(change: Uint8Array | ArrayBufferLike): { applied: boolean };
  has(id: string): boolean;
  readonly length: number;
  readonly dims: number;
  /** The encodings kept, most precise first. */
  readonly precisions: Precision[];
  /** The embedding model the set was stamped with. */
  readonly model: string | null;
  /** Bytes this set holds in wasm memory (rows, norms, ids, metadata columns). */
  byteLength(): number;
  /**
   * Bytes per row of `dims` dims kept in `precisions` (default `["f32"]`),
   * ids not included: plan what fits in 128 MB. With `options.metadata` (a
   * typical row's), what its columns add per row: a byte per key, 8 per
   * number, 4 per string (distinct strings are kept once), 8 + 4 per
   * element for a string array.
   */
  static bytesPerRow(dims: number, precisions?: Precision[], options?: { metadata?: Metadata }): number;
  /** The set as a versioned file (magic, header, sections, checksum). */
  toBytes(): Uint8Array;
  /**
   * The same file as `toBytes()`, a chunk at a time, so it can be streamed
   * (to R2, to storage) without a copy of the whole file beside the set.
   * The set must not change until the last chunk: `next()` throws once it has.
   */
  fileChunks(): VectorSetChunks;
  /** A set read from `toBytes()` or `simgate pack` output: one copy into wasm memory, nothing recomputed. */
  static fromBytes(bytes: Uint8Array | ArrayBufferLike): VectorSet;
  /**
   * A set read from a stream of a set file's bytes, chunk by chunk: a
   * `ReadableStream`, a `fetch` `Response`, an R2 object body (its `body` and
   * `size` are used) or an async iterable of chunks. Only the header is
   * buffered; each chunk's rows are copied straight into wasm memory, so the
   * whole file is never held beside the set (what a 128 MB Worker needs for
   * sets near its limit). `length` is the file's byte length when known (a
   * `Response`'s Content-Length or an R2 object's `size` are used otherwise);
   * with it a wrong length is reported before any row is copied. Rejects
   * with the same errors as `fromBytes`.
   */
  static fromStream(source: SetFileSource, options?: { length?: number }): Promise<VectorSet>;
  /** Row `index` as floats, from the most exact encoding kept (f32 rows as stored, unit length; i8 rows dequantized). */
  row(index: number): Float32Array;
  /** Cosine with every row, in row order. */
  scores(query: Float32Array, dims?: number, options?: { precision?: Precision }): Float32Array;
  topK(query: Float32Array, k: number, options?: TopKOptions): Match[];
  above(query: Float32Array, threshold: number, options?: SearchOptions): Match[];
  cascade(query: Float32Array, options: CascadeOptions): Match[];
  /**
   * The smallest `coarseK` whose cascade keeps at least `recall` of the
   * rerank's own top `k` (same dims and precision, every row scored),
   * measured with `sample` of the set's rows (default 64, seeded) as
   * queries, each query's own row left out. It tries k times 1, 2, 3, 5,
   * 10, 20, 50, 100 and 200 (at most the set's size); when none reaches
   * `recall`, it returns the largest with `reached: false`. Costs one coarse
   * pass and one full scan at the rerank's precision per sampled row. Needs
   * a precision other than b1 kept (the sampled rows are its values).
   */
  coarseKFor(options: {
    recall: number;
    k: number;
    coarseDims: number;
    coarsePrecision?: Precision;
    dims?: number;
    precision?: Precision;
    sample?: number;
    seed?: number;
  }): { coarseK: number; recall: number; reached: boolean; queries: number; curve: { coarseK: number; recall: number }[] };
  free(): void;
  [Symbol.dispose](): void;
}

// ------------------------------------------------------------------ thresholds

export interface ThresholdConfig {
  default?: number;
  /**
   * The embedding model these thresholds were measured on (a threshold is
   * valid only for that model's scores). `calibrate(..., { model })` stamps
   * it; `new Matcher(set, thresholds)` refuses a set stamped with another
   * model. Either side may leave it out (nothing is compared then).
   */
  model?: string;
  types?: Record<string, number>;
  /** Keyed "Type.field". */
  fields?: Record<string, number>;
  /** `true` for the candidate-count rule: fewer than 10 candidates loosens the threshold by 0.10, more than 1000 tightens it by 0.05 (the result stays within the bounds). */
  adaptive?: boolean | { enabled?: boolean; few?: number; loosen?: number; many?: number; tighten?: number };
  /** `true` for the formula `-(1 - p/D) * 0.05` (a p-dim prefix of D-dim embeddings lowers the threshold by up to 0.05); a `table` of measured shifts replaces it per prefix. */
  dimensionAdjustment?:
    | boolean
    | { enabled?: boolean; baseDimensions?: number; maxReduction?: number; table?: Record<string, number> };
  bands?: { high?: number; low?: number };
  bounds?: { min?: number; max?: number };
}

export type ThresholdSource = 'spec' | 'field' | 'type' | 'default';

export interface Adjustment {
  kind: 'dimensions' | 'adaptive' | 'clamp';
  delta: number;
}

export interface ResolvedThreshold {
  value: number;
  base: number;
  source: ThresholdSource;
  adjustments: Adjustment[];
  /** The type (or "Type.field") the threshold is for. */
  subject?: string;
  spec?: string;
  /** [prefix dims, full dims] when the dimension adjustment applied. */
  dims?: [number, number];
  candidateCount?: number;
  /** The words an explanation uses, e.g. "for Industry (type threshold 0.78, lowered 0.02 for 256 of 768 dims)". */
  description: string;
}

export interface ResolveQuery {
  type?: string;
  field?: string;
  spec?: string;
  dims?: number;
  fullDims?: number;
  candidateCount?: number;
}

/** A schema: types with a `$threshold`, fields with field specs, e.g. `{ ICP: { $threshold: 0.82, name: 'string' }, Startup: { customer: '~>ICP(0.82)' } }`. */
export type Schema = Record<string, Record<string, unknown>>;

export class Thresholds {
  constructor(config?: ThresholdConfig);
  static preset(name: 'default' | 'strict' | 'loose'): Thresholds;
  static fromSchema(schema: Schema): Thresholds;
  resolve(query?: ResolveQuery): ResolvedThreshold;
  /** The embedding model the thresholds were calibrated on, when stamped. */
  readonly model: string | null;
  toJSON(): Required<Pick<ThresholdConfig, 'default' | 'types' | 'fields' | 'bands' | 'bounds'>> & ThresholdConfig;
  free(): void;
  [Symbol.dispose](): void;
}

export interface FieldSpec {
  direction: 'forward' | 'backward';
  target: string;
  threshold: number | null;
  many: boolean;
}

export function parseFieldSpec(spec: string | [string]): FieldSpec;

// ------------------------------------------------------------------ decisions

export type Band = 'high' | 'medium' | 'low' | 'none';

export interface Candidate {
  /**
   * Position in the score list given to `decide` / `explain` (in a
   * `Matcher.match` result: the row of the set).
   */
  index: number;
  score: number;
  /** score - threshold, snapped to 12 decimals (0.91 above 0.8 is 0.11) */
  margin: number;
}

export interface Decision {
  outcome: 'match' | 'create' | 'none' | 'ambiguous';
  threshold: number;
  passing: number;
  best?: Candidate;
  second?: Candidate;
}

export interface Alternative {
  threshold: number;
  wouldMatch: number;
  description: string;
}

export interface Explanation {
  threshold: number;
  applied: ThresholdSource | 'given';
  meaning: string;
  matched: number;
  nearThreshold: number;
  best?: Candidate;
  alternatives: Alternative[];
  /** Which rows were candidates, when the lookup was limited: "412 Industry rows in namespace acme". */
  candidates?: string;
  text: string;
}

export function band(score: number, threshold: number | ResolvedThreshold, margins?: { high?: number; low?: number }): Band;
export function decide(
  scores: Scores,
  options: { threshold: number | ResolvedThreshold; mode?: 'forward' | 'backward'; minGap?: number },
): Decision;
export function abstain(score: number, options: { act: number; reject: number }): 'act' | 'escalate' | 'not_found';
export function cacheTier(score: number, options: { confident: number; tentative: number }): 'confident' | 'tentative' | 'miss';
export function explain(threshold: number | ResolvedThreshold, scores: Scores): Explanation;

export interface MatcherOptions {
  k?: number;
  minGap?: number;
  cascade?: { coarseDims: number; coarseK: number; coarseThreshold?: number; coarsePrecision?: Precision };
  /**
   * The metadata key that holds a row's type (default `"type"`). A lookup
   * for a type (`type`, or the target of a `~>T` / `<~T` spec) considers
   * only rows whose metadata at this key is that type, and the adaptive
   * threshold counts those rows. A typed lookup on a set where no row has
   * the key is an Error. `null`: types only pick thresholds.
   */
  typeKey?: string | null;
}

export interface Lookup {
  type?: string;
  field?: string;
  spec?: string;
  dims?: number;
  mode?: 'forward' | 'backward';
  /** The encoding scored (the most precise the set keeps when omitted). */
  precision?: Precision;
  /** Only rows of this namespace: decisions and explanations see no other tenant's rows. */
  namespace?: string;
  /** Only rows whose metadata passes; with a type, both must hold. */
  filter?: Filter;
}

export interface MatchResult {
  threshold: ResolvedThreshold;
  decision: Decision;
  explanation: Explanation;
  candidates: (Match & { band: Band })[];
}

/**
 * The `~>` / `<~` operator: a VectorSet (shared) and Thresholds (copied).
 * When both carry a model stamp and they differ, the constructor throws
 * ("thresholds were calibrated on X; the set holds Y embeddings").
 */
export class Matcher {
  constructor(set: VectorSet, thresholds: Thresholds, options?: MatcherOptions);
  match(query: Float32Array, lookup?: Lookup): MatchResult;
  free(): void;
  [Symbol.dispose](): void;
}

export interface Feedback {
  correct: boolean;
  /** Set when the match was wrong and the right entity is known (a missed match). */
  suggestedMatch?: string;
  matchId?: string;
}

export function adjustFromFeedback(
  threshold: number,
  feedback: Feedback[],
  options?: { step?: number; rate?: number; min?: number; max?: number },
): { threshold: number; falsePositiveRate: number; falseNegativeRate: number };

// ------------------------------------------------------------------ calibration

export interface ThresholdPoint {
  threshold: number;
  precision: number;
  recall: number;
}

/** What one threshold does to the labeled pairs (accept iff score >= threshold). */
export interface Confusion {
  threshold: number;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  /** null when nothing is accepted. */
  precision: number | null;
  /** null when there is no same (label 1) pair. */
  recall: number | null;
  f1: number;
}

export interface ReliabilityBin {
  low: number;
  high: number;
  count: number;
  confidence: number;
  accuracy: number;
}

export interface Calibration {
  readonly length: number;
  /** The pairs as given (e.g. an error-bounded SemanticCache's `prior`). */
  pairs(): { scores: Float64Array; labels: Uint8Array };
  auc(): number;
  prCurve(): { thresholds: Float64Array; precision: Float64Array; recall: Float64Array };
  best(beta?: number): ThresholdPoint & { f: number };
  atPrecision(target: number): ThresholdPoint | null;
  /** The confusion matrix at `threshold`, in O(log n). */
  at(threshold: number): Confusion;
  gap(): { maxNegative: number; minPositive: number; midpoint: number | null };
  platt(): { a: number; b: number };
  isotonic(): { x: Float64Array; y: Float64Array };
  probability(score: number, method: 'platt' | 'isotonic'): number;
  reliability(method: 'platt' | 'isotonic', bins?: number): { bins: ReliabilityBin[]; ece: number; mce: number; brier: number };
  histogram(bins?: number): { edges: Float64Array; positive: Uint32Array; negative: Uint32Array };
  perClass(): Record<string, { threshold: number; f: number; n: number; positives: number }>;
  bootstrap(
    /** Default 1000. */
    rounds?: number,
    seed?: number,
  ): { threshold: { low: number; high: number }; f: { low: number; high: number }; rounds: number };
  /** How many pairs fall in each band around `threshold`, in O(log n). */
  bands(threshold: number | ResolvedThreshold, margins?: { high?: number; low?: number }): { high: number; medium: number; low: number; none: number };
  /**
   * The ThresholdConfig for this data, as `simgate calibrate` writes it:
   * the default for `target` (F1-optimal unless a precision is given); each
   * class with at least 30 same pairs as a type threshold (a class with
   * fewer keeps the default); with `prefixes` (the same pairs scored over
   * shorter prefixes) and `fullDims`, the dimension adjustment's table of
   * measured shifts (each prefix's F1-optimal threshold minus the full-dims
   * one); bounds widened to hold every threshold written, with 0.05 to spare.
   */
  toConfig(options?: {
    target?: 'f1' | { precision: number };
    prefixes?: { dims: number; scores: Scores }[];
    fullDims?: number;
  }): ThresholdConfig;
  free(): void;
  [Symbol.dispose](): void;
}

export function calibrate(
  scores: Scores,
  labels: Uint8Array | number[],
  options?: { classes?: string[]; seed?: number; /** The embedding model of the scores: `toConfig()` carries it. */ model?: string },
): Calibration;

export interface PrefixThreshold {
  dims: number;
  threshold: number;
  f: number;
  auc: number;
  /** threshold - the full-dims threshold */
  shift: number;
}

export function calibratePairs(
  a: Float32Array,
  b: Float32Array,
  dims: number,
  labels: Uint8Array | number[],
  options?: { prefixes?: number[] },
): { prefixes: PrefixThreshold[]; table: Record<string, number> };

// ------------------------------------------------------------------ fusion

export function normalize(scores: Scores, method: 'minmax' | 'zscore'): Float32Array;
export function rrf(lists: string[][], k?: number): { id: string; score: number }[];

// ------------------------------------------------------------------ monitoring

/** What an event may carry besides its score; kept only for sampled (borderline) events. */
export interface MonitorEvent {
  /** Whether the event was a hit; by default `score >= threshold`. */
  hit?: boolean;
  id?: string;
  query?: string;
  match?: string;
  type?: string;
  /** When it happened, on the caller's clock (e.g. ms since the epoch). */
  time?: number;
}

export interface MonitorOptions {
  threshold: number | ResolvedThreshold;
  /** Hits with `threshold <= score < threshold + borderline` are borderline (default 0.05). */
  borderline?: number;
  /** Count cache tiers: `confident` (score >= confident), `tentative`, `miss`. */
  tiers?: { confident: number; tentative: number };
  /** Equal bins over [0, 1] for the histogram (default 20), when no reference is given. */
  bins?: number;
  /** A reference histogram (e.g. of the calibration's scores): its edges become the live histogram's, for PSI. */
  reference?: { edges: ArrayLike<number>; counts: ArrayLike<number> };
  /** Size of the uniform sample of borderline events (default 100). */
  sample?: number;
  /** Makes the sample reproducible (random when omitted). */
  seed?: number;
}

export interface MonitorStats {
  count: number;
  hits: number;
  hitRate: number | null;
  meanScoreOnHits: number | null;
  /** Hits with `threshold <= score < threshold + borderline`; `share` of all hits. */
  borderline: { count: number; share: number | null };
  tiers?: { confident: number; tentative: number; miss: number };
  /** Every event's score; outside the edges, in the first or last bin. */
  histogram: { edges: Float64Array; counts: Uint32Array };
  /**
   * Population stability index against the reference: shares p = count /
   * total per bin, a zero share taken as 1e-4, PSI = sum (p_now - p_ref) *
   * ln(p_now / p_ref). `null` without a reference or events.
   */
  psi: number | null;
  /** psi < 0.1 stable, < 0.25 moderate, else major. */
  drift: 'stable' | 'moderate' | 'major' | null;
  /** Plain sentences with the numbers behind them: low hit rate, hits near the threshold, drift, a sample ready for review. */
  advice: string[];
}

/** What unrelated items score with a model: cosines of random distinct row pairs. */
export interface NoiseFloor {
  /** Pairs scored (pairs whose prefix is all zeros are skipped). */
  pairs: number;
  mean: number;
  p50: number;
  p95: number;
  /** A threshold below this matches unrelated items about once in a hundred candidates. */
  p99: number;
  max: number;
}

/**
 * The cosine distribution of `pairs` (default 10,000) random distinct row
 * pairs of `set`, drawn from `seed` (default 1), over the first `dims` dims
 * (all when omitted), from the most exact encoding the set keeps. No labels
 * needed: what unrelated items score with this model.
 */
export function noiseFloor(set: VectorSet, options?: { pairs?: number; seed?: number; dims?: number }): NoiseFloor;

/** What `toJSON` writes and `fromJSON` reads: plain, JSON-safe data. */
export interface MonitorState {
  version: 1;
  options: { threshold: number; borderline: number; edges: number[]; sample: number; tiers?: { confident: number; tentative: number }; reference?: number[] };
  count: number;
  hits: number;
  hitSumMicro: number;
  borderline: number;
  tiers: number[];
  histogram: number[];
  samples: ({ score: number } & MonitorEvent)[];
  rng: string;
}

/**
 * Live scores after deployment, in bounded memory: hit rate, mean score on
 * hits, borderline hits, cache tiers, a histogram and its drift from a
 * reference, advice, and a uniform sample of borderline events to review.
 * Monitors of several isolates `merge` exactly; `toJSON`/`fromJSON` keep
 * one in Durable Object storage or KV.
 */
export class Monitor {
  constructor(options: MonitorOptions);
  /** Records one event (a rejected call changes nothing). */
  record(score: number, event?: MonitorEvent): void;
  /** Records many scores, all checked before any is counted. */
  recordMany(scores: Scores): void;
  stats(): MonitorStats;
  /** The uniform sample of borderline events, with their fields. */
  borderline(): ({ score: number } & MonitorEvent)[];
  /** Adds `other`'s events (same options): counts add up exactly, and the sample stays uniform over both. */
  merge(other: Monitor): void;
  toJSON(): MonitorState;
  /** A monitor from `toJSON()`'s output; counts that do not add up are an Error naming what disagrees. */
  static fromJSON(state: MonitorState): Monitor;
  free(): void;
  [Symbol.dispose](): void;
}

// ------------------------------------------------------------------ the semantic cache

interface SemanticCacheCommonOptions {
  dims: number;
  precisions?: Precision[];
  model?: string;
  /** Past this many entries the least recently used goes. */
  maxEntries?: number;
  /** Default time to live; an expired entry is never returned. */
  ttlSeconds?: number;
  /** The clock, in milliseconds (Date.now by default): tests control it. */
  now?: () => number;
  /** Width of the monitor's borderline band above `tentative` (default 0.05). */
  borderline?: number;
  /** Makes the monitor's sample (and, with errorBound, which served lookups are audited) reproducible. */
  seed?: number;
}

/**
 * A cache that learns where to serve: wrong answers served stay within
 * `errorBound` of all lookups, held with a confidence bound. Lookups it is
 * not yet sure of come back as `verify`: compute the answer anyway, judge
 * whether the cached one was right and tell it with `feedback(id, correct)`.
 * Below the threshold only a sample of lookups is `verify` (all while the
 * scores near it have few verdicts, as few as 5% later); the rest are plain
 * `miss`. Some served ones come back with `audit: true` (all while the
 * evidence above the threshold is thin, then 10%): serve the cached answer,
 * then judge it the same way (after the response is fine).
 */
export interface ErrorBoundedCacheOptions extends SemanticCacheCommonOptions {
  /** The share of lookups that may be answered wrong, in (0, 0.5]. Not with confident/tentative. */
  errorBound: number;
  /**
   * Labeled pairs to start from: a Calibration, or `{ scores, labels }`
   * (the similarity of a question to a cached entry, and 1 when the
   * entry's answer is right for it). They count as verdicts at their
   * scores, so the cache serves from its first lookups. While they are in
   * use the promise rests on them: it holds when P(wrong | score) on the
   * live lookups is what the pairs say. Live verdicts that are wrong far
   * more often than the pairs at the same scores drop them (and all older
   * evidence), as a drift does. At most 20,000 pairs.
   */
  prior?: Calibration | { scores: Scores; labels: Uint8Array | number[] };
  confident?: never;
  tentative?: never;
}

/** A cache with two fixed thresholds (from a calibration on labeled pairs). */
export interface ThresholdCacheOptions extends SemanticCacheCommonOptions {
  /** Serve as is at or above this similarity. */
  confident: number;
  /** Serve with a note ("Based on a similar question ...") at or above this; a miss below. */
  tentative: number;
  errorBound?: never;
}

export type SemanticCacheOptions = ErrorBoundedCacheOptions | ThresholdCacheOptions;

/** What an error-bounded cache's `stats()` adds. */
export interface ErrorBoundStats {
  errorBound: number;
  /** The similarity it serves at and above now; null until the evidence certifies one. */
  threshold: number | null;
  /** Below this a lookup is a miss: verified answers there were almost never right. */
  floor: number;
  /** Every lookup, exact ones included: the promise's denominator. */
  lookups: number;
  /** Answers served on a score (exact ones not counted). */
  served: number;
  /** Of those, served on an entry's own verified lookups, below the threshold. */
  servedOnEntryEvidence: number;
  /** Verdicts reported with feedback, and how many said the cached answer was wrong. */
  verified: number;
  verifiedWrong: number;
  /** Wrong answers served / lookups, as estimated from the verdicts at the scores served. */
  estimate: number;
  /** The 97.5% confidence bound on it that the threshold keeps within errorBound. */
  estimateUpper: number;
  /** Verdicts held as evidence (the newest 20,000; dropped when drift shows). */
  evidence: number;
  /** Of those, the prior's labeled pairs still in use. */
  priorEvidence: number;
  /** Verdicts asked for: `verify` lookups plus audits. */
  judgeCalls: number;
  /** Lookups below the threshold left to a plain miss by the sampling (no verdict asked). */
  unjudged: number;
  /** Times audited answers turned wrong far more often than before and the evidence was dropped. */
  driftResets: number;
}

export interface CacheLookup<V> {
  /**
   * `verify` (error-bounded caches only): compute the answer, judge the
   * cached `value` and report it with `feedback(id, correct)`; serve your
   * own answer. `tentative` only with fixed thresholds.
   */
  tier: 'exact' | 'confident' | 'tentative' | 'verify' | 'miss';
  /** The entry served or to verify (not on a miss). */
  id?: string;
  value?: V;
  /** The best entry's similarity (not on an exact hit, nor on a miss with no entries). */
  score?: number;
  /**
   * Error-bounded caches, on a `confident` lookup picked at random: serve
   * `value`, then judge it and report with `feedback(id, correct)`. The
   * verdicts keep the evidence above the threshold fresh (a drift shows).
   */
  audit?: true;
  /** The explanation: the tier, the score against both thresholds, the margin. */
  text: string;
}

/**
 * A semantic cache: the exact tier (the normalized text, trimmed,
 * lowercased, whitespace collapsed and NFC, equals a stored entry's), then
 * the best vector match in the namespace, tiered confident / verify / miss
 * by what the verdicts so far certify (`errorBound`), or confident /
 * tentative / miss by two fixed thresholds. Entries expire after their TTL; past `maxEntries` the least
 * recently used goes; namespaces never mix; every lookup is recorded in a
 * Monitor (`stats()`); `feedback` moves the thresholds by the feedback rule.
 * Values stay in JS; they must be JSON-serializable for `toBytes`.
 */
export class SemanticCache<V = unknown> {
  constructor(options: SemanticCacheOptions);
  /** With `options.filter`, only entries whose metadata passes (an exact text hit too). */
  lookup(query: Float32Array, options?: { namespace?: string; text?: string; filter?: Filter }): CacheLookup<V>;
  /** Adds or replaces (by id) an entry; returns its id (generated when not given). */
  /** `options.metadata` scopes the entry (model, prompt version, locale, user) for lookups' filters. */
  store(query: Float32Array, value: V, options?: { id?: string; namespace?: string; text?: string; ttlSeconds?: number; metadata?: Metadata; record?: false }): string;
  /**
   * With `record: true`, also the change record: the entry as stored (id,
   * namespace, text, expiry, its vector and its value as JSON) and the
   * entries the store dropped, so `apply` replays it as it happened. The
   * value must be JSON-serializable (else a TypeError, nothing stored).
   */
  store(query: Float32Array, value: V, options: { id?: string; namespace?: string; text?: string; ttlSeconds?: number; metadata?: Metadata; record: true }): { id: string; change: Uint8Array };
  /**
   * A verdict on a cached answer. With errorBound it is evidence at
   * `score`, by default the score of the last lookup that found the entry
   * (an entry removed since needs `score`); without, it moves the thresholds
   * by the feedback rule and an unknown id is an Error.
   */
  feedback(id: string, correct: boolean, options?: { score?: number; record?: false }): void;
  feedback(id: string, correct: boolean, options: { score?: number; record: true }): { change: Uint8Array };
  remove(ids: string[], options?: { record?: false }): number;
  remove(ids: string[], options: { record: true }): { removed: number; change: Uint8Array };
  clear(namespace?: string, options?: { record?: false }): number;
  clear(namespace: string | undefined, options: { record: true }): { removed: number; change: Uint8Array };
  /** Changes (store, feedback, remove, clear) made since the cache was created; kept by toBytes (older bytes load as 0). */
  readonly version: number;
  /**
   * Replays one change record: the next seq applies; one at or below
   * `version` is skipped (`applied: false`); a gap, another dims or a
   * damaged record is an Error and the cache is unchanged. Lookups are not
   * recorded: a replayed cache has every entry, value and review, while
   * use order (LRU) and Monitor counts are those of the snapshot replayed onto.
   */
  apply(change: Uint8Array | ArrayBuffer): { applied: boolean };
  readonly size: number;
  /** Fixed thresholds after any feedback adjustment; with errorBound, where it serves now. */
  thresholds(): { confident: number; tentative: number } | { errorBound: number; threshold: number | null; floor: number };
  /** With errorBound, also ErrorBoundStats (and the advice speaks of the bound). */
  stats(): MonitorStats & { exact: number; expired: number; evicted: number; reviewed: number; wrong: number } & Partial<ErrorBoundStats>;
  toBytes(): Uint8Array;
  static fromBytes<V = unknown>(bytes: Uint8Array | ArrayBuffer, options?: { now?: () => number }): SemanticCache<V>;
  free(): void;
  [Symbol.dispose](): void;
}

// ------------------------------------------------------------------ shards and other engines

/** A match from `mergeTopK`: the shard is the position of its list. */
export interface ShardMatch extends Match {
  shard: number;
}

/**
 * The shard (0 to `shards - 1`) that owns `id`: 32-bit FNV-1a of the id's
 * UTF-8 bytes, modulo `shards` (at most 65,536). Stable across versions
 * and platforms, so `simgate pack --shards`, a front Worker and any other
 * writer route an id to the same shard.
 */
export function shardOf(id: string, shards: number): number;

/**
 * The best `k` matches of several shards' `topK` lists (one list per shard,
 * each ranked by its own set): highest score first, ties broken by lower
 * shard, then lower index; ids kept. Since every shard ranks its rows
 * exactly, this equals the top `k` of one set holding every shard's rows.
 * Scores must be cosines in [-1, 1].
 */
export function mergeTopK(lists: Match[][], k: number): ShardMatch[];

/**
 * How another engine reports similarity, and the range it can take:
 *
 * | scale | value | range | engines |
 * |---|---|---|---|
 * | `cosine` | cos | [-1, 1] | Vectorize (`cosine` metric) `score`; Qdrant (`Cosine`) `score` |
 * | `unit` | (1 + cos) / 2 | [0, 1] | Elasticsearch `dense_vector` with `similarity: cosine`, `_score`; OpenSearch `cosinesimil` `_score` |
 * | `distance` | 1 - cos | [0, 2] | pgvector `<=>`; LanceDB `cosine` (and `dot` for unit vectors); Chroma `cosine` (and `ip` for unit vectors); Redis `COSINE` (and `IP` for unit vectors); OpenSearch `cosinesimil` distance |
 * | `negative-inner-product` | -dot | [-1, 1] | pgvector `<#>` |
 * | `l2` | sqrt(2 - 2 cos) | [0, 2] | pgvector `<->` |
 * | `l2-squared` | 2 - 2 cos | [0, 4] | LanceDB `l2`; Chroma `l2` (its default); Redis `L2` |
 *
 * The last three, and the dot-product rows, hold for unit-length vectors only
 * (normalize before you index); a value no pair of unit vectors can give is
 * an Error naming its index.
 */
export type CosineScale = 'cosine' | 'unit' | 'distance' | 'negative-inner-product' | 'l2' | 'l2-squared';

/** One candidate from an engine: its id and the number the engine reported for it. */
export interface EngineCandidate {
  id?: string;
  value: number;
}

/**
 * Calibrated, explained decisions on another engine's candidates: the
 * values are brought to cosine (`scale`), ranked best first, and decided and
 * explained as `Matcher.match` would on the same scores. The threshold is
 * `threshold`, or `thresholds` resolved for `lookup` with the candidate
 * count. Each candidate keeps its `index` in the input, its `id` and `value`.
 */
export function decideCandidates(
  candidates: EngineCandidate[],
  options: {
    scale: CosineScale;
    threshold?: number | ResolvedThreshold;
    thresholds?: Thresholds;
    lookup?: { type?: string; field?: string; spec?: string; dims?: number };
    mode?: 'forward' | 'backward';
    minGap?: number;
  },
): MatchResult & { candidates: (Match & { band: Band; value: number })[] };

/**
 * Scores from another engine as cosines, so calibrated thresholds, `decide`
 * and `explain` apply. Values outside the scale's range (beyond 1e-6 of
 * rounding, which is clamped) are Errors naming the index.
 */
export function toCosine(scores: number, scale: CosineScale): number;
export function toCosine(scores: Scores, scale: CosineScale): Float32Array;

// ------------------------------------------------------------------ runtime

/** Whether the wasm was built with SIMD128 (it is, in the published package). */
export function simdEnabled(): boolean;
/**
 * The instruction sets the loaded build scores with: `simd128` is true in the
 * published package; `relaxedSimd` is false (the package ships the SIMD128
 * build, which every runtime that runs WebAssembly SIMD accepts).
 */
export function features(): { simd128: boolean; relaxedSimd: boolean };
/** Current size of the module's wasm memory in bytes (it grows, never shrinks). */
export function memoryBytes(): number;
/** The version of the Rust crate the wasm was built from. */
export function version(): string;
