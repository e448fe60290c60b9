import { api } from './api/client';

export interface LiveAlertEvent {
  type: 'alert.raised' | 'alert.acknowledged' | 'alert.escalated' | 'alert.resolved';
  alertId: string;
  data: Record<string, unknown>;
}

const EVENT_TYPES = ['alert.raised', 'alert.acknowledged', 'alert.escalated', 'alert.resolved'] as const;

/**
 * The live alert feed over server-sent events. EventSource cannot send headers, so each connection
 * opens with a single-use ticket (POST /v1/alerts/stream-tickets, with the session). A ticket works
 * once, so on any drop the feed asks for a new one and resumes after the last event it saw
 * (`after=`): nothing is missed, nothing is doubled. Stops for good when the session has ended.
 */
export function subscribeToAlerts(onEvent: (event: LiveAlertEvent) => void, onState: (state: 'live' | 'reconnecting' | 'ended') => void): () => void {
  let source: EventSource | null = null;
  let lastId: string | null = null;
  let stopped = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;

  const open = async () => {
    if (stopped) return;
    const { data, response } = await api.POST('/v1/alerts/stream-tickets', {}).catch(() => ({ data: undefined, response: undefined }));
    if (stopped) return;
    if (!data) {
      if (response?.status === 401 || response?.status === 403) return end();
      return later();
    }
    const url = lastId ? `${data.url}&after=${encodeURIComponent(lastId)}` : data.url;
    source = new EventSource(url);
    source.addEventListener('open', () => {
      failures = 0;
      onState('live');
    });
    for (const type of EVENT_TYPES) {
      source.addEventListener(type, (message) => {
        const event = message as MessageEvent<string>;
        if (event.lastEventId) lastId = event.lastEventId;
        const parsed = JSON.parse(event.data) as { alertId: string; data: Record<string, unknown> };
        onEvent({ type, alertId: parsed.alertId, data: parsed.data });
      });
    }
    source.addEventListener('stream.closed', (message) => {
      const { reason } = JSON.parse((message as MessageEvent<string>).data) as { reason: string };
      source?.close();
      if (reason === 'TOKEN_EXPIRED') end();
      else later();
    });
    // The browser's own retry would resend a used ticket: reconnect here instead.
    source.addEventListener('error', () => {
      source?.close();
      later();
    });
  };
  const later = () => {
    if (stopped) return;
    onState('reconnecting');
    failures += 1;
    retry = setTimeout(() => void open(), Math.min(30_000, 1000 * 2 ** Math.min(failures, 5)));
  };
  const end = () => {
    stopped = true;
    onState('ended');
  };

  void open();
  return () => {
    stopped = true;
    clearTimeout(retry);
    source?.close();
  };
}
