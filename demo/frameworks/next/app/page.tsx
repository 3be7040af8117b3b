// Inline mode: the card fields are in the page; the proxy is this app's own /cache-card route.
import { Checkout } from './checkout';

export default function Page() {
  return (
    <main>
      <h1>Checkout</h1>
      <Checkout endpoint="/cache-card" />
    </main>
  );
}
