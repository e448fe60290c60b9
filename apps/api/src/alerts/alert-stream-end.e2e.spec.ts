import type { SubscriptionOptions } from '@poems/event-store';
import { startTestApi, type TestApi } from '../testing/test-api';

describe('the live alert stream when its store subscription gives up', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  }, 60_000);
  afterAll(() => api.close());

  it('ends the response, so the browser reconnects with Last-Event-ID instead of receiving heartbeats and never an alert', async () => {
    const store = api.infra.rawStore;
    const subscribe = store.subscribeToAll.bind(store);
    // As a store does on an error it cannot retry past: onError, and the subscription is over.
    store.subscribeToAll = (options: SubscriptionOptions) => {
      const subscription = subscribe(options);
      setTimeout(() => void subscription.stop().then(() => options.onError?.(new Error('access denied'))), 100);
      return subscription;
    };
    const token = api.token('dr-ito', ['clinician'], ['haem-e']);
    const response = await fetch(`${api.url}/v1/alerts/stream?after=0`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(5000) });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain(': connected after position 0');
  });
});
