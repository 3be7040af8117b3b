// The folders of src/ read bottom to top, and every import points down (or stays in its folder): the card core
// knows nothing of the element or the proxy, the element nothing of the frame page, and so on.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, it } from 'node:test';

const src = new URL('../../src/', import.meta.url).pathname;

/** Each layer may import from the layers below it. */
const LAYERS: Record<string, number> = {
  card: 0,
  element: 1,
  locales: 1,
  server: 1,
  simulator: 2,
  frameworks: 2,
  'define.ts': 3,
  entries: 2,
  'index.ts': 2,
  frame: 3,
};

const layerOf = (path: string) => {
  const top = relative(src, path).split('/')[0]!;
  const layer = LAYERS[top];
  if (layer === undefined) throw new Error(`src/${top} has no layer: add it to LAYERS`);
  return { top, layer };
};

const sources = readdirSync(src, { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
  .map((entry) => join(entry.parentPath, entry.name));

describe('the layers of src/', () => {
  it('every import points down or stays in its folder', () => {
    const wrong: string[] = [];
    const found = { static: 0, dynamic: 0 };
    for (const file of sources) {
      const from = layerOf(file);
      // `… from './x'`, `import './x'` and `import('./x')` with a literal; a computed import() names no file to check.
      const imports = readFileSync(file, 'utf8').matchAll(
        /\bfrom\s+(['"])(?<from>\.[^'"]+)\1|\bimport\s+(['"])(?<bare>\.[^'"]+)\3|\bimport\s*\(\s*(['"`])(?<dynamic>\.[^'"`$]+)\5\s*[,)]/g,
      );
      for (const { groups } of imports) {
        const specifier = (groups!.from ?? groups!.bare ?? groups!.dynamic)!;
        found[groups!.dynamic === undefined ? 'static' : 'dynamic']++;
        const target = join(dirname(file), specifier);
        const to = layerOf(target);
        if (to.top !== from.top && to.layer >= from.layer) wrong.push(`src/${relative(src, file)} imports ${specifier}`);
      }
    }
    assert.deepEqual(wrong, []);
    // The pattern has found what src/ holds (341 static and 33 dynamic relative imports when written), so a pattern
    // that matches nothing cannot pass.
    assert.ok(found.static > 250, `${found.static} static imports found`);
    assert.ok(found.dynamic > 20, `${found.dynamic} dynamic imports found`);
  });

  it('has been read at all', () => assert.ok(sources.length > 30, `${sources.length} files`));
});
