// `npm run build:manifest`: custom-elements.json from the element's JSDoc (events, parts, custom properties, states),
// plus its attributes and properties, read from the one property table, src/card/form-properties.ts: each
// entry's doc comment, its kind (text, choice, flag, count or an object) and its options.
const TABLE_FILE = 'src/card/form-properties.ts';
const TABLE = 'FORM_PROPERTIES';
const THEME_FILE = 'src/element/styles.ts';
const THEME = 'THEME_PROPERTIES';
const ELEMENT = 'CacheCardForm';

/** The element's custom properties, from the list the isolated frame also checks, each with its doc comment. */
function themeProperties() {
  const found = [];
  return {
    name: 'theme-properties',
    analyzePhase({ ts, node, moduleDoc }) {
      if (!moduleDoc.path.endsWith(THEME_FILE) || !ts.isVariableDeclaration(node) || node.name.getText() !== THEME) return;
      const text = node.getSourceFile().getFullText();
      const list = ts.isAsExpression(node.initializer) ? node.initializer.expression : node.initializer;
      for (const element of list.elements) {
        const comment = (ts.getLeadingCommentRanges(text, element.pos) ?? []).map((range) => text.slice(range.pos, range.end)).join('');
        found.push({ name: element.text, description: comment.replace(/^\/\*\*\s*|\s*\*\/$/g, '').trim() });
      }
    },
    packageLinkPhase({ customElementsManifest }) {
      if (!found.length) throw new Error(`${THEME} was not found in ${THEME_FILE}`);
      const element = customElementsManifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.name === ELEMENT);
      element.cssProperties = found;
    },
  };
}

function formProperties() {
  const found = [];
  return {
    name: 'form-properties',
    analyzePhase({ ts, node, moduleDoc }) {
      if (!moduleDoc.path.endsWith(TABLE_FILE) || !ts.isVariableDeclaration(node) || node.name.getText() !== TABLE) return;
      for (const property of node.initializer.properties) {
        const name = property.name.getText();
        const description = (property.jsDoc ?? [])
          .map((doc) => ts.getTextOfJSDocComment(doc.comment) ?? '')
          .join('\n')
          .trim();
        found.push({ name, description, ...read(ts, name, property.initializer) });
      }
    },
    packageLinkPhase({ customElementsManifest }) {
      if (!found.length) throw new Error(`${TABLE} was not found in ${TABLE_FILE}: the manifest would list no attributes`);
      const element = customElementsManifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.name === ELEMENT);
      if (!element) throw new Error(`${ELEMENT} is not in the manifest`);
      element.attributes = found
        .filter((p) => p.attribute)
        .map(({ name, description, type, default: value, attribute }) => ({
          name: attribute,
          fieldName: name,
          description,
          type: { text: type },
          default: value,
        }));
      element.members = [
        ...found.map(({ name, description, type, default: value, attribute, reflects }) => ({
          kind: 'field',
          name,
          description,
          type: { text: type },
          default: value,
          ...(attribute ? { attribute } : {}),
          ...(reflects ? { reflects: true } : {}),
        })),
        ...element.members.filter(
          (member) =>
            member.privacy !== 'private' &&
            member.privacy !== 'protected' &&
            !found.some((p) => p.name === member.name) &&
            !NOT_API.includes(member.name),
        ),
      ];
    },
  };
}

/**
 * Members the analyzer finds that are not the element's API: the static property table and the modes' plumbing
 * (`properties`, `useModes`), the reactive base's (`attributes`, `finalize`, `renderRoot`: the shadow root, which
 * `shadowRoot` names), and `role`, which it reads off `internals.role = 'group'` as a field of its own.
 */
const NOT_API = ['properties', 'useModes', 'attributes', 'finalize', 'renderRoot', 'role'];

/** `acceptedBrands` -> `accepted-brands`: a property's attribute unless it names one (as attributeOf has it). */
const kebab = (name) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** What an entry such as `text('', { attribute: 'accepted-brands', frame: true })` declares. */
function read(ts, name, initializer) {
  if (ts.isCallExpression(initializer)) {
    const kind = initializer.expression.getText();
    const [first, second] = initializer.arguments;
    const options = kind === 'flag' ? first : second;
    const type = { text: 'string', flag: 'boolean', count: 'number' }[kind] ?? choiceType(ts, first);
    const value = kind === 'flag' ? 'false' : ts.isAsExpression(first) ? first.expression.getText() : first.getText();
    return { type, default: value, ...optionsOf(ts, name, options) };
  }
  const type = initializer.getText().match(/as (\w+)/)?.[1] ?? 'object';
  return { type, default: '{}', attribute: null };
}

function choiceType(ts, argument) {
  // `'postal' as BillingAddressMode`: the type's name; the manifest's readers look it up in the types.
  return ts.isAsExpression(argument) ? argument.type.getText() : 'string';
}

function optionsOf(ts, name, options) {
  const values = {};
  for (const option of options && ts.isObjectLiteralExpression(options) ? options.properties : [])
    values[option.name.getText()] = option.initializer.getText();
  const attribute = values.attribute === 'false' ? null : values.attribute ? JSON.parse(values.attribute.replace(/'/g, '"')) : kebab(name);
  return { attribute, reflects: values.reflect === 'true' };
}

export default {
  globs: ['src/element/cache-card-form.ts', 'src/element/form-control.ts', 'src/element/reactive-element.ts', TABLE_FILE, THEME_FILE],
  outdir: 'dist',
  plugins: [formProperties(), themeProperties()],
};
