// Every /match is recorded in one Monitor kept in a Durable Object: counts
// from every isolate land in one place, and the state (Monitor.toJSON) is
// written to the object's storage after each event, so a restart loses
// nothing that was recorded. GET /monitor reads it.
import { DurableObject } from 'cloudflare:workers';
import { Monitor, Thresholds } from 'simgate';

export class MatchMonitor extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      const state = await ctx.storage.get('state');
      if (state) {
        this.monitor = Monitor.fromJSON(state);
      } else {
        // The threshold /match applies by default; each event says whether it was a hit.
        const thresholds = Thresholds.preset('default');
        this.monitor = new Monitor({ threshold: thresholds.resolve(), borderline: 0.05, sample: 50 });
        thresholds.free();
      }
    });
  }

  async record(score, event) {
    this.monitor.record(score, event);
    await this.ctx.storage.put('state', this.monitor.toJSON());
  }

  async read() {
    const s = this.monitor.stats();
    return { ...s, histogram: { edges: Array.from(s.histogram.edges), counts: Array.from(s.histogram.counts) }, sample: this.monitor.borderline() };
  }
}
