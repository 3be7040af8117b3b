import { defineConfig } from 'vite';
import { cacheCardDemo } from './demo/dev-servers.ts';

const port = Number(process.env.PORT) || 5173;

export default defineConfig({
  root: 'demo',
  server: { port, strictPort: true, host: 'localhost' },
  plugins: [cacheCardDemo(port)],
});
