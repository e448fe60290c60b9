import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

/**
 * The web app, built into dist/web and served by the API (same origin, so no CORS and a strict CSP).
 * No inline script (the CSP forbids it): the module preload polyfill would be one.
 */
export default defineConfig({
  root: decodeURIComponent(new URL('.', import.meta.url).pathname),
  plugins: [preact()],
  base: '/',
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    sourcemap: true,
    // Strict CSP: no data: URLs for scripts, assets always as files.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 600,
  },
  server: {
    // `npx vite apps/web` for development: the API (npm start) answers these.
    proxy: { '/v1': 'http://127.0.0.1:3000', '/auth': 'http://127.0.0.1:3000' },
  },
});
