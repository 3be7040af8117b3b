/**
 * `vite` (npm start): the demo checkout, with the proxy and simulator wired in (demo/dev-servers.ts).
 * `vite build --mode script-tag`: dist/cache-card-form.js, one minified IIFE with lit and card-validator inside
 * that defines <cache-card-form>; its Subresource Integrity hash is printed and written beside it.
 * `vite build --mode locales`: dist/cache-card-form.zh-CN.js, the Simplified Chinese pack for the script tag.
 * `vite build --mode esm`: dist/browser/, ES modules for bundlers with lit and card-validator left as imports.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import vue from '@vitejs/plugin-vue';
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import { cacheCardDemo } from './demo/dev-servers.ts';

const port = Number(process.env.PORT) || 5173;
const root = import.meta.dirname;

/** Prints the SRI hash of each JavaScript file built, and writes it to `<file>.sri`. */
function subresourceIntegrity(): Plugin {
  return {
    name: 'subresource-integrity',
    writeBundle(options, bundle) {
      for (const file of Object.values(bundle)) {
        if (file.type !== 'chunk') continue;
        const integrity = `sha384-${createHash('sha384').update(file.code).digest('base64')}`;
        writeFileSync(resolve(options.dir!, `${file.fileName}.sri`), `${integrity}\n`);
        this.info(`${file.fileName} integrity="${integrity}"`);
        process.stdout.write(`\n  <script src="…/${file.fileName}" integrity="${integrity}" crossorigin="anonymous"></script>\n\n`);
      }
    },
  };
}

const builds: Record<string, UserConfig> = {
  'script-tag': {
    build: {
      outDir: 'dist',
      emptyOutDir: false,
      target: 'es2022',
      lib: { entry: resolve(root, 'src/define.ts'), formats: ['iife'], name: 'CacheCardForm', fileName: () => 'cache-card-form.js' },
    },
    plugins: [subresourceIntegrity()],
  },
  // Locale packs for the script tag: each registers itself with the element `cache-card-form.js` defined.
  locales: {
    build: {
      outDir: 'dist',
      emptyOutDir: false,
      target: 'es2022',
      lib: {
        entry: resolve(root, 'src/locales/zh-CN.ts'),
        formats: ['iife'],
        name: 'CacheCardFormZhCN',
        fileName: () => 'cache-card-form.zh-CN.js',
      },
    },
    plugins: [subresourceIntegrity()],
  },
  esm: {
    build: {
      outDir: 'dist/browser',
      emptyOutDir: true,
      target: 'es2022',
      minify: false,
      lib: {
        entry: {
          index: resolve(root, 'src/index.ts'),
          define: resolve(root, 'src/define.ts'),
          'locales/zh-CN': resolve(root, 'src/locales/zh-CN.ts'),
        },
        formats: ['es'],
      },
      rollupOptions: { external: [/^lit($|\/)/, /^card-validator($|\/)/] },
    },
  },
};

export default defineConfig(({ command, mode }) => {
  if (command === 'build') {
    const config = builds[mode];
    if (!config) throw new Error(`vite build --mode ${Object.keys(builds).join('|')}`);
    return { ...config, configFile: false, publicDir: false };
  }
  return {
    root: 'demo',
    // The framework apps under demo/frameworks/ are projects of their own: not served, scanned or watched here.
    server: { port, strictPort: true, host: 'localhost', watch: { ignored: ['**/demo/frameworks/**'] } },
    optimizeDeps: { entries: ['*.html'] },
    plugins: [
      cacheCardDemo(port),
      // The Vue page uses <cache-card-form> as a custom element, not a Vue component.
      vue({ template: { compilerOptions: { isCustomElement: (tag) => tag === 'cache-card-form' } } }),
    ],
  };
});
