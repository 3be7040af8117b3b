// The ESM demo: the element from source through Vite, every locale pack loaded when the language menu first asks
// for it, and the shared page logic.
import '../src/define.ts';
import '../src/locales/on-demand.ts';
import './checkout.js';
