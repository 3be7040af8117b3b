// The ESM demo: the element from source through Vite, both locales, and the shared page logic.
import '../src/define.ts';
import '../src/locales/zh-CN.ts';
import './checkout.js';
