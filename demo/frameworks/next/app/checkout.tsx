'use client';
// The checkout form, a client component: Next.js renders it on the server too, so its imports run in Node,
// where cache-card-form/define only exports the class. In the browser it defines <cache-card-form> before
// React hydrates the page.
import 'cache-card-form/define';
import type { CacheCardForm, TokenizeResult } from 'cache-card-form';
import type {} from 'cache-card-form/react';
import { useCallback, useState, type FormEvent } from 'react';

export function Checkout({ endpoint, isolated = false }: { endpoint: string; isolated?: boolean }) {
  const [saved, setSaved] = useState<TokenizeResult | null>(null);
  const [submitted, setSubmitted] = useState<string | null>(null);

  // React 19 sets a custom element's properties and `on<event>` listeners on the client, but leaves them out
  // when it hydrates server HTML (facebook/react#35446): listen in a ref callback, which runs either way.
  const card = useCallback((element: CacheCardForm | null) => {
    if (!element) return;
    const listener = (event: CustomEvent<TokenizeResult>) => setSaved(event.detail);
    element.addEventListener('tokenized', listener);
    return () => element.removeEventListener('tokenized', listener);
  }, []);

  function pay(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSubmitted(String(new FormData(event.currentTarget).get('cardToken')));
  }

  return (
    <form onSubmit={pay}>
      {/* Attributes, so that the server's HTML already carries them. */}
      <cache-card-form ref={card} name="cardToken" endpoint={endpoint} isolated={isolated} required />
      <p data-testid="saved">{saved ? `${saved.mask} ${saved.cardToken}` : 'No card yet'}</p>
      <button type="submit">Pay $42.00</button>
      <output data-testid="submitted">{submitted ?? ''}</output>
    </form>
  );
}
