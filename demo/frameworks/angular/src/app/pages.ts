import { Component, inject, makeStateKey, REQUEST_CONTEXT, TransferState } from '@angular/core';
import { Checkout } from './checkout';

/** Inline mode: the card fields are in the page; the proxy is this app's own /cache-card route. */
@Component({
  selector: 'app-inline-page',
  imports: [Checkout],
  template: `<main><h1>Checkout</h1><app-checkout endpoint="/cache-card" /></main>`,
})
export class InlinePage {}

const ISOLATED_ENDPOINT = makeStateKey<string>('cacheCardIsolatedEndpoint');

/**
 * Isolated mode: the card fields live in a frame served by the proxy from its own origin. The server says where
 * (server.ts passes it as the request context), and the page carries it to the browser in its transfer state.
 */
@Component({
  selector: 'app-isolated-page',
  imports: [Checkout],
  template: `<main><h1>Checkout, isolated fields</h1><app-checkout [endpoint]="endpoint" [isolated]="true" /></main>`,
})
export class IsolatedPage {
  readonly endpoint: string;

  constructor() {
    const state = inject(TransferState);
    const context = inject(REQUEST_CONTEXT, { optional: true }) as { isolatedEndpoint?: string } | null;
    if (context?.isolatedEndpoint) state.set(ISOLATED_ENDPOINT, context.isolatedEndpoint);
    this.endpoint = state.get(ISOLATED_ENDPOINT, 'https://pay.shop.example/cache-card');
  }
}
