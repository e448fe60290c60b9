import type { Entry } from './state';

/** The values of an entry without its bookkeeping: what the event's (corrected) data holds. */
export function entryValues<D extends object>(entry: Entry<D>): D {
  const { eventId: _e, recordedAt: _r, correctedBy: _c, original: _o, ...rest } = entry as Entry<D> & { source?: unknown };
  const { source: _s, identityErased: _i, ...values } = rest as typeof rest & { source?: unknown; identityErased?: unknown };
  return values as unknown as D;
}
