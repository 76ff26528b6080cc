// A node:test reporter: counts the top-level tests of each test file (a
// driver's checks are top-level tests too) and times each file, and writes
// one JSON document, { files: { [file]: { pass, fail, skip, ms } }, pass,
// fail, skip }, that scripts/summary.mjs prints after `make test`. Files run
// one after another (--test-concurrency=1), so a file's wall time is from the
// previous file's last result to its own last (its hooks and start-up
// included). Used beside the spec reporter:
//   node --test --test-reporter=spec --test-reporter-destination=stdout \
//     --test-reporter=./tests/js/support/summary.mjs --test-reporter-destination=target/test-js.json tests/js/
import { relative } from 'node:path';

export default async function* summary(source) {
  const files = {};
  const totals = { pass: 0, fail: 0, skip: 0 };
  let last = performance.now(), current = null, since = last;
  for await (const { type, data } of source) {
    if ((type !== 'test:pass' && type !== 'test:fail') || data.nesting !== 0) continue;
    const file = data.file ? relative(process.cwd(), data.file) : '(no file)';
    const now = performance.now();
    if (file !== current) {
      current = file;
      since = last;
    }
    last = now;
    // A file that failed to load is reported as a failed test named after it.
    const kind = type === 'test:fail' ? 'fail' : data.skip !== undefined ? 'skip' : 'pass';
    files[file] ??= { pass: 0, fail: 0, skip: 0, ms: 0 };
    files[file][kind]++;
    files[file].ms += now - since;
    since = now;
    totals[kind]++;
  }
  yield `${JSON.stringify({ files, ...totals }, null, 2)}\n`;
}
