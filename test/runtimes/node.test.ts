// The tokenization suite on node (see suite.ts).
import { runtimeSuite } from './suite.ts';

runtimeSuite('node');
