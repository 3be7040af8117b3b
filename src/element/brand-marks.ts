/**
 * A mark for every brand in the table, drawn for this project: the brand's colours and name on a small card,
 * inline SVG (no image files, no network), 40 by 26 units. Recognisable, not the schemes' artwork.
 */
import { nothing, svg, type SVGTemplateResult } from 'lit/html.js';
import type { AlipayBrand } from '../card/brands.ts';

/**
 * Each mark: its card's colour, then its shapes, `|`-separated. `r x y width height fill` a rectangle with round
 * corners, `c cx cy r fill [stroke width]` a circle, `p d fill [stroke width]` a path, `t text fill size y` the
 * brand's name (squeezed to fit when long). A white card gets a grey edge.
 */
const MARKS: Record<AlipayBrand, string> = {
  VISA: '#1434cb|t VISA #fff 12 17',
  MASTERCARD: '#fff|c 15 13 8 #eb001b|c 25 13 8 #f79e1b|p M20,6.8a8,8,0,0,1,0,12.4a8,8,0,0,1,0-12.4z #ff5f00',
  MAESTRO: '#fff|c 15 13 8 #0099df|c 25 13 8 #ed0006|p M20,6.8a8,8,0,0,1,0,12.4a8,8,0,0,1,0-12.4z #6c6bbd',
  AMEX: '#006fcf|t AMEX #fff 11 17',
  JCB: '#fff|r 5 4 10 18 #0e4c96|r 15 4 10 18 #e60012|r 25 4 10 18 #009f3c|t JCB #fff 8 16',
  DINERS: '#fff|c 20 13 8 none #0079be 2.5|p M18,8v10M22,8v10 none #0079be 2',
  DISCOVER: '#fff|t DISCOVER #231f20 7 15|r 4 19 32 3 #ff6000',
  CUP: '#fff|p M6,4h9l-4,18H2z #e21836|p M15,4h9l-4,18h-9z #00447c|p M24,4h12l-4,18h-12z #007b84|t UnionPay #fff 7 16',
  MIR: '#0f754e|t МИР #fff 11 17',
  ELO: '#000|t elo #fff 12 16|c 11 21 1.6 #ffcb05|c 20 21 1.6 #00a4e0|c 29 21 1.6 #ef4123',
  HIPERCARD: '#b3131b|t Hipercard #fff 8 17',
  TROY: '#fff|t troy #00a0a7 12 17',
  CARTES_BANCAIRES: '#1c5d8f|p M20,0h16a4,4,0,0,1,4,4v18a4,4,0,0,1-4,4H20z #2ca05a|t CB #fff 12 17',
  CARNET: '#fff|t carnet #1b1b1b 9 17|r 4 20 32 2 #e4032e',
  BC: '#e50012|t BC #fff 12 17',
  CITI: '#fff|p M11,10q9-7,18,0 none #ee1c25 2|t citi #056dae 11 20',
};

const SHAPES: Record<string, (...a: string[]) => SVGTemplateResult> = {
  r: (x, y, width, height, fill) => svg`<rect x=${x} y=${y} width=${width} height=${height} rx="3" fill=${fill}></rect>`,
  c: (cx, cy, r, fill, stroke, width) =>
    svg`<circle cx=${cx} cy=${cy} r=${r} fill=${fill} stroke=${stroke ?? nothing} stroke-width=${width ?? nothing}></circle>`,
  p: (d, fill, stroke, width) => svg`<path d=${d} fill=${fill} stroke=${stroke ?? nothing} stroke-width=${width ?? nothing}></path>`,
  t: (text, fill, size, y) =>
    svg`<text x="20" y=${y} fill=${fill} font-size=${size} font-weight="700" font-family="Arial,Helvetica,sans-serif" text-anchor="middle" textLength=${text!.length > 5 ? 34 : nothing} lengthAdjust="spacingAndGlyphs">${text}</text>`,
};

/** A card with no brand yet: an outline with a stripe, in the form's own colours. */
const UNKNOWN = svg`<rect x=".5" y=".5" width="39" height="25" rx="4" class="blank"></rect><rect x=".5" y="6" width="39" height="4" class="stripe"></rect>`;

/** The mark's drawing, for an `<svg viewBox="0 0 40 26">` that carries the accessible name. */
export function brandMark(brand: AlipayBrand | null): SVGTemplateResult {
  if (!brand) return UNKNOWN;
  const [fill, ...shapes] = MARKS[brand].split('|') as [string, ...string[]];
  return svg`<rect width="40" height="26" rx="4" fill=${fill} stroke=${fill === '#fff' ? '#c8ced6' : nothing}></rect>${shapes.map(
    (shape) => {
      const [kind, ...args] = shape.split(' ') as [string, ...string[]];
      return SHAPES[kind]!(...args);
    },
  )}`;
}
