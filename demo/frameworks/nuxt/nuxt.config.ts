export default defineNuxtConfig({
  compatibilityDate: '2026-01-01',
  devtools: { enabled: false },
  telemetry: false,
  app: { head: { title: 'Checkout · Nuxt', htmlAttrs: { lang: 'en' }, link: [{ rel: 'icon', href: 'data:,' }] } },
  // <cache-card-form> is a custom element, not a Vue component: Vue sets its properties and listens to its events.
  vue: { compilerOptions: { isCustomElement: (tag) => tag === 'cache-card-form' } },
  // Where the isolated mode's proxy is: set at run time with NUXT_PUBLIC_CACHE_CARD_ISOLATED_ENDPOINT.
  runtimeConfig: { public: { cacheCardIsolatedEndpoint: 'https://pay.shop.example/cache-card' } },
});
