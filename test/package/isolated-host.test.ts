// What an isolated page loads is the host alone: the frame link, validity and events. The card fields, lit and
// card-validator are in the frame, served by the proxy. Checked on the built files, by script tag and by npm.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
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

describe('the frame script', () => {
  it('carries what the frame runs: the form, but neither the host link nor any locale pack (each is fetched by tag)', () => {
    const frame = readFileSync(`${dist}frame/frame.js`, 'utf8');
    assert.match(frame, /litHtmlVersions/);
    // The host's side of the link: the box it puts the frame in.
    assert.match(readFileSync(`${dist}cache-card-form.isolated.js`, 'utf8'), /frame-box/);
    assert.doesNotMatch(frame, /frame-box/);
    const packs = readdirSync(dist).filter(
      (name) => /^cache-card-form\.[a-zA-Z]{2,3}(-[a-zA-Z0-9]+)?\.js$/.test(name) && name !== 'cache-card-form.isolated.js',
    );
    assert.ok(packs.length >= 30, packs.join());
    for (const pack of packs) {
      const label = /"label\.cardNumber":"([^"]+)"/.exec(readFileSync(`${dist}${pack}`, 'utf8'))?.[1];
      assert.ok(label, pack);
      assert.ok(!frame.includes(label), `${pack}: "${label}" is in the frame script`);
    }
  });
});
