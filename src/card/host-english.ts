/**
 * The English strings the element shows itself in isolated mode, around the frame: its title, the frame failing,
 * validity's fallbacks, and the element's own accessible name. Part of the English catalog (./messages.ts), kept
 * apart so that the isolated host does not carry the rest.
 */
import type { Messages } from './messages.ts';

export const HOST_ENGLISH = {
  'cardNumber.required': 'Enter your card number.',
  'error.invalid_card': 'Check the fields marked in the form.',
  'error.frame_unavailable': 'The secure card form could not be loaded. Reload the page or try again later.',
  'frame.title': 'Secure card form',
  'group.card': 'Card details',
} as const satisfies Messages;
