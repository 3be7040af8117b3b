// `cache-card-form/server` runs on every runtime: nothing the neutral entry reaches imports `node:*` or uses Node's
// globals (Buffer, process), and its build has no `node:` import either. The Node parts live in files of their own.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, it } from 'node:test';

const root = new URL('../..', import.meta.url).pathname;

/** Every source file the entry reaches through relative imports, with its import specifiers. */
function graph(entry: string): Map<string, string[]> {
  const files = new Map<string, string[]>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    const code = readFileSync(file, 'utf8');
    const specifiers = [...code.matchAll(/(?:\bfrom\s+|\bimport\s*\(?\s*)'([^']+)'/g)].map((m) => m[1]!);
    files.set(file, specifiers);
    for (const specifier of specifiers) if (specifier.startsWith('.')) visit(join(dirname(file), specifier));
  };
  visit(join(root, entry));
  return files;
}

/** The code without its comments, roughly: enough to tell a use of `Buffer` from a mention of it. */
const code = (file: string) =>
  readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '');

describe('the runtime-neutral server entry', () => {
  const files = graph('src/server/index.ts');

  it('reaches the handler and the Alipay client, and nothing that imports node:*', () => {
    const names = [...files.keys()].map((f) => relative(root, f));
    for (const expected of ['src/server/handler.ts', 'src/server/alipay-client.ts', 'src/server/web-crypto.ts'])
      assert.ok(names.includes(expected));
    const wrong = [...files].flatMap(([file, specifiers]) =>
      specifiers.filter((s) => s.startsWith('node:')).map((s) => `${relative(root, file)}: ${s}`),
    );
    assert.deepEqual(wrong, []);
  });

  it("uses none of Node's globals", () => {
    const wrong = [...files.keys()]
      // `require` not followed by a hyphen: the frame page's `require-corp` header value is no global.
      .filter((file) => /\b(Buffer|process|require|__dirname)\b(?!-)/.test(code(file)))
      .map((f) => relative(root, f));
    assert.deepEqual(wrong, []);
  });

  it('builds without a node: import', { skip: existsSync(join(root, 'dist/neutral/server/index.js')) ? false : 'not built' }, () => {
    const built = readFileSync(join(root, 'dist/neutral/server/index.js'), 'utf8');
    assert.doesNotMatch(built, /from\s*["']node:|import\(\s*["']node:|require\(/);
  });
});
