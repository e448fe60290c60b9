import { defineProtocol, getProtocol, SEED_PROTOCOL } from '@poems/protocol';
import { evaluateRules } from './alert-rules';
import { previewPatient, replayUnder } from './protocol-preview';
import { ENROL_AGE_53, ENROL_AGE_69, eventId, history, type Command } from './test-support/history';

const NOW = '2024-09-01T00:00:00.000Z';
const dex = (givenAt: string): Command => ({ type: 'RecordDexamethasoneDose', doseMg: 18.7, givenAt });
const raisedFor = (state: ReturnType<typeof history>) => evaluateRules(state, NOW).findings.map((f) => ({ rule: f.rule, episodeKey: f.episodeKey, status: 'OPEN' as const }));

// A small cohort: a thalidomide patient whose cycles run 30 days apart (inside the seed's 3-day
// grace), one with a dose corrected, and a transplant patient.
const steady = history(ENROL_AGE_69, { type: 'ChangeThalidomideDose', mgPerDay: 100, effectiveAt: '2024-03-02T09:00:00Z' }, { type: 'StartThromboprophylaxis', agent: 'ASPIRIN', startedAt: '2024-03-02T09:00:00Z' }, { type: 'ChangeThalidomideDose', mgPerDay: 200, effectiveAt: '2024-03-16T09:00:00Z' }, dex('2024-03-02T09:00:00Z'), dex('2024-04-01T09:00:00Z'), dex('2024-04-29T09:00:00Z'), dex('2024-05-27T09:00:00Z'), dex('2024-06-24T09:00:00Z'), dex('2024-07-22T09:00:00Z'), dex('2024-08-19T09:00:00Z'));
const transplant = history(ENROL_AGE_53, { type: 'RecordTransplantMilestone', milestone: 'APHERESIS', occurredAt: '2024-03-20T09:00:00Z', cd34PerKg: 4 } as Command);
// A candidate with no grace at all for dexamethasone, and a J-POST-like eligibility of 60 and over.
const strict = defineProtocol({ ...structuredClone(SEED_PROTOCOL), version: 2, dexamethasone: { ...SEED_PROTOCOL.dexamethasone, graceDays: 0 } } as never);
const older = defineProtocol({ ...structuredClone(SEED_PROTOCOL), id: 'seed-from-60', eligibility: { minAge: 60, transplantIneligibleOnly: false, source: 'test' } } as never);

describe('the impact preview of a candidate protocol (issue 12)', () => {
  it('under the published protocol itself, adds and removes nothing', () => {
    const same = previewPatient(getProtocol('poems-seed', 1), steady, raisedFor(steady), NOW);
    expect(same).toEqual({ patientId: steady.patientId, added: [], removed: [], kept: raisedFor(steady).length });
  });

  it('adds the alerts a stricter candidate would raise, per rule, with their clinical times', () => {
    const preview = previewPatient(strict, steady, raisedFor(steady), NOW);
    const besidesSchedule = <T extends { rule: string }>(list: ReadonlyArray<T>) => list.filter((a) => a.rule !== 'ASSESSMENT_OVERDUE');
    expect(besidesSchedule(preview.removed)).toEqual([]);
    expect(besidesSchedule(preview.added).map((a) => [a.rule, a.clinicalTime, a.active])).toEqual([['DEX_CYCLE_MISSED', '2024-03-30T09:00:00.000Z', false]]);
  });

  it('moves the thalidomide arm’s scheduled assessments with a cycle the candidate re-anchors (no VEGF was ever drawn here)', () => {
    // Without grace, the cycle started on 1 April (2 days after its due date) re-anchors the grid: every later due day moves 2 days
    // (the last one's window, to 2 September, is still open on 1 September).
    const preview = previewPatient(strict, steady, raisedFor(steady), NOW);
    const dues = (list: ReadonlyArray<{ rule: string; episodeKey: string }>) => list.filter((a) => a.episodeKey.startsWith('VEGF:')).map((a) => a.episodeKey.slice(5, 15));
    expect(dues(preview.removed)).toEqual(['2024-04-27', '2024-05-25', '2024-06-22', '2024-07-20', '2024-08-17']);
    expect(dues(preview.added)).toEqual(['2024-04-29', '2024-05-27', '2024-06-24', '2024-07-22']);
  });

  // The transplant half reads when a value became known from the corrections (a CD34+ yield added by one counts from it, late):
  // a replay that decided the corrected values as if first recorded would drop that alert under the very same protocol.
  it('keeps what the corrections say: a CD34+ yield added late by a correction is still late under the same protocol', () => {
    const corrected = history(
      ENROL_AGE_53,
      { type: 'RecordTransplantMilestone', milestone: 'APHERESIS', occurredAt: '2024-03-20T09:00:00Z' } as Command,
      { type: 'CorrectEvent', correctsEventId: eventId(2), reason: 'count arrived', cd34PerKg: 3 } as Command,
    );
    expect(raisedFor(corrected).map((f) => f.rule)).toContain('ASSESSMENT_OVERDUE');
    expect(previewPatient(getProtocol('poems-seed', 1), corrected, raisedFor(corrected), NOW)).toEqual({ patientId: corrected.patientId, added: [], removed: [], kept: raisedFor(corrected).length });
  });

  it('removes the alerts raised that the candidate would not raise', () => {
    const raised = [{ rule: 'DEX_CYCLE_MISSED' as const, episodeKey: 'due:2024-03-30T09:00:00.000Z', status: 'RESOLVED' as const }];
    expect(previewPatient(getProtocol('poems-seed', 1), steady, raised, NOW).removed).toEqual(raised);
  });

  it('says when a patient could not be enrolled under the candidate, and touches nothing', () => {
    expect(previewPatient(older, transplant, [], NOW)).toEqual({
      patientId: transplant.patientId,
      refused: { code: 'NOT_ELIGIBLE', message: 'seed-from-60 v1 enrols patients from age 60; this patient is 53' },
      added: [],
      removed: [],
      kept: 0,
    });
  });

  it('keeps event ids, so episodes compare, and never leaves the candidate visible afterwards', () => {
    const replayed = replayUnder(getProtocol('poems-seed', 1), steady, NOW);
    expect(replayed.dexamethasone.map((d) => d.eventId)).toEqual(steady.dexamethasone.map((d) => d.eventId));
    expect(replayed.dexamethasone[0]!.eventId).toBe(eventId(5));
    previewPatient(strict, steady, [], NOW);
    expect(() => getProtocol('poems-seed', 2)).toThrow(expect.objectContaining({ code: 'PROTOCOL_UNKNOWN' }));
  });
});
