// 100,000 x 768 rows kept as sign bits and int8 (a b1 coarse pass reranked
// at i8), loaded from R2 (see capacity.mjs).
import setBytes from '../../../target/capacity/set-b1-i8.bin';
import data from '../../../target/capacity/expected.json';
import { capacity } from './capacity.mjs';

capacity('b1-i8', setBytes, data);
