// Isolated mode: the proxy runs on its own origin and serves the card frame; the server says where it is.
import { env } from '$env/dynamic/private';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = () => ({ endpoint: env.CACHE_CARD_ISOLATED_ENDPOINT ?? 'https://pay.shop.example/cache-card' });
