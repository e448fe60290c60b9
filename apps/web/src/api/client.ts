import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

/**
 * The API client, typed from the OpenAPI document (`npm run api:types` regenerates schema.d.ts; a
 * test fails when it is stale). Same origin: the session cookie rides along (HttpOnly, so no
 * script here ever sees it); every change also carries the session's CSRF token.
 */
export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });

let csrfToken: string | null = null;
const unauthorizedListeners = new Set<(code: string) => void>();

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when any answer says the session has ended, so the app can show the sign-in page. */
export function onUnauthorized(listener: (code: string) => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

const session: Middleware = {
  onRequest({ request }) {
    if (!['GET', 'HEAD'].includes(request.method) && csrfToken) request.headers.set('x-csrf-token', csrfToken);
    return request;
  },
  async onResponse({ request, response }) {
    if (response.status === 401 && !new URL(request.url).pathname.startsWith('/auth/session')) {
      const body = (await response.clone().json().catch(() => ({}))) as { code?: string };
      for (const listener of unauthorizedListeners) listener(body.code ?? 'UNAUTHENTICATED');
    }
    return response;
  },
};
api.use(session);

export type Problem = components['schemas']['Problem'];

/** The problem's message, or a generic one. */
export function problemMessage(error: unknown): string {
  if (error && typeof error === 'object' && 'message' in error && typeof (error as { message: unknown }).message === 'string') return (error as { message: string }).message;
  return 'The request failed; try again.';
}

/** A GET answered as text (the research exports), with the session and Accept header. */
export async function fetchText(path: string, accept: string): Promise<{ ok: boolean; text: string; filename: string | null }> {
  const response = await fetch(path, { headers: { accept }, credentials: 'same-origin' });
  const disposition = response.headers.get('content-disposition') ?? '';
  return { ok: response.ok, text: await response.text(), filename: /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? null };
}
