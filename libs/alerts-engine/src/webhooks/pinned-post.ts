import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { WebhookTarget } from './address-policy';

/**
 * POSTs to a checked target, connecting only to the addresses that were checked: the socket's
 * DNS lookup is answered with them, so a name that resolves elsewhere a moment later (DNS
 * rebinding) cannot redirect the connection. TLS still verifies the certificate against the host
 * name. Redirects are not followed (node's client never does), and each attempt opens its own
 * connection (no pooled socket from an earlier resolution). Only the status code is read.
 */
export function pinnedPost(target: WebhookTarget, headers: Record<string, string>, body: string, timeoutMs: number): Promise<number> {
  const pinned: LookupFunction = (_hostname, options, callback) => {
    const [first] = target.addresses;
    if (options.all) (callback as unknown as (error: null, addresses: Array<{ address: string; family: number }>) => void)(null, target.addresses);
    else callback(null, first!.address, first!.family);
  };
  const send = target.url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(target.url, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      lookup: pinned,
      agent: false,
      signal: AbortSignal.timeout(timeoutMs),
    });
    req.on('response', (response) => {
      resolve(response.statusCode ?? 0);
      response.destroy();
    });
    req.on('error', (error) => reject(error.name === 'AbortError' ? Object.assign(new Error(`timed out after ${timeoutMs} ms`), { name: 'TimeoutError' }) : error));
    req.end(body);
  });
}
