// The cache's Durable Object: one SemanticCache in memory, restored from the
// object's storage on start, written back (cache.toBytes() in chunks) before
// a change is answered. Writes that arrive while one is in flight share the
// next, and writes never overlap, so storage always ends at the newest cache.
import { DurableObject } from 'cloudflare:workers';
import { SemanticCache } from 'simgate';

/** Storage values are kept under 128 KiB each. */
const CHUNK = 120 * 1024;
const NOTE = 'Based on a similar question — let me know if this doesn\'t answer your query.';

export class CacheObject extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    this.clock = null;
    this.version = 0;
    this.saved = 0;
    this.saving = null;
    ctx.blockConcurrencyWhile(async () => {
      const now = () => this.clock ?? Date.now();
      const count = await ctx.storage.get('chunks');
      if (count) {
        const keys = Array.from({ length: count }, (_, i) => `chunk:${i}`);
        const parts = await ctx.storage.get(keys);
        const bytes = new Uint8Array(keys.reduce((n, k) => n + parts.get(k).byteLength, 0));
        let at = 0;
        for (const k of keys) {
          bytes.set(new Uint8Array(parts.get(k)), at);
          at += parts.get(k).byteLength;
        }
        this.cache = SemanticCache.fromBytes(bytes, { now });
      } else {
        this.cache = new SemanticCache({
          dims: Number(env.DIMS), confident: Number(env.CONFIDENT), tentative: Number(env.TENTATIVE),
          precisions: ['i8'], maxEntries: Number(env.MAX_ENTRIES), ttlSeconds: Number(env.TTL_SECONDS), now,
        });
      }
    });
  }

  /** Resolves once storage holds a cache that includes every change so far. */
  async persist() {
    const mine = ++this.version;
    while (this.saved < mine) {
      if (!this.saving) {
        const version = this.version;
        const bytes = this.cache.toBytes();
        const entries = {};
        let n = 0;
        for (let at = 0; at < bytes.length; at += CHUNK) entries[`chunk:${n++}`] = bytes.slice(at, at + CHUNK);
        this.saving = (async () => {
          const keys = Object.keys(entries);
          for (let i = 0; i < keys.length; i += 100) await this.ctx.storage.put(Object.fromEntries(keys.slice(i, i + 100).map((k) => [k, entries[k]])));
          await this.ctx.storage.put('chunks', n);
          this.saved = Math.max(this.saved, version);
        })().finally(() => { this.saving = null; });
      }
      await this.saving;
    }
  }

  /** The stand-in for the expensive call (an LLM: `await env.AI.run('@cf/meta/llama-3.1-8b-instruct', { prompt: text })`). */
  async expensive(text) {
    await new Promise((r) => setTimeout(r, Number(this.env.EXPENSIVE_MS)));
    return `answer to: ${text}`;
  }

  async ask({ text, embedding, namespace }, now) {
    this.clock = now ?? null;
    const query = Float32Array.from(embedding);
    const hit = this.cache.lookup(query, { namespace, text });
    if (hit.tier === 'exact' || hit.tier === 'confident' || hit.tier === 'tentative') {
      return { answer: hit.value, tier: hit.tier, id: hit.id, ...(hit.score !== undefined ? { score: hit.score } : {}), ...(hit.tier === 'tentative' ? { note: NOTE } : {}), explanation: hit.text };
    }
    const answer = await this.expensive(text);
    this.clock = now ?? null;
    const id = this.cache.store(query, answer, { namespace, text });
    await this.persist();
    return { answer, tier: 'miss', id, ...(hit.score !== undefined ? { score: hit.score } : {}), explanation: hit.text };
  }

  async feedback(id, correct) {
    this.cache.feedback(id, correct);
    await this.persist();
    return { thresholds: this.cache.thresholds() };
  }

  async stats() {
    const s = this.cache.stats();
    return { ...s, size: this.cache.size, thresholds: this.cache.thresholds(), histogram: { edges: Array.from(s.histogram.edges), counts: Array.from(s.histogram.counts) } };
  }
}
