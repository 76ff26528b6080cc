// One coordinator per namespace: the only place a /resolve creates a row.
// Creates queue here one at a time; each matches again over every shard
// before it writes, so it sees every row created before it (the previous
// create's shard write was durable before the queue moved on). Two
// concurrent resolves of one new entity: the first creates it, the second
// finds it on the second match.
import { DurableObject } from 'cloudflare:workers';
import { shardOf } from 'simgate';
import { matchAll, shardsOf, typeKeyOf, typeOf } from './match.js';

export class Coordinator extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    this.tail = Promise.resolve();
  }

  /** Match again, then create unless something matches now. */
  async resolve(q) {
    const run = this.tail.then(() => this.#resolve(q));
    this.tail = run.catch(() => {});
    return run;
  }

  async #resolve(q) {
    const again = await matchAll(this.env, q);
    if (again.error) return again;
    if (again.decision.outcome !== 'create') return { ...again, created: null, rechecked: true };
    const id = q.id ?? crypto.randomUUID();
    const shard = shardOf(id, Number(this.env.SHARD_COUNT));
    // The new row carries the request's metadata and, for a typed lookup, its type.
    const key = typeKeyOf(this.env);
    const type = typeOf(q);
    const metadata = key && type !== undefined ? { ...q.metadata, [key]: type } : q.metadata;
    await shardsOf(this.env)[shard].upsert(shard, id, q.vector, q.namespace, metadata);
    return { ...again, created: id, shard };
  }
}
