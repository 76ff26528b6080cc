// A consumer in a project without the disposable lib (`lib: ["es2022"]`,
// node16 module resolution): the package's types must compile here too.
import { VectorSet, Thresholds, calibrate } from 'simgate';

const set: VectorSet = new VectorSet(2);
set.add(new Float32Array([1, 0, 0, 1]));
const best: number = set.topK(new Float32Array([1, 0]), 1)[0].score;
const t: number = Thresholds.preset('default').resolve({ type: 'ICP' }).value;
const cal = calibrate(new Float32Array([0.9, 0.1]), new Uint8Array([1, 0]));
const counts: number = cal.bands(0.5).high;
// No DOM types here: a set file streamed from an async iterable of chunks.
async function* chunks(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes.subarray(0, 8);
  yield bytes.subarray(8);
}
export const streamed: Promise<VectorSet> = VectorSet.fromStream(chunks(set.toBytes()));
set.free();
cal.free();
export const values = [best, t, counts];
