import type { PatientEvent } from '@poems/patient';
import { clinicalTimes, researchTimes, responseInputOf, type ResponseTimeOf } from './response-inputs';
import { foldResponse } from './response-evolve';
import type { ResponseInput } from './response-rows';

/**
 * The response read from stored events as the projection reads them (event data with the clinic's
 * UTC offset recorded beside each clinical time). Data below is what the decider records for a
 * clinic in Tokyo, written out literally.
 */
const OFFSET = { clinicalTimeOffset: '+09:00' };
const enrolled = { type: 'PatientEnrolled', data: { arm: 'THALIDOMIDE_DEXAMETHASONE', protocol: { id: 'poems-seed', version: 1 } } };
const started = (effectiveAt: string) => ({ type: 'ThalidomideDoseChanged', data: { mgPerDay: 100, phase: 'START', effectiveAt, ...OFFSET } });
const vegf = (value: number, collectedAt: string) => ({
  type: 'LabResultRecorded',
  data: { test: 'VEGF', value, unit: 'pg/mL', collectedAt, specimen: 'serum', method: 'RIA', upperLimitOfNormal: 600, upperLimitSource: 'PROTOCOL_ASSAY', ...OFFSET },
});
const onls = (score: number, assessedAt: string) => ({ type: 'AssessmentRecorded', data: { kind: 'ONLS', score, assessedAt, ...OFFSET } });
const conduction = (nerve: string, cmapAmplitudeMv: number, assessedAt: string) => ({
  type: 'AssessmentRecorded',
  data: { kind: 'NERVE_CONDUCTION', nerve, side: 'right', cmapAmplitudeMv, conductionVelocityMs: 40, assessedAt, ...OFFSET },
});

function rowOf(events: ReadonlyArray<{ type: string; data: object }>, time: ResponseTimeOf = clinicalTimes) {
  const inputs = events.flatMap((event, i): ResponseInput[] => {
    const input = responseInputOf(event as PatientEvent, { subject: 'p1', key: `e${i}`, correctsKey: null, time });
    return input ? [input] : [];
  });
  return foldResponse(inputs)!;
}

// Issue 16 item 9: days since the start were rounded multiples of 24 hours between UTC times.
describe('a thalidomide start at 00:30 in Tokyo (1 March in UTC) and a VEGF at 20:00 on 1 April', () => {
  const events = [enrolled, vegf(2000, '2024-02-20T01:00:00.000Z'), started('2024-03-01T15:30:00.000Z'), vegf(900, '2024-04-01T11:00:00.000Z')];

  it('is 30 clinic days after the start (2 March to 1 April), not 31', () => {
    expect(rowOf(events).current.VEGF).toMatchObject({ daysSinceStart: 30, at: '2024-04-01T11:00:00.000Z' });
  });

  it('is the same 30 days in the research rows, whose dates are shifted clinic dates at midnight UTC', () => {
    const row = rowOf(events, researchTimes(-10));
    expect(row.treatmentStartedAt).toBe('2024-02-21T00:00:00.000Z');
    expect(row.current.VEGF).toMatchObject({ daysSinceStart: 30, at: '2024-03-22T00:00:00.000Z' });
  });
});

// Issue 16 item 14 met the response: the neuropathy rule keyed nerves by code, the response by the text typed.
describe('a baseline conduction study of the "Median nerve" (stored before nerves were coded) and a later one of the "median"', () => {
  it('are one series: the 40% fall of the CMAP amplitude is a clinical worsening', () => {
    const row = rowOf([enrolled, conduction('Median nerve', 3, '2024-02-25T01:00:00.000Z'), onls(6, '2024-02-25T01:00:00.000Z'), started('2024-03-01T01:00:00.000Z'), onls(6, '2024-06-01T01:00:00.000Z'), conduction('median', 1.8, '2024-06-01T01:00:00.000Z')]);
    expect(row.current.CLINICAL).toMatchObject({ response: 'WORSENED', detail: 'ONLS 6 against baseline 6 (0); CMAP median (right) 1.8 mV (-40%)' });
  });
});
