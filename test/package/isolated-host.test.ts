// What an isolated page loads is the host alone: the frame link, validity and events. The card fields, lit and
// card-validator are in the frame, served by the proxy. Checked on the built files, by script tag and by npm.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

const dist = new URL('../../dist/', import.meta.url).pathname;

/** Every file the ES module `file` reaches through relative imports, and every package it imports. */
function moduleGraph(file: string, files = new Set<string>(), packages = new Set<string>()) {
  if (files.has(file)) return { files, packages };
  files.add(file);
  const code = readFileSync(`${dist}browser/${file}`, 'utf8');
  for (const [, specifier] of code.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*"([^"]+)"/g)) {
    if (specifier!.startsWith('./')) moduleGraph(specifier!.slice(2), files, packages);
    else packages.add(specifier!);
  }
  return { files, packages };
}

describe('the isolated host', () => {
  it('script tag: cache-card-form.isolated.js carries no lit and no card checks', () => {
    const code = readFileSync(`${dist}cache-card-form.isolated.js`, 'utf8');
    // lit-html names its version list and its Trusted Types policy; the inline bundle has both.
    assert.match(readFileSync(`${dist}cache-card-form.js`, 'utf8'), /litHtmlVersions/);
    assert.doesNotMatch(code, /litHtmlVersions|lit-html/);
    // The brand table and the field checks' messages stay in the frame.
    assert.doesNotMatch(code, /CARTES_BANCAIRES|Your card number is not valid/);
  });

  it('npm: cache-card-form/isolated imports no package, and the full entry still does', () => {
    assert.deepEqual([...moduleGraph('isolated.js').packages], []);
    const full = moduleGraph('define.js').packages;
    assert.ok(
      [...full].some((name) => name.startsWith('lit')) && [...full].some((name) => name.startsWith('card-validator')),
      [...full].join(),
    );
  });
});
