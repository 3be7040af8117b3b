/**
 * A mark for every brand in the table, drawn for this project: the brand's name in its colours on a small card,
 * or, for Mastercard and Maestro, their two interlaced rings. Inline SVG (no image files, no network), 40 by 26
 * units. Recognisable, not the schemes' artwork; every byte counts in the script tag's 20 kB.
 */
import { nothing, svg, type SVGTemplateResult } from 'lit/html.js';
import type { AlipayBrand } from '../card/brands.ts';

/** `card text word`, or `o left right middle` for two rings. A white card gets a grey edge. */
const MARKS: Record<AlipayBrand, string> = {
  VISA: '#1434cb #fff VISA',
  MASTERCARD: 'o #eb001b #f79e1b #ff5f00',
  MAESTRO: 'o #0099df #ed0006 #6c6bbd',
  AMEX: '#006fcf #fff AMEX',
  JCB: '#0e4c96 #fff JCB',
  DINERS: '#0079be #fff Diners',
  DISCOVER: '#fff #e65c00 DISCOVER',
  CUP: '#d7141a #fff UnionPay',
  MIR: '#0f754e #fff МИР',
  ELO: '#000 #fff elo',
  HIPERCARD: '#b3131b #fff Hipercard',
  TROY: '#fff #00a0a7 troy',
  CARTES_BANCAIRES: '#1c5d8f #fff CB',
  CARNET: '#fff #e4032e carnet',
  BC: '#e50012 #fff BC',
  CITI: '#fff #056dae citi',
};

const card = (fill: string) =>
  svg`<rect width="40" height="26" rx="4" fill=${fill} stroke=${fill === '#fff' ? '#c8ced6' : nothing}></rect>`;

/** The mark's drawing, for an `<svg viewBox="0 0 40 26">` that carries the accessible name. */
export function brandMark(brand: AlipayBrand): SVGTemplateResult {
  const [fill, a, b, c] = MARKS[brand].split(' ') as [string, string, string, string?];
  return fill === 'o'
    ? svg`${card('#fff')}<circle cx="15" cy="13" r="8" fill=${a}></circle><circle cx="25" cy="13" r="8" fill=${b}></circle><path d="M20 6.8a8 8 0 0 1 0 12.4a8 8 0 0 1 0-12.4z" fill=${c!}></path>`
    : svg`${card(fill)}<text x="20" y="17" fill=${a} font-size="11" font-weight="700" font-family="Arial,Helvetica,sans-serif" text-anchor="middle" textLength=${b.length > 4 ? 34 : nothing} lengthAdjust="spacingAndGlyphs">${b}</text>`;
}
