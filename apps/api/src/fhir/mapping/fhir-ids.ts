/**
 * FHIR ids of the resources drawn from a patient's events: the patient's and the event's UUIDs,
 * hex without dashes (64 characters, FHIR's maximum), so a read finds its stream without an index.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function eventResourceId(patientId: string, eventId: string): string {
  return `${patientId}${eventId}`.replace(/-/g, '').toLowerCase();
}

function uuidOf(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The patient and event of an id made by `eventResourceId`, or null for any other text. */
export function parseEventResourceId(id: string): { patientId: string; eventId: string } | null {
  if (!/^[0-9a-f]{64}$/.test(id)) return null;
  const patientId = uuidOf(id.slice(0, 32));
  const eventId = uuidOf(id.slice(32));
  return UUID.test(patientId) && UUID.test(eventId) ? { patientId, eventId } : null;
}
