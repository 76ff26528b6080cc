// Calibration benchmark: 1,000,000 labeled pairs through calibrate + best +
// atPrecision + isotonic + platt + reliability in wasm, side by side with
// scikit-learn/numpy on the same data in the same run (when Python is there;
// the venv with the pinned versions is created on first use).
//
// Usage: node bench/calibration.mjs [pairs]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calibrate, memoryBytes } from 'simgate';
import { pick, randomFloats, smoke } from './common.mjs';

const N = Number(process.argv[2] ?? pick(1_000_000, 5_000));
const u = randomFloats(2 * N, 5);
const scores = new Float32Array(N);
const labels = new Uint8Array(N);
for (let i = 0; i < N; i++) {
  // Box-Muller: negatives around 0.55, positives around 0.8, 20% positive.
  const r = Math.sqrt(-2 * Math.log((u[2 * i] + 1) / 2 + 1e-12)) * Math.cos(Math.PI * (u[2 * i + 1] + 1));
  labels[i] = (u[2 * i + 1] + 1) / 2 < 0.2 ? 1 : 0;
  scores[i] = Math.fround((labels[i] ? 0.8 : 0.55) + 0.1 * r);
}

function run() {
  const cal = calibrate(scores, labels);
  const best = cal.best();
  cal.atPrecision(0.9);
  cal.isotonic();
  cal.platt();
  cal.reliability('platt');
  cal.reliability('isotonic');
  cal.free();
  return best.threshold;
}
const before = memoryBytes();
run();
const times = [];
for (let r = 0; r < 3; r++) {
  const t0 = performance.now();
  run();
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
const ours = times[1] / 1000;
console.log(`calibration of ${N.toLocaleString('en')} pairs (calibrate + best + atPrecision + isotonic + platt + 2 x reliability):`);
console.log(`  simgate (wasm): ${ours.toFixed(3)} s (median of 3; target < 1 s); wasm memory grew ${((memoryBytes() - before) / 1e6).toFixed(0)} MB at peak (${((memoryBytes() - before) / N).toFixed(0)} bytes per pair; memory is reused, not returned)`);

const py = '.venv-fixtures/bin/python';
if (smoke) console.log('  scikit-learn comparison skipped in smoke mode');
else try {
  if (!existsSync(py)) execFileSync('make', ['-s', '.venv-fixtures/ready'], { stdio: 'inherit' });
  const dir = mkdtempSync(join(tmpdir(), 'simgate-bench-'));
  writeFileSync(join(dir, 'scores.f32'), scores);
  writeFileSync(join(dir, 'labels.u8'), labels);
  const out = execFileSync(py, ['bench/calibration_sklearn.py', dir], { encoding: 'utf8' });
  const sk = JSON.parse(out.trim().split('\n').pop());
  console.log(`  scikit-learn ${sk.sklearn} / numpy ${sk.numpy}: ${sk.seconds.toFixed(3)} s (median of 3), best threshold ${sk.threshold} (simgate ${run()})`);
  console.log(`  simgate is ${(sk.seconds / ours).toFixed(1)}x faster than scikit-learn here`);
} catch (e) {
  console.log(`  scikit-learn comparison skipped: ${e.message.split('\n')[0]}`);
}
