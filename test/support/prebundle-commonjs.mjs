// card-validator and credit-card-type ship CommonJS only. Vite converts them by itself; the web test
// runner's dev server does not, so this plugin serves each such import pre-bundled to one ESM file.
import { build } from 'esbuild';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function prebundleCommonJs(specifiers) {
  const bundles = new Map();
  const prefix = '/__prebundled__/';
  return {
    name: 'prebundle-commonjs',
    resolveImport({ source }) {
      if (specifiers.includes(source)) return `${prefix}${encodeURIComponent(source)}.js`;
    },
    async serve(context) {
      if (!context.path.startsWith(prefix)) return;
      const specifier = decodeURIComponent(context.path.slice(prefix.length, -'.js'.length));
      if (!specifiers.includes(specifier)) return;
      if (!bundles.has(specifier)) {
        const result = await build({
          stdin: { contents: esmFacade(specifier), resolveDir: process.cwd() },
          bundle: true,
          format: 'esm',
          platform: 'browser',
          write: false,
        });
        bundles.set(specifier, result.outputFiles[0].text);
      }
      return { body: bundles.get(specifier), type: 'js' };
    },
  };
}

/** `export default` the module, plus each of its named exports (read from the module itself: CommonJS has no list). */
function esmFacade(specifier) {
  const loaded = require(specifier);
  const names =
    typeof loaded === 'object' && loaded ? Object.keys(loaded).filter((name) => /^[A-Za-z_$][\w$]*$/.test(name) && name !== 'default') : [];
  const spec = JSON.stringify(specifier);
  // A namespace import works both for `module.exports = x` and for modules marked `__esModule`.
  return `import * as ns from ${spec}; export default ns.default ?? ns;${names.length ? ` export const { ${names.join(', ')} } = ns;` : ''}`;
}
