// custom-elements.json, read by editors and documentation tools, lists what the property table declares.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { attributeOf, FORM_PROPERTIES } from '../../src/card/form-properties.ts';

interface Declaration {
  name: string;
  attributes?: { name: string; fieldName: string; description: string }[];
  members?: { name: string; description?: string }[];
  cssParts?: { name: string; description: string }[];
  events?: { name: string; type: { text: string } }[];
}

const manifest = JSON.parse(readFileSync(new URL('../../dist/custom-elements.json', import.meta.url), 'utf8')) as {
  modules: { declarations?: Declaration[] }[];
};
const element = manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.name === 'CacheCardForm')!;

describe('the custom elements manifest', () => {
  it('lists every attribute of the property table, described', () => {
    const expected = Object.entries(FORM_PROPERTIES)
      .map(([name, declaration]) => [attributeOf(name, declaration), name])
      .filter(([attribute]) => attribute);
    assert.deepEqual(
      element.attributes!.map((a) => [a.name, a.fieldName]),
      expected,
    );
    for (const attribute of element.attributes!) assert.ok(attribute.description.length > 10, attribute.name);
  });

  it('lists every property, and none of the private ones', () => {
    const names = element.members!.map((m) => m.name);
    for (const name of Object.keys(FORM_PROPERTIES)) assert.ok(names.includes(name), name);
    assert.ok(names.includes('tokenize') && names.includes('setCustomValidity'));
    // From the reactive base, as LitElement has them: the README's way to render again, and the wait for it.
    assert.ok(names.includes('requestUpdate') && names.includes('updateComplete'));
    assert.ok(!names.some((name) => name.startsWith('#')));
    // Read by the analyzer, not the element's API: the property table, the modes' and the reactive base's plumbing,
    // the internals' role.
    for (const name of ['properties', 'useModes', 'attributes', 'finalize', 'renderRoot', 'role']) assert.ok(!names.includes(name), name);
  });

  it('lists every part the form renders, each event with its detail type', () => {
    const parts = element.cssParts!.map((part) => part.name);
    for (const part of ['accepted-brands', 'networks', 'network', 'frame-error']) assert.ok(parts.includes(part), part);
    const frameError = element.cssParts!.find((part) => part.name === 'frame-error')!;
    assert.doesNotMatch(frameError.description, /THEME_PROPERTIES/, 'the sentence after the tags is not part of the last one');
    const events = Object.fromEntries(element.events!.map((event) => [event.name, event.type.text]));
    assert.equal(events['tokenize-error'], 'CustomEvent<TokenizeErrorDetail>');
  });
});
