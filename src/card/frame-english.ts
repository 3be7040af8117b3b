/**
 * The English only the isolated frame shows: why it did not save a card the page had covered. Part of the English
 * catalog (./messages.ts), kept apart so that the inline script tag, which never shows it, does not carry it.
 */
import type { Messages } from './messages.ts';

export const FRAME_ENGLISH = {
  'error.frame_obscured': 'The card form is covered by something else on this page. Close or move it, then try again.',
} as const satisfies Messages;
