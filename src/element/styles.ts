import { styleSheet } from './reactive-element.ts';

/**
 * The custom properties a page may set; the isolated frame takes these and no others from its host. The manifest's
 * `cssProperties` are read from the comments here.
 */
export const THEME_PROPERTIES = [
  /** Font of the whole form (default: inherited). */
  '--cache-card-font-family',
  /** Base font size (default 1rem). */
  '--cache-card-font-size',
  /** Text colour. */
  '--cache-card-text-color',
  /** Colour of secondary text. */
  '--cache-card-muted-color',
  /** Background of inputs. */
  '--cache-card-field-background',
  /** Border of inputs. */
  '--cache-card-border-color',
  /** Corner radius of inputs and the button. */
  '--cache-card-border-radius',
  /** Focus ring. */
  '--cache-card-focus-color',
  /** Invalid borders and messages. */
  '--cache-card-error-color',
  /** Placeholder text. */
  '--cache-card-placeholder-color',
  /** Space between fields. */
  '--cache-card-gap',
  /** Padding inside inputs. */
  '--cache-card-field-padding',
  /** Submit button background. */
  '--cache-card-button-background',
  /** Submit button text. */
  '--cache-card-button-color',
] as const;

/**
 * Adopted style sheets only (no inline styles), so the form runs under a Content-Security-Policy without
 * 'unsafe-inline'. Logical properties throughout, so right-to-left pages lay it out mirrored.
 */
/** The default error colour, in a light and a dark scheme. */
const ERROR_COLOR = 'light-dark(#b3261e, #ff8182)';

const formCss = `
  :host {
    /* light-dark() picks the first colour in a light scheme, the second in a dark one. */
    color-scheme: light dark;
    --_muted: var(--cache-card-muted-color, light-dark(#57606a, #9da7b3));
    --_field: var(--cache-card-field-background, light-dark(#ffffff, #0d1117));
    --_border: var(--cache-card-border-color, light-dark(#8c959f, #6e7681));
    --_radius: var(--cache-card-border-radius, 6px);
    --_focus: var(--cache-card-focus-color, light-dark(#0969da, #4493f8));
    --_error: var(--cache-card-error-color, ${ERROR_COLOR});
    --_gap: var(--cache-card-gap, 0.75rem);
    display: block;
    /* Without the property, the page's font, as an unset font-family inherits. */
    font-family: var(--cache-card-font-family);
    font-size: var(--cache-card-font-size, 1rem);
    color: var(--cache-card-text-color, light-dark(#1b1f24, #e6edf3));
    container-type: inline-size;
    /* A long word (a German legend, a network's name) breaks rather than stick out of a narrow form. */
    overflow-wrap: anywhere;
  }
  :host([hidden]) {
    display: none;
  }
  form {
    display: grid;
    gap: var(--_gap);
    margin: 0;
  }
  fieldset {
    border: 0;
    margin: 0;
    padding: 0;
    min-inline-size: 0;
    display: grid;
    grid-template-columns: repeat(2, minmax(0, 1fr));
    gap: var(--_gap);
  }
  /*
   * Group headings stand out by size, not weight: a bold face is one more font for the browser to find and load
   * before the first paint (about a millisecond of it in a fresh page), and every label is in the regular face.
   */
  legend {
    padding: 0;
    margin-block-end: calc(var(--_gap) / 2);
    font-size: 1.125em;
  }
  /* A column, not a grid: a grid's column would grow to the longest country's name in WebKit. */
  .field {
    display: flex;
    flex-flow: column;
    gap: 0.25rem;
    grid-column: span 2;
  }
  .optional {
    color: var(--_muted);
  }
  .control {
    position: relative;
    display: flex;
    flex-wrap: wrap;
  }
  input,
  select {
    box-sizing: border-box;
    inline-size: 100%;
    font: inherit;
    color: inherit;
    background: var(--_field);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--cache-card-field-padding, 0.6em 0.75em);
    margin: 0;
  }
  /* Safari on iOS zooms the page into any field whose text is under 16px, and does not zoom back. */
  @media (pointer: coarse) {
    input,
    select {
      font-size: max(16px, 1em);
    }
  }
  input::placeholder {
    color: var(--cache-card-placeholder-color, light-dark(#6e7781, #8b949e));
    opacity: 1;
  }
  :host(:dir(rtl)) input[dir='ltr'] {
    text-align: end;
  }
  :is(input, select, button):focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 1px;
  }
  [aria-invalid='true'] {
    border-color: var(--_error);
    border-width: 2px;
  }
  :is(input, select, button):disabled {
    opacity: 0.6;
    cursor: not-allowed;
  }
  .brand {
    order: -1;
    margin-block: 0 0.25rem;
    margin-inline-start: auto;
    block-size: 1.6em;
    inline-size: 2.5em;
    pointer-events: none;
  }
  /*
   * A card with no brand yet, drawn as the marks are (40 by 26 units, 1.6em tall: a unit is 1.6em / 26, about
   * 0.0615em): an outline of one unit with corners of 4.5, and a stripe of 4 units, 5 from the top, in the form's
   * colours. The lengths are worked out here rather than by calc() in the sheet, which every page downloads.
   */
  .blank {
    box-sizing: border-box;
    inline-size: 2.46em;
    border: 0.0615em solid var(--_border);
    border-radius: 0.277em;
    background: linear-gradient(var(--_border) 0 0) 0 0.308em / 100% 0.246em no-repeat var(--_field);
    /* Kept in forced colours, as the marks' SVG is: a gradient would go. */
    forced-color-adjust: none;
  }
  /*
   * A form too narrow for two fields side by side (a small phone, or text made larger: em, not rem, since the
   * frame's root keeps 16px when the page's text grows) has the half fields one under the other, and the brand mark
   * above the end of the number rather than over its digits; a wider one, the mark in the field, at its end. The
   * number is dir=ltr: in a right-to-left form, the mark at its inline end is on the number's left. (After the
   * rules it overrides.)
   */
  @container (min-width: 20em) {
    .half {
      grid-column: span 1;
    }
    .brand {
      position: absolute;
      inset-block: 0;
      inset-inline-end: 0.5em;
      margin-block: auto;
    }
    :host(:dir(ltr)) .number input {
      padding-right: 3.5em;
    }
    :host(:dir(rtl)) .number input {
      padding-left: 3.5em;
    }
  }
  .mark {
    display: block;
    block-size: 1.5em;
    inline-size: 2.3em;
    flex: none;
  }
  .accepted,
  .networks {
    grid-column: span 2;
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
  }
  .accepted {
    gap: 0.375rem;
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .hint {
    margin: 0;
    inline-size: 100%;
    color: var(--_muted);
    font-size: 0.875em;
  }
  .network {
    display: flex;
    align-items: center;
    gap: 0.5em;
  }
  .network input {
    inline-size: 1.1em;
    block-size: 1.1em;
    padding: 0;
    accent-color: var(--_focus);
  }
  .message {
    color: var(--_error);
    font-size: 0.875em;
    min-block-size: 0;
  }
  .message:empty {
    display: none;
  }
  .status {
    color: var(--_muted);
    font-size: 0.875em;
  }
  .status.error {
    color: var(--_error);
  }
  /*
   * Said to screen readers, not shown (the brand the digits name): out of the flow, one pixel at the top of its
   * containing block, clipped away, so that it neither moves the form nor makes the isolated frame scroll.
   */
  .quiet {
    position: absolute;
    inset-block-start: 0;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  button {
    font: inherit;
    font-weight: 600;
    color: var(--cache-card-button-color, #fff);
    background: var(--cache-card-button-background, light-dark(#0969da, #2f81f7));
    /* Seen only in forced colours, which draw it and drop the background: the button keeps an edge. */
    border: 1px solid #0000;
    border-radius: var(--_radius);
    padding: 0.75em 1em;
    cursor: pointer;
  }
`;

let sheet: CSSStyleSheet | undefined;
export const formStyleSheet = (): CSSStyleSheet => (sheet ??= styleSheet(formCss));

/**
 * The isolated mode's host around its frame (the frame has the form's own sheet): a block, and the alert that the
 * frame could not load, in the form's error colour.
 */
const hostCss = `
  :host {
    display: block;
    color-scheme: light dark;
  }
  :host([hidden]) {
    display: none;
  }
  .frame-error {
    color: var(--cache-card-error-color, ${ERROR_COLOR});
  }
`;
let hostSheet: CSSStyleSheet | undefined;
export const hostStyleSheet = (): CSSStyleSheet => (hostSheet ??= styleSheet(hostCss));

/**
 * The frame, in the closed root of its box (a `<div>`, a block already): as wide as the form, as tall as the frame
 * says its content is (a sheet of its own).
 */
const frameCss = `
  iframe {
    display: block;
    inline-size: 100%;
    block-size: 0;
    border: 0;
  }
`;
let frameSheet: CSSStyleSheet | undefined;
export const frameStyleSheet = (): CSSStyleSheet => (frameSheet ??= styleSheet(frameCss));
