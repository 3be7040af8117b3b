// The Node server: the card proxy at /cache-card (before anything that reads bodies), the built browser files,
// then Angular's server rendering. The isolated mode's proxy address is handed to the app per request.
import { AngularNodeAppEngine, createNodeRequestHandler, isMainModule, writeResponseToNodeResponse } from '@angular/ssr/node';
import { createCacheCardHandler, expressMiddleware, readProxyConfig } from 'cache-card-form/server';
import express from 'express';
import { join } from 'node:path';

const app = express();
const angularApp = new AngularNodeAppEngine();

// Configured from the environment (ALIPAY_ENDPOINT, ALIPAY_CLIENT_ID, ALIPAY_PRIVATE_KEY, ALIPAY_PUBLIC_KEY,
// ALLOWED_ORIGINS...), read at the first request: the build loads this file too, without them.
let proxy: ReturnType<typeof expressMiddleware> | undefined;
app.use('/cache-card', (req, res) => {
  if (!proxy) {
    const config = readProxyConfig(process.env);
    proxy = expressMiddleware(createCacheCardHandler({ alipay: config.alipay, ...config.options }), config.client);
  }
  void proxy(req, res);
});

app.use(express.static(join(import.meta.dirname, '../browser'), { maxAge: '1y', index: false, redirect: false }));

app.use((req, res, next) => {
  const requestContext = { isolatedEndpoint: process.env['CACHE_CARD_ISOLATED_ENDPOINT'] };
  angularApp
    .handle(req, requestContext)
    .then((response) => (response ? writeResponseToNodeResponse(response, res) : next()))
    .catch(next);
});

if (isMainModule(import.meta.url)) {
  const port = Number(process.env['PORT'] || 4000);
  const host = process.env['HOST'] || 'localhost';
  app.listen(port, host, (error) => {
    if (error) throw error;
    console.log(`Listening on http://${host}:${port}`);
  });
}

export const reqHandler = createNodeRequestHandler(app);
