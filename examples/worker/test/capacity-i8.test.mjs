// 100,000 x 768 rows kept as int8, loaded from R2 (see capacity.mjs).
import setBytes from '../../../target/capacity/set-i8.bin';
import data from '../../../target/capacity/expected.json';
import { capacity } from './capacity.mjs';

capacity('i8', setBytes, data);
