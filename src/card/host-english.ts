/**
 * The English strings the element shows itself, whichever mode it is in: validity's fallbacks, the frame (or the
 * script of the form's mode) failing to load, and the element's own accessible name. Part of the English catalog
 * (./messages.ts), kept apart so that the isolated host does not carry the rest.
 */
import type { Messages } from './messages.ts';

export const ELEMENT_ENGLISH = {
  'cardNumber.required': 'Enter your card number.',
  'error.invalid_card': 'Check the fields marked in the form.',
  'error.frame_unavailable': 'The secure card form could not be loaded. Reload the page or try again later.',
  'group.card': 'Card details',
} as const satisfies Messages;

/**
 * The isolated mode's English around its frame: the element's strings and the frame's title, which only the isolated
 * host shows (the inline script tag does not carry it).
 */
export const HOST_ENGLISH = { ...ELEMENT_ENGLISH, 'frame.title': 'Secure card form' } as const satisfies Messages;
