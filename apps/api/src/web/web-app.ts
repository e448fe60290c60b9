import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** Where `npm run build` puts the web app (Vite's output), found from here in source and in dist alike. */
export function webAppRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'dist/web');
}

/**
 * The web app's policy: script, styles, images and API calls from this origin only; no inline
 * script or style attribute; nothing may frame it; no form posts anywhere (sign-out is a fetch).
 */
export const WEB_APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Cookies (web sessions) and the web app's hashed assets. */
export async function registerWebPlugins(app: NestFastifyApplication): Promise<void> {
  await app.register(fastifyCookie);
  const assets = join(webAppRoot(), 'assets');
  if (!existsSync(assets)) return;
  await app.register(fastifyStatic, {
    root: assets,
    prefix: '/assets/',
    // Content-hashed names and no patient data: browsers may keep them.
    maxAge: '365d',
    immutable: true,
    index: false,
    list: false,
    dotfiles: 'deny',
    decorateReply: false,
    setHeaders: (reply) => reply.raw.setHeader('cache-control', 'public, max-age=31536000, immutable'),
  });
}
