// The checkout in React 19: <cache-card-form> as a plain custom element. React 19 sets its properties
// (billingAddress, required) and listens to its events through `on<event>` props.
import { StrictMode, useState, type FormEvent } from 'react';
import { createRoot } from 'react-dom/client';
import type { TokenizeResult } from '../../src/card/contract.ts';
import '../../src/define.ts';
import type {} from '../../src/frameworks/react.ts';

function Checkout() {
  const [saved, setSaved] = useState<TokenizeResult | null>(null);
  const [posted, setPosted] = useState<string | null>(null);

  function pay(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPosted([...new FormData(event.currentTarget)].map(([name, value]) => `${name}=${String(value)}`).join('&'));
  }

  return (
    <>
      <h1>Checkout</h1>
      <div className="columns">
        <section aria-labelledby="summary-title" className="summary">
          <h2 id="summary-title">Your order</h2>
          <p className="total">
            <span>Total</span>
            <span>$42.00</span>
          </p>
        </section>
        <section aria-labelledby="pay-title" className="payment">
          <h2 id="pay-title">Pay by card</h2>
          <p className="note">
            React 19. <a href="./">Other pages</a>
          </p>
          {posted === null ? (
            <form id="checkout" onSubmit={pay}>
              <cache-card-form
                name="cardToken"
                endpoint="/cache-card"
                billingAddress="postal"
                required
                ontokenized={(event) => setSaved(event.detail)}
              />
              <button type="submit" className="pay">
                Pay $42.00
              </button>
            </form>
          ) : (
            <div id="outcome" className="outcome">
              <h2>Card saved</h2>
              <dl>
                <dt>cardToken</dt>
                <dd id="token">{saved?.cardToken}</dd>
                <dt>mask</dt>
                <dd id="mask">{saved?.mask}</dd>
                <dt>Submitted form data</dt>
                <dd id="form-data">{posted}</dd>
              </dl>
            </div>
          )}
        </section>
      </div>
    </>
  );
}

createRoot(document.querySelector('#app')!).render(
  <StrictMode>
    <Checkout />
  </StrictMode>,
);
