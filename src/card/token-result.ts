/**
 * The token and mask: all the checkout page ever receives, and their check. A module of its own, so that the isolated
 * mode's host, which checks what its frame hands over, does not import the card checks (and card-validator).
 */

/** What the proxy answers on success: all the checkout page ever receives. */
export interface TokenizeResult {
  /** Alipay's token for the card, and the form's value in a `<form>`: letters, digits, `_` and `-`, at most 128. */
  cardToken: string;
  /** The card number masked: at most its first six and last four digits, the rest `*` (`411111******1111`). */
  mask: string;
}

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;
/** A mask shows at most the first six and last four digits. */
const MASK_PATTERN = /^(?=[0-9*]{12,19}$)[0-9]{0,6}\*+[0-9]{0,4}$/;

/** Checks a token and mask from either side (Alipay's answer, the proxy's answer) before passing them on. */
export function isTokenizeResult(value: unknown): value is TokenizeResult {
  const { cardToken, mask } = (value ?? {}) as Partial<Record<keyof TokenizeResult, unknown>>;
  return typeof cardToken === 'string' && TOKEN_PATTERN.test(cardToken) && typeof mask === 'string' && MASK_PATTERN.test(mask);
}
