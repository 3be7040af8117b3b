// The tokenization suite on workerd (see suite.ts).
import { runtimeSuite } from './suite.ts';

runtimeSuite('workerd');
