/**
 * Stream ids are built and parsed here only: `<category>-<id>`. A category names what the stream
 * holds; the id is what the domain calls it (a patient's or an alert's UUID).
 */
export const STREAM_CATEGORIES = ['patient', 'alert'] as const;
export type StreamCategory = (typeof STREAM_CATEGORIES)[number];

export type ParsedStreamId = { readonly category: StreamCategory; readonly id: string } | { readonly category: null; readonly id: null };

export function streamIdOf(category: StreamCategory, id: string): string {
  return `${category}-${id}`;
}

export function patientStreamId(patientId: string): string {
  return streamIdOf('patient', patientId);
}

export function alertStreamId(alertId: string): string {
  return streamIdOf('alert', alertId);
}

/** The category and id of a stream; `{category: null}` for streams the domain does not own (e.g. audit seals). */
export function parseStreamId(streamId: string): ParsedStreamId {
  for (const category of STREAM_CATEGORIES) {
    const prefix = `${category}-`;
    if (streamId.startsWith(prefix) && streamId.length > prefix.length) return { category, id: streamId.slice(prefix.length) };
  }
  return { category: null, id: null };
}

/** The patient id of a `patient-<id>` stream, else undefined. */
export function patientIdOfStream(streamId: string): string | undefined {
  const parsed = parseStreamId(streamId);
  return parsed.category === 'patient' ? parsed.id : undefined;
}

/** The alert id of an `alert-<id>` stream, else undefined. */
export function alertIdOfStream(streamId: string): string | undefined {
  const parsed = parseStreamId(streamId);
  return parsed.category === 'alert' ? parsed.id : undefined;
}
