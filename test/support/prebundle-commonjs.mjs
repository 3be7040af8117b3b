// card-validator and credit-card-type ship CommonJS only. Vite converts them by itself; the web test
// runner's dev server does not, so this plugin serves each such import pre-bundled to one ESM file.
import { build } from 'esbuild';

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
          stdin: { contents: `import m from ${JSON.stringify(specifier)}; export default m;`, resolveDir: process.cwd() },
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
