import { FACT_KINDS } from './fact-registry';
import { parsePatientEvent, patientEventSchemas } from '../event-registry';
import { ENROLLED_AGE_53, ENROLLED_AGE_69 } from '../test-support/patients';
import { given, PATIENT_ID, when } from '../test-support/scenario';
import type { PatientCommandInput } from '../command-schema';

// Every fact decided for a patient whose enrolment recorded a clinic zone carries the clinic's offset
// (withClinicalOffset): each event's stored schema must accept it, or the event is written and then
// unreadable, and every projection that reads the patient's stream stops on it.
const TOKYO = { ...ENROLLED_AGE_69, data: { ...ENROLLED_AGE_69.data, clinicTimeZone: 'Asia/Tokyo' } } as typeof ENROLLED_AGE_69;
const TOKYO_TRANSPLANT = { ...ENROLLED_AGE_53, data: { ...ENROLLED_AGE_53.data, clinicTimeZone: 'Asia/Tokyo' } } as typeof ENROLLED_AGE_53;

describe('facts of a patient whose clinic zone is recorded, as stored and read back', () => {
  const commands: Array<[string, typeof TOKYO, Record<string, unknown>]> = [
    ['a transfusion', TOKYO_TRANSPLANT, { type: 'RecordTransfusion', product: 'PLATELETS', givenAt: '2024-05-01T10:00:00+09:00', units: 2 }],
    ['a performance status', TOKYO, { type: 'RecordPerformanceStatus', scale: 'ECOG', score: 1, assessedAt: '2024-05-01T10:00:00+09:00' }],
    ['a thalidomide dispensing', TOKYO, { type: 'DispenseThalidomide', mgPerDay: 100, daysSupply: 28, dispensedAt: '2024-05-01T10:00:00+09:00' }],
    ['a thromboprophylaxis start', TOKYO, { type: 'StartThromboprophylaxis', agent: 'ASPIRIN', startedAt: '2024-05-01T10:00:00+09:00' }],
  ];
  it.each(commands)('reads %s back with its schema, offset included', (_what, enrolled, command) => {
    const [event] = when(given(enrolled), { ...command, patientId: PATIENT_ID } as PatientCommandInput);
    expect(event!.data).toMatchObject({ clinicalTimeOffset: '+09:00' });
    expect(parsePatientEvent(event!.type, patientEventSchemas[event!.type].schemaVersion, event!.data).data).toEqual(event!.data);
  });
});

describe('every kind of fact in the registry', () => {
  /** The object shapes a schema may store: the schema itself, or each option of a union. */
  const shapesOf = (schema: unknown): Array<Record<string, unknown>> => {
    const def = (schema as { def?: { type?: string; options?: unknown[]; shape?: Record<string, unknown> } }).def;
    if (def?.options) return def.options.flatMap(shapesOf);
    return [(schema as { shape: Record<string, unknown> }).shape];
  };

  it.each(FACT_KINDS.map((kind) => [kind.event, kind] as const))('%s stores the clinic offset its decision adds', (_event, kind) => {
    for (const shape of shapesOf(kind.eventSchema)) expect(Object.keys(shape)).toContain('clinicalTimeOffset');
  });
});
