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

/** A scored row: best first, ties to the lower index. */
export interface Match {
  index: number;
  /** Present when the row was added with an id. */
  id?: string;
  score: number;
}

export interface TopKOptions {
  /** Score over the first `dims` dims (a Matryoshka prefix), re-normalized. */
  dims?: number;
  /** Keep only rows scoring at least this. */
  minScore?: number;
}

export interface CascadeOptions {
  /** Prefix length of the coarse pass. */
  coarseDims: number;
  /** How many coarse candidates survive to the rerank. */
  coarseK: number;
  /** Minimum coarse score to survive. */
  coarseThreshold?: number;
  /** Prefix length of the rerank (all dims when omitted). */
  dims?: number;
  /** Minimum reranked score. */
  threshold?: number;
  /** At most this many results. */
  k?: number;
}

/** Cosine similarity of `a` and `b` over their first `dims` dims (all when omitted). */
export function cosine(a: Float32Array, b: Float32Array, dims?: number): number;

/** Embeddings held in wasm memory, scored by cosine over any prefix of their dims. */
export class VectorSet {
  constructor(dims: number);
  /** Appends `n * dims` floats (row-major), optionally with one id per row. */
  add(vectors: Float32Array, ids?: string[]): void;
  readonly length: number;
  readonly dims: number;
  /** Cosine with every row, in row order. */
  scores(query: Float32Array, dims?: number): Float32Array;
  topK(query: Float32Array, k: number, options?: TopKOptions): Match[];
  above(query: Float32Array, threshold: number, options?: { dims?: number }): Match[];
  cascade(query: Float32Array, options: CascadeOptions): Match[];
  free(): void;
  [Symbol.dispose](): void;
}

// ------------------------------------------------------------------ thresholds

export interface ThresholdConfig {
  default?: number;
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
  cascade?: { coarseDims: number; coarseK: number; coarseThreshold?: number };
}

export interface Lookup {
  type?: string;
  field?: string;
  spec?: string;
  dims?: number;
  mode?: 'forward' | 'backward';
}

export interface MatchResult {
  threshold: ResolvedThreshold;
  decision: Decision;
  explanation: Explanation;
  candidates: (Match & { band: Band })[];
}

/** The `~>` / `<~` operator: a VectorSet (shared) and Thresholds (copied). */
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
  options?: { classes?: string[]; seed?: number },
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

// ------------------------------------------------------------------ runtime

/** Whether the wasm was built with SIMD128 (it is, in the published package). */
export function simdEnabled(): boolean;
/** Current size of the module's wasm memory in bytes (it grows, never shrinks). */
export function memoryBytes(): number;
/** The version of the Rust crate the wasm was built from. */
export function version(): string;
