// The cache's Durable Object, one per namespace: a DurableSemanticCache.
// A miss stores its answer, and the store (entry, vector, value) is one
// change record in the object's SQLite storage before the answer leaves;
// feedback is a record too. Lookups move only use order and Monitor
// counts, saved with the next snapshot (an alarm takes one a minute after
// lookups, and compaction past 2,000 records takes one anyway).
//
// With ERROR_BOUND set the cache learns where to serve: a `verify` lookup
// runs the expensive call anyway, asks the judge whether the cached answer
// would have been right, reports the verdict (a durable record) and, when
// it was wrong, stores the fresh answer for this question. An audited
// `confident` lookup (a seeded random share of the served ones) answers
// with the cached answer at once and does the same work afterwards.
import { DurableObject } from 'cloudflare:workers';
import { DurableSemanticCache } from 'simgate/durable';

const NOTE = 'Based on a similar question — let me know if this doesn\'t answer your query.';
/** How long lookups' use order and counts may wait for a snapshot. */
const SAVE_LOOKUPS_MS = 60_000;

export class CacheObject extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    this.clock = null;
    /** Audits still running: stats() waits for them. */
    this.audits = new Set();
    const tiers = env.ERROR_BOUND
      ? { errorBound: Number(env.ERROR_BOUND) }
      : { confident: Number(env.CONFIDENT), tentative: Number(env.TENTATIVE) };
    this.durable = new DurableSemanticCache(ctx, {
      dims: Number(env.DIMS), ...tiers,
      precisions: ['i8'], maxEntries: Number(env.MAX_ENTRIES), ttlSeconds: Number(env.TTL_SECONDS),
      now: () => this.clock ?? Date.now(), snapshotEvery: SAVE_LOOKUPS_MS,
      ...(env.COMPACT_RECORDS ? { compactRecords: Number(env.COMPACT_RECORDS) } : {}),
    });
  }

  /**
   * The stand-in for the expensive call (an LLM: `await env.AI.run('@cf/meta/llama-3.1-8b-instruct', { prompt: text })`).
   * `topic` (honoured only with TEST_ORACLE=1) names what the question is about: questions with the same topic get the same answer.
   */
  async expensive(text, topic) {
    await new Promise((r) => setTimeout(r, Number(this.env.EXPENSIVE_MS)));
    return topic !== undefined ? `answer about ${topic}` : `answer to: ${text.trim().toLowerCase()}`;
  }

  /**
   * The stand-in judge: was the cached answer right for this question? It
   * accepts only the same answer. With an LLM as judge:
   *   const { response } = await env.AI.run('@cf/meta/llama-3.1-8b-instruct', { prompt:
   *     `Question: ${text}\nAnswer A: ${cached}\nAnswer B: ${fresh}\nDoes answer A answer the question as well as B? Reply yes or no.` });
   *   return /^\s*yes/i.test(response);
   */
  async judge(text, cached, fresh) {
    return cached === fresh;
  }

  async ask({ text, embedding, namespace, topic, scope }, now, store = true) {
    await this.durable.load();
    this.clock = now ?? null;
    const query = Float32Array.from(embedding);
    // A scoped question sees only answers stored with the same scope (each key equal).
    const scoped = scope && Object.keys(scope).length ? scope : undefined;
    const hit = this.durable.lookup(query, { namespace, text, ...(scoped ? { filter: scoped } : {}) });
    await this.saveLookupsLater();
    if (hit.tier === 'exact' || hit.tier === 'confident' || hit.tier === 'tentative') {
      if (hit.audit) this.audit(hit, { query, namespace, text, topic, now, store, scope: scoped });
      return { answer: hit.value, tier: hit.tier, id: hit.id, ...(hit.score !== undefined ? { score: hit.score } : {}), ...(hit.tier === 'tentative' ? { note: NOTE } : {}), ...(hit.audit ? { audit: true } : {}), explanation: hit.text };
    }
    const answer = await this.expensive(text, topic);
    if (hit.tier === 'verify') return this.verified(hit, answer, { query, namespace, text, now, store, scope: scoped });
    if (!store) return { answer, tier: 'miss', stored: false, ...(hit.score !== undefined ? { score: hit.score } : {}), explanation: hit.text };
    this.clock = now ?? null;
    const id = await this.durable.store(query, answer, { namespace, text, ...(scoped ? { metadata: scoped } : {}) });
    return { answer, tier: 'miss', id, ...(hit.score !== undefined ? { score: hit.score } : {}), explanation: hit.text };
  }

  /** A verify lookup: the fresh answer goes out; the judge's verdict on the cached one is recorded, and a wrong one is replaced for this question. */
  async verified(hit, answer, { query, namespace, text, now, store, scope }) {
    const { cachedWasRight, id } = await this.judged(hit, answer, { query, namespace, text, now, store, scope });
    return { answer, tier: 'verify', id, score: hit.score, cachedWasRight, ...(store ? {} : { stored: false }), explanation: hit.text };
  }

  /** An audited lookup, after its cached answer went out: the expensive call, then the judge, as for a verify. */
  audit(hit, { query, namespace, text, topic, now, store, scope }) {
    const done = (async () => {
      const answer = await this.expensive(text, topic);
      await this.judged(hit, answer, { query, namespace, text, now, store, scope });
    })()
      .catch((e) => console.error(`audit of entry ${hit.id} failed: ${e.message}`))
      .finally(() => this.audits.delete(done));
    this.audits.add(done);
    this.ctx.waitUntil(done);
  }

  /** The judge's verdict on the cached answer goes back to the cache; a wrong one is replaced for this question. */
  async judged(hit, answer, { query, namespace, text, now, store, scope }) {
    const cachedWasRight = await this.judge(text, hit.value, answer);
    // The score it was judged at: other lookups may run while this one waits.
    await this.durable.feedback(hit.id, cachedWasRight, { score: hit.score });
    let id = hit.id;
    if (!cachedWasRight && store) {
      this.clock = now ?? null;
      id = await this.durable.store(query, answer, { namespace, text, ...(scope ? { metadata: scope } : {}) });
    }
    return { cachedWasRight, id };
  }

  async feedback(id, correct, score) {
    await this.durable.feedback(id, correct, score === undefined ? {} : { score });
    return { thresholds: this.durable.cache.thresholds() };
  }

  async stats() {
    await Promise.all([...this.audits]);
    await this.durable.load();
    const s = this.durable.stats();
    return { ...s, thresholds: this.durable.cache.thresholds(), histogram: { edges: Array.from(s.histogram.edges), counts: Array.from(s.histogram.counts) } };
  }

  /** An alarm within SAVE_LOOKUPS_MS while lookups are unsaved. */
  async saveLookupsLater() {
    if (this.durable.unsavedLookups && (await this.ctx.storage.getAlarm()) === null) {
      await this.ctx.storage.setAlarm(Date.now() + SAVE_LOOKUPS_MS);
    }
  }

  async alarm() {
    await this.durable.load();
    if (this.durable.unsavedLookups) await this.durable.compact();
  }
}
