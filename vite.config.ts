/**
 * `vite` (npm start): the demo checkout, with the proxy and simulator wired in (demo/dev-servers.ts).
 * `vite build --mode script-tag`: dist/cache-card-form.js, one minified IIFE with lit and card-validator inside
 * that defines <cache-card-form> with its inline mode; its Subresource Integrity hash is printed and written beside it.
 * `vite build --mode isolated`: dist/cache-card-form.isolated.js, the same for pages whose fields are `isolated`
 *   (from src/entries/isolated-script.ts: like the inline tag, it defines no global).
 * `vite build --mode locales`: dist/cache-card-form.<tag>.js, one pack per locale for the script tag (the isolated
 * frame fetches the same files from the proxy), and dist/cache-card-form.locale-loader.js, which loads the pack a
 * form needs with the SRI hash each pack was built with. Each file's hash is written beside it.
 * `vite build --mode esm`: dist/browser/, ES modules for bundlers with lit and card-validator left as imports.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import vue from '@vitejs/plugin-vue';
import { build as esbuild, transform } from 'esbuild';
import { minify, type MinifyOptions } from 'terser';
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import { cacheCardDemo } from './demo/dev-servers.ts';
import { LOCALE_PACKS } from './src/card/locale.ts';

const port = Number(process.env.PORT) || 5173;
const root = import.meta.dirname;

const sri = (code: string | Uint8Array) => `sha384-${createHash('sha384').update(code).digest('base64')}`;

/** Prints the SRI hash of each JavaScript file built, and writes it to `<file>.sri`. */
function subresourceIntegrity(): Plugin {
  return {
    name: 'subresource-integrity',
    writeBundle(options, bundle) {
      for (const file of Object.values(bundle)) {
        if (file.type !== 'chunk') continue;
        const integrity = sri(file.code);
        writeFileSync(resolve(options.dir!, `${file.fileName}.sri`), `${integrity}\n`);
        this.info(`${file.fileName} integrity="${integrity}"`);
        process.stdout.write(`\n  <script src="…/${file.fileName}" integrity="${integrity}" crossorigin="anonymous"></script>\n\n`);
      }
    },
  };
}

/**
 * The locale packs, `dist/cache-card-form.<tag>.js`, each a small IIFE that registers its catalog with the element,
 * and each hash with its `.sri` file. They are built (by esbuild: several IIFE entries in one build) before the
 * loader, which gets their hashes as `PACK_INTEGRITY`.
 */
function localePacks(): Plugin {
  return {
    name: 'locale-packs',
    async config() {
      const { outputFiles } = await esbuild({
        entryPoints: LOCALE_PACKS.map((tag) => ({ in: resolve(root, `src/locales/${tag}.ts`), out: `cache-card-form.${tag}` })),
        outdir: resolve(root, 'dist'),
        bundle: true,
        format: 'iife',
        minify: true,
        target: 'es2022',
        charset: 'utf8',
        write: false,
        logLevel: 'warning',
      });
      const integrity: Record<string, string> = {};
      for (const file of outputFiles) {
        const tag = /cache-card-form\.([\w-]+)\.js$/.exec(file.path)![1]!;
        integrity[tag] = sri(file.contents);
        writeFileSync(file.path, file.contents);
        writeFileSync(`${file.path}.sri`, `${integrity[tag]}\n`);
      }
      return { define: { PACK_INTEGRITY: JSON.stringify(integrity) } };
    },
  };
}

/**
 * The form's style sheets are CSS in template literals (adopted, so no CSP `unsafe-inline`): minify them at build
 * time as CSS, which the JavaScript minifier cannot.
 */
function minifyStyleSheets(): Plugin {
  return {
    name: 'minify-style-sheets',
    async transform(code, id) {
      if (!id.endsWith('/src/element/styles.ts')) return null;
      // The sheets may name the constants declared above them as `${NAME}`: filled in here, then minified.
      const constants = new Map([...code.matchAll(/^const ([A-Z_]+) = (?:'([^']*)'|"([^"]*)");$/gm)].map((m) => [m[1]!, (m[2] ?? m[3])!]));
      const sheets = [...code.matchAll(/const (\w+Css) = `([^`]*)`;/g)];
      if (!sheets.some((m) => m[1] === 'formCss')) throw new Error('src/element/styles.ts: formCss is no longer a template literal');
      for (const [whole, name, text] of sheets) {
        const css = text!.replace(/\$\{([A-Z_]+)\}/g, (slot, constant: string) => {
          if (!constants.has(constant)) throw new Error(`src/element/styles.ts: ${name} names ${slot}, not a plain string constant`);
          return constants.get(constant)!;
        });
        const { code: minified } = await transform(css, { loader: 'css', minify: true, target: ['chrome120', 'firefox128', 'safari17'] });
        // esbuild keeps custom properties' values as written; their spaces after the colon and commas are not needed.
        const tight = minified
          .trim()
          .replace(/(--[\w-]+): /g, '$1:')
          .replace(/, /g, ',');
        code = code.replace(whole, `const ${name} = ${JSON.stringify(tight)};`);
      }
      return code;
    },
  };
}

/**
 * lit's `html` and `svg` templates are written indented: at build time a run of white space that holds a line break
 * goes when it touches a tag (`>` before it or `<` after it: white space between elements, which the form's grid and
 * flex boxes never show) and becomes one space elsewhere (between attributes, between bindings). Fewer bytes, and
 * fewer text nodes for lit to parse, clone and walk, and for the browser to lay out, on every first render.
 */
function minifyTemplates(): Plugin {
  return {
    name: 'minify-templates',
    transform(code, id) {
      if (!/\/src\/element\/[\w-]+\.ts$/.test(id)) return null;
      let out = '';
      let text = '';
      // 'html' inside an html`` or svg`` template's text, 'raw' inside any other template's, 'code' inside `${ }` or `{ }`.
      const stack: ('html' | 'raw' | 'code')[] = [];
      const flush = () => {
        out += stack.at(-1) === 'html' ? text.replace(/(>?)[ \t]*\n\s*(<?)/g, (_, l: string, r: string) => (l || r ? l + r : ' ')) : text;
        text = '';
      };
      for (let i = 0; i < code.length;) {
        const c = code[i]!;
        const top = stack.at(-1);
        if (top === 'html' || top === 'raw') {
          if (c === '\\') text += code.slice(i, (i += 2));
          else if (c === '`' || (c === '$' && code[i + 1] === '{')) {
            flush();
            if (c === '`') stack.pop();
            else stack.push('code');
            out += c === '`' ? c : '${';
            i += c === '`' ? 1 : 2;
          } else text += code[i++];
          continue;
        }
        let j = i + 1;
        if (c === '`') stack.push(/\b(html|svg)$/.test(out) ? 'html' : 'raw');
        else if (c === '"' || c === "'") {
          while (j < code.length && code[j] !== c) j += code[j] === '\\' ? 2 : 1;
          j++;
        } else if (c === '/' && (code[j] === '/' || code[j] === '*')) {
          j = code[j] === '/' ? code.indexOf('\n', i) : code.indexOf('*/', i) + 2;
          if (j <= i) j = code.length;
        } else if (c === '{' && top === 'code') stack.push('code');
        else if (c === '}' && top === 'code') stack.pop();
        out += code.slice(i, j);
        i = j;
      }
      return out;
    },
  };
}

/**
 * card-validator ships CommonJS; the few leaf modules the form imports (no `require` inside) are rewritten as ES
 * modules, so that the bundle carries no CommonJS wrapper and interop helpers: a few hundred bytes of 20 kB.
 * A module this does not fully understand is left as it is, for the bundler's own CommonJS handling.
 */
function esmCardValidator(): Plugin {
  return {
    name: 'esm-card-validator',
    transform(code, id) {
      if (!/\/card-validator\/dist\/[\w-]+\.js$/.test(id) || /\brequire\(/.test(code)) return null;
      const esm = code
        .replace(/^"use strict";$/m, '')
        .replace(/^Object\.defineProperty\(exports, "__esModule", \{ value: true \}\);$/m, '')
        .replace(/^exports\.(\w+) = (\w+);$/gm, 'export { $2 as $1 };')
        .replace(/^module\.exports = (\w+);$/m, 'export default $1;');
      return /\b(module|exports)\b/.test(esm) ? null : esm;
    },
  };
}

/**
 * V8's compile hint (Chrome 136 and later): a script that begins with `//# allFunctionsCalledOnLoad` has all its
 * functions compiled as it streams in, on a background thread, instead of each on the main thread when first
 * called. A script tag's functions nearly all run for the form's first render; other engines read a comment.
 * Added after minification (terser would drop it), before the SRI hash is taken.
 */
function compileHint(): Plugin {
  return {
    name: 'compile-hint',
    generateBundle(_options, bundle) {
      for (const file of Object.values(bundle)) if (file.type === 'chunk') file.code = `//# allFunctionsCalledOnLoad\n${file.code}`;
    },
  };
}

/**
 * Terser with three passes, getters without side effects, and arrows and methods where `this` and `new` allow:
 * a quarter of a kilobyte under the default minifier, in a budget of 20 kB. Its output is ASCII, the few other
 * characters written as escapes (`…` as `\u2026`, the Arabic-Indic digits of `latinDigits`, `МИР`): the same strings
 * and patterns, whatever encoding a page serves the script in, and 28 bytes gzipped fewer in the script tag than
 * the UTF-8 bytes, which gzip codes as rare symbols.
 */
const TERSER: MinifyOptions = {
  ecma: 2020,
  compress: { passes: 3, pure_getters: true, unsafe_arrows: true, unsafe_methods: true },
  format: { ascii_only: true },
};

/**
 * Terser run on what Oxc's minifier (Vite's own) has made of the bundle: each finds what the other leaves (Oxc
 * writes `let` for `const`, merges declarations and inlines less; terser folds more), some 115 bytes gzipped fewer
 * in the isolated host, 195 in the script tag and 215 in the frame's script than terser alone. Before the compile
 * hint and the SRI hash.
 */
function terserAfterOxc(): Plugin {
  return {
    name: 'terser-after-oxc',
    async generateBundle(_options, bundle) {
      for (const file of Object.values(bundle)) if (file.type === 'chunk') file.code = (await minify(file.code, TERSER)).code!;
    },
  };
}

/** The smallest build: Oxc's minifier, then terser (above). The floor (`npm run size`) is built the same way. */
const SMALLEST = { minify: 'oxc' } as const;

/** A script-tag bundle: one minified IIFE from `entry`, with its SRI hash. */
function scriptTag(entry: string, fileName: string, { outDir = 'dist', integrity = true } = {}): UserConfig {
  return {
    build: {
      outDir,
      emptyOutDir: outDir !== 'dist',
      target: 'es2022',
      ...SMALLEST,
      lib: { entry: resolve(root, entry), formats: ['iife'], name: 'CacheCardForm', fileName: () => fileName },
      rollupOptions: { output: { generatedCode: { symbols: false } } },
    },
    plugins: [
      esmCardValidator(),
      minifyStyleSheets(),
      minifyTemplates(),
      terserAfterOxc(),
      compileHint(),
      integrity && subresourceIntegrity(),
    ],
  };
}

const builds: Record<string, UserConfig> = {
  'script-tag': scriptTag('src/entries/inline.ts', 'cache-card-form.js'),
  isolated: scriptTag('src/entries/isolated-script.ts', 'cache-card-form.isolated.js'),
  // The isolated frame's script, which the proxy serves: built as the script tag is (the form inside it), without
  // an SRI file (the frame page names it by a digest of its content).
  frame: scriptTag('src/frame/frame-page.ts', 'frame.js', { outDir: 'dist/frame', integrity: false }),
  // The dependency floor for `npm run size`: lit and card-validator alone, built as the script tag is.
  floor: {
    build: {
      write: false,
      target: 'es2022',
      ...SMALLEST,
      lib: { entry: resolve(root, 'test/support/floor-entry.ts'), formats: ['iife'], name: 'Floor', fileName: () => 'floor.js' },
    },
    plugins: [esmCardValidator(), terserAfterOxc(), compileHint()],
  },
  // Locale packs for the script tag (each registers itself with the element `cache-card-form.js` defined), and
  // the loader that fetches the one a form needs.
  locales: {
    build: {
      outDir: 'dist',
      emptyOutDir: false,
      target: 'es2022',
      lib: {
        entry: resolve(root, 'src/locales/script-loader.ts'),
        formats: ['iife'],
        name: 'CacheCardFormLocaleLoader',
        fileName: () => 'cache-card-form.locale-loader.js',
      },
    },
    plugins: [localePacks(), subresourceIntegrity()],
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
          isolated: resolve(root, 'src/entries/isolated.ts'),
          'locales/on-demand': resolve(root, 'src/locales/on-demand.ts'),
          ...Object.fromEntries(LOCALE_PACKS.map((tag) => [`locales/${tag}`, resolve(root, `src/locales/${tag}.ts`)])),
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
