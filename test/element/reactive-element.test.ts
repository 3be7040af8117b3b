// The element's small reactive base: what it must do as Lit's own does.
import { expect } from '@open-wc/testing';
import { html, render } from 'lit/html.js';
import { ReactiveElement, type ChangedProperties, type PropertyValues } from '../../src/element/reactive-element.ts';

const properties = {
  label: { type: String, default: 'none' },
  count: { type: Number, attribute: 'item-count', default: 0, reflect: true },
  open: { type: Boolean, default: false },
  options: { attribute: false as const, default: Object.freeze({}) as Record<string, string> },
};
type Values = PropertyValues<typeof properties>;

let defined = 0;

/** A fresh element class under a fresh tag, so each test can choose when it is defined. */
function elementClass(renderHook: (element: ReactiveElement<Values> & Values) => void = () => undefined) {
  const changes: ChangedProperties<Values>[] = [];
  class TestElement extends ReactiveElement<Values> {
    static override properties = properties;
    protected override willUpdate(changed: ChangedProperties<Values>): void {
      changes.push(new Map(changed));
      // @ts-expect-error a misspelt property name does not compile
      changed.has('lable');
    }
    protected override render() {
      renderHook(this as unknown as ReactiveElement<Values> & Values);
      const self = this as unknown as Values;
      render(html`<p>${self.label} ${self.count} ${self.open} ${Object.keys(self.options).join(',')}</p>`, this.renderRoot);
    }
  }
  const tag = `test-reactive-${++defined}`;
  return { tag, changes, define: () => customElements.define(tag, TestElement) };
}

const text = (element: Element) => element.shadowRoot!.querySelector('p')?.textContent ?? '';
const later = (element: Element) => (element as unknown as ReactiveElement).updateComplete;

describe('the reactive base', () => {
  afterEach(() => document.querySelectorAll('[data-test-reactive]').forEach((element) => element.remove()));

  function place(tag: string, attributes = ''): HTMLElement & Values {
    const holder = document.createElement('div');
    holder.dataset.testReactive = '';
    holder.innerHTML = `<${tag} ${attributes}></${tag}>`;
    document.body.append(holder);
    return holder.firstElementChild as HTMLElement & Values;
  }

  it('keeps properties set before the class was defined, and renders later sets', async () => {
    const { tag, define } = elementClass();
    const element = place(tag);
    element.label = 'early';
    element.options = { a: '1' };
    define();
    await later(element);
    expect(text(element)).to.equal('early 0 false a');
    element.label = 'later';
    await later(element);
    expect(text(element)).to.equal('later 0 false a');
    expect(Object.hasOwn(element, 'label')).to.equal(false, 'no instance property hides the accessor');
  });

  it('gives attributes present at the upgrade the last word, as Lit does', async () => {
    const { tag, define } = elementClass();
    const element = place(tag, 'label="from markup" item-count="3" open');
    element.label = 'early';
    define();
    await later(element);
    expect(text(element)).to.equal('from markup 3 true ');
  });

  it('reflects a property set before connection once connected', async () => {
    const { tag, define } = elementClass();
    define();
    const element = document.createElement(tag) as HTMLElement & Values;
    element.count = 5;
    expect(element.hasAttribute('item-count')).to.equal(false);
    const holder = document.createElement('div');
    holder.dataset.testReactive = '';
    holder.append(element);
    document.body.append(holder);
    expect(element.getAttribute('item-count')).to.equal('5');
  });

  it("batches the sets of one task into one update, with each property's value before it", async () => {
    const { tag, changes, define } = elementClass();
    define();
    const element = place(tag);
    await later(element);
    changes.length = 0;
    element.label = 'a';
    element.label = 'b';
    element.count = 2;
    element.open = false; // unchanged: not an update
    await later(element);
    expect(changes.length).to.equal(1);
    expect([...changes[0]!]).to.deep.equal([
      ['label', 'none'],
      ['count', 0],
    ]);
  });

  it('goes on working after an update throws', async () => {
    let fail = false;
    const { tag, define } = elementClass((element) => {
      if (fail && element.label === 'boom') throw new Error('render failed');
    });
    define();
    const element = place(tag);
    await later(element);
    fail = true;
    element.label = 'boom';
    const failed = await later(element).then(
      () => null,
      (error: Error) => error.message,
    );
    expect(failed).to.equal('render failed');
    element.label = 'fine';
    await later(element);
    expect(text(element)).to.equal('fine 0 false ');
  });
});
