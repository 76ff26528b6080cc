// A consumer in a project without the disposable lib (`lib: ["es2022"]`,
// node16 module resolution): the package's types must compile here too.
import { VectorSet, Thresholds, calibrate } from 'simgate';

const set: VectorSet = new VectorSet(2);
set.add(new Float32Array([1, 0, 0, 1]));
const best: number = set.topK(new Float32Array([1, 0]), 1)[0].score;
const t: number = Thresholds.preset('default').resolve({ type: 'ICP' }).value;
const cal = calibrate(new Float32Array([0.9, 0.1]), new Uint8Array([1, 0]));
const counts: number = cal.bands(0.5).high;
set.free();
cal.free();
export const values = [best, t, counts];
