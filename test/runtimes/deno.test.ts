// The tokenization suite on deno (see suite.ts).
import { runtimeSuite } from './suite.ts';

runtimeSuite('deno');
