// Isolated mode: the card fields live in a frame served by the proxy from its own origin. The server says where
// that is, when the page is requested.
import { connection } from 'next/server';
import { Checkout } from '../checkout';

export default async function Page() {
  await connection();
  const endpoint = process.env.CACHE_CARD_ISOLATED_ENDPOINT ?? 'https://pay.shop.example/cache-card';
  return (
    <main>
      <h1>Checkout, isolated fields</h1>
      <Checkout endpoint={endpoint} isolated />
    </main>
  );
}
