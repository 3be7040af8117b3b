// SvelteKit with its Node adapter: `npm run build` writes build/, `node build` serves it (PORT, HOST, ORIGIN).
import adapter from '@sveltejs/adapter-node';

/** @type {import('@sveltejs/kit').Config} */
export default { kit: { adapter: adapter() } };
