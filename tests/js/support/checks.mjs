// The drivers (browser, www, pack, types, workerd) run a whole session first
// (a browser page, an npm project, a vitest run) and collect checks as they
// go; report() hands each check to node:test as one test, so the runner
// counts and reports them like every other test.
import { test } from 'node:test';
import assert from 'node:assert/strict';

/** Registers one test per check: `{ name, ok, detail }` or `[name, ok, detail]`. */
export function report(results) {
  for (const r of results) {
    const [name, ok, detail] = Array.isArray(r) ? r : [r.name, r.ok, r.detail];
    test(name, () => assert.ok(ok, detail ? String(detail) : `${name} failed`));
  }
}
