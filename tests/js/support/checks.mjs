// The drivers (browser, www, pack, types, workerd) run a whole session first
// (a browser page, an npm project, a vitest run) and collect checks as they
// go; asTests() turns each check into a test body, which the driver hands to
// node:test itself (so the runner attributes the tests to the driver's file):
//   for (const [name, fn] of asTests(results)) test(name, fn);
import assert from 'node:assert/strict';

/** One [name, body] per check: `{ name, ok, detail }` or `[name, ok, detail]`. */
export function asTests(results) {
  return results.map((r) => {
    const [name, ok, detail] = Array.isArray(r) ? r : [r.name, r.ok, r.detail];
    return [name, () => assert.ok(ok, detail ? String(detail) : `${name} failed`)];
  });
}
