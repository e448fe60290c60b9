import { parsePatientEvent, type PatientCommandInput } from '@poems/patient';
import { clinicalTimes, foldResponse, researchTimes, responseInputOf, summariseResponseRows, type ResponseInput, type ResponseRow, type ResponseTimeOf } from '@poems/read-models';
import { generateCohort } from './index';
import { decidedEvents } from './testing/fold-cohort';

/**
 * The per-domain response (issue 12) over the demo cohort, folded from the same events the import
 * records: the study's thalidomide arm must still read 12 improved and 3 stabilised, and each
 * patient the outcome the generator planned.
 */
const END = '2026-11-01';
const cohort = generateCohort({ seed: 'poems-demo', endDate: END });

function responseRows(commands: ReadonlyArray<PatientCommandInput>, time: ResponseTimeOf = clinicalTimes): ResponseRow[] {
  const rows: ResponseRow[] = [];
  for (const [patientId, events] of decidedEvents(commands, END)) {
    const inputs = events.flatMap((e): ResponseInput[] => {
      const parsed = parsePatientEvent(e.type, 1, e.data);
      const correctsKey = parsed.type === 'EventCorrected' ? parsed.data.correctsEventId : null;
      const input = responseInputOf(parsed, { subject: patientId, key: e.eventId, correctsKey, time });
      return input ? [input] : [];
    });
    const row = foldResponse(inputs);
    if (row) rows.push(row);
  }
  return rows;
}

describe('the demo cohort’s responses per domain', () => {
  const summary = summariseResponseRows(responseRows(cohort.commands));

  it('counts 12 improved and 3 stabilised on the thalidomide arm, as in the study', () => {
    expect(summary.perArm.find((a) => a.arm === 'THALIDOMIDE_DEXAMETHASONE')).toEqual({ arm: 'THALIDOMIDE_DEXAMETHASONE', improved: 12, stabilised: 3, progressed: 0, notEvaluable: 0 });
  });

  it('counts the same from the research rows (shifted clinic dates), whatever the shift', () => {
    for (const shift of [-180, 37]) {
      const research = summariseResponseRows(responseRows(cohort.commands, researchTimes(shift)));
      expect(research.perArm).toEqual(summary.perArm);
    }
  });

  it('gives each patient the outcome the generator planned', () => {
    for (const p of cohort.patients) {
      const response = summary.perPatient.find((r) => r.subject === p.id)!;
      expect([p.id, response.classification]).toEqual([p.id, p.expectedOutcome === 'IMPROVED' ? 'IMPROVED' : 'STABILISED']);
    }
  });
});
