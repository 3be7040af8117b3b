// The tokenization suite on bun (see suite.ts).
import { runtimeSuite } from './suite.ts';

runtimeSuite('bun');
