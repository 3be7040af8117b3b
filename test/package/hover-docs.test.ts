// What a developer's editor shows on hover: every export of the package's typed entries, and every member of an
// exported class or interface, has a doc comment. The entries are read from package.json's "exports" (a new entry
// is checked without touching this file), through the compiler, as an editor reads them.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';

const root = new URL('../..', import.meta.url).pathname;
const src = join(root, 'src');

/** The source of each export with types: `./dist/types/x.d.ts` is built from `src/x.ts`; `*` stands for each file. */
function typedEntries(): string[] {
  const { exports } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    exports: Record<string, { types?: string } | string | null>;
  };
  const closed = new Set(Object.keys(exports).filter((key) => exports[key] === null));
  return Object.entries(exports).flatMap(([key, value]) => {
    const types = typeof value === 'object' && value !== null ? value.types : undefined;
    if (!types) return [];
    const source = types.replace(/^\.\/dist\/types\//, 'src/').replace(/\.d\.ts$/, '.ts');
    if (!source.includes('*')) return [source];
    // `./locales/*`: each file of the folder the pattern names, but those package.json closes (`./locales/loader`).
    const [dir, suffix] = source.split('*') as [string, string];
    return readdirSync(join(root, dir))
      .filter((file) => file.endsWith(suffix))
      .map((file) => file.slice(0, -suffix.length))
      .filter((name) => !closed.has(key.replace('*', name)))
      .map((name) => `${dir}${name}${suffix}`);
  });
}

/**
 * With the neutral server entry: `cache-card-form/server` has node-index's types on every runtime, and node-index
 * replaces two of its exports (`createAlipayClient`, `createCacheCardHandler`), whose neutral builds would go unread.
 */
const entries = [...typedEntries(), 'src/server/index.ts'];
const { config } = ts.readConfigFile(join(root, 'tsconfig.json'), ts.sys.readFile);
const { options } = ts.parseJsonConfigFileContent(config, ts.sys, root);
const program = ts.createProgram(
  entries.map((entry) => join(root, entry)),
  options,
);
const checker = program.getTypeChecker();

const docOf = (symbol: ts.Symbol) => ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
const where = (node: ts.Node) => relative(root, node.getSourceFile().fileName);
const isOurs = (symbol: ts.Symbol) => (symbol.declarations ?? []).some((d) => d.getSourceFile().fileName.startsWith(src));
const isPrivate = (symbol: ts.Symbol) =>
  (symbol.declarations ?? []).some((d) => ts.getCombinedModifierFlags(d as ts.Declaration) & ts.ModifierFlags.Private);

/**
 * A file's first doc comment is its header (every file here opens with one). With no import after it, the compiler
 * gives it to the file's first declaration, which an editor then shows with the whole file's story.
 */
function borrowsFileHeader(declaration: ts.Declaration): boolean {
  const file = declaration.getSourceFile();
  const header = ts.getLeadingCommentRanges(file.text, 0)?.[0];
  if (!header || !file.text.startsWith('/**', header.pos)) return false;
  const docs = ts.getJSDocCommentsAndTags(declaration).filter(ts.isJSDoc);
  return docs.at(-1)?.getStart() === header.pos;
}

/** Each problem once, by the symbol's name and where it is declared, whichever entries export it. */
function audit(): { problems: string[]; checked: number } {
  const problems = new Set<string>();
  const seen = new Set<ts.Symbol>();
  for (const entry of entries) {
    const file = program.getSourceFile(join(root, entry));
    const module = file && checker.getSymbolAtLocation(file);
    if (!module) {
      problems.add(`${entry}: not a module the compiler could read`);
      continue;
    }
    for (const exported of checker.getExportsOfModule(module)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      if (seen.has(symbol)) continue;
      seen.add(symbol);
      const declaration = symbol.declarations?.[0];
      const at = declaration ? where(declaration) : entry;
      if (!docOf(symbol)) problems.add(`${exported.name} (${at})`);
      else if (declaration && borrowsFileHeader(declaration)) problems.add(`${exported.name} (${at}): its doc is the file's header`);
      if (!(symbol.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Interface))) continue;
      // Members as a user of the type sees them, inherited ones included; those of the DOM, React and the like have
      // their own docs, and members a user cannot reach (`private`, `#private`) need none.
      const types = [checker.getDeclaredTypeOfSymbol(symbol)];
      if (symbol.flags & ts.SymbolFlags.Class) types.push(checker.getTypeOfSymbol(symbol));
      for (const type of types) {
        for (const member of checker.getPropertiesOfType(type)) {
          const name = member.getName();
          if (name.startsWith('#') || name.startsWith('__') || name === 'prototype' || !isOurs(member) || isPrivate(member)) continue;
          if (seen.has(member)) continue;
          seen.add(member);
          if (!docOf(member)) problems.add(`${exported.name}.${name} (${where(member.declarations![0]!)})`);
        }
      }
    }
  }
  return { problems: [...problems].sort(), checked: seen.size };
}

describe('the doc comments an editor shows on hover', () => {
  const { problems, checked } = audit();

  it('are there for every export of a typed entry, and every member of an exported class or interface', () => {
    assert.deepEqual(problems, []);
  });

  it('has read the entries at all', () => {
    // 44 entries and 344 exports and members when written: a resolution that finds nothing cannot pass.
    assert.ok(entries.length > 30, `${entries.length} entries`);
    for (const entry of [
      'src/index.ts',
      'src/server/node-index.ts',
      'src/simulator/index.ts',
      'src/frameworks/react.ts',
      'src/locales/de.ts',
    ])
      assert.ok(entries.includes(entry), entry);
    assert.ok(checked > 300, `${checked} symbols checked`);
  });
});
