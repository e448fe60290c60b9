import { DomainError, isAfter, type IsoTime } from '@poems/kernel';
import { z } from 'zod';
import { atOrBefore } from '../clinical-order';
import { clinicalTimeInput, patientIdField, text } from '../command-fields';
import { CORRECTED_REASON } from '../correction-names';
import { assertNotBeforeEnrolment, assertNotInFuture } from '../decision-rules';
import { clinicalTimeOffsetField, utcTime } from '../event-fields';
import type { PatientState } from '../state';
import { defineFact, pickDefined } from './fact-kind';

/**
 * Thromboprophylaxis (issue 12): thalidomide with dexamethasone causes venous thromboembolism, so
 * IMWG (Palumbo et al., Leukemia 2008) expects aspirin or a low-molecular-weight heparin from the
 * start; warfarin and direct oral anticoagulants are used too.
 */
export const THROMBOPROPHYLAXIS_AGENTS = ['ASPIRIN', 'LMWH', 'WARFARIN', 'DOAC'] as const;
export const thromboprophylaxisAgentSchema = z.enum(THROMBOPROPHYLAXIS_AGENTS);

/** The prophylaxis active at a clinical time: the latest start at or before it with no stop after it. */
export function activeThromboprophylaxisAt(state: PatientState, time: IsoTime) {
  const start = atOrBefore(state.thromboprophylaxisStarts, time, (s) => s.startedAt).at(-1);
  if (!start) return undefined;
  const stopped = atOrBefore(state.thromboprophylaxisStops, time, (s) => s.stoppedAt).some((s) => !isAfter(start.startedAt, s.stoppedAt));
  return stopped ? undefined : start;
}

const startFields = { patientId: patientIdField, agent: thromboprophylaxisAgentSchema, startedAt: clinicalTimeInput };
export const startThromboprophylaxisBodySchema = z.strictObject(startFields);
export const startThromboprophylaxisSchema = z.strictObject({ type: z.literal('StartThromboprophylaxis'), ...startFields });
export const thromboprophylaxisStartedSchema = z.strictObject({ agent: thromboprophylaxisAgentSchema, startedAt: utcTime, ...clinicalTimeOffsetField });
export type ThromboprophylaxisStartedData = z.output<typeof thromboprophylaxisStartedSchema>;

const stopFields = { patientId: patientIdField, stoppedAt: clinicalTimeInput, reason: text(500) };
export const stopThromboprophylaxisBodySchema = z.strictObject(stopFields);
export const stopThromboprophylaxisSchema = z.strictObject({ type: z.literal('StopThromboprophylaxis'), ...stopFields });
export const thromboprophylaxisStoppedSchema = z.strictObject({ stoppedAt: utcTime, reason: z.string().min(1), ...clinicalTimeOffsetField });
export type ThromboprophylaxisStoppedData = z.output<typeof thromboprophylaxisStoppedSchema>;

export const thromboprophylaxisStartFact = defineFact({
  command: 'StartThromboprophylaxis',
  event: 'ThromboprophylaxisStarted',
  stateKey: 'thromboprophylaxisStarts',
  schemaVersion: 1,
  bodySchema: startThromboprophylaxisBodySchema,
  commandSchema: startThromboprophylaxisSchema,
  eventSchema: thromboprophylaxisStartedSchema,
  timeField: 'startedAt',
  regimenBound: true,
  derive: (body, state, enrolment, context) => {
    assertNotInFuture(body.startedAt, 'startedAt', context);
    assertNotBeforeEnrolment(body.startedAt, 'startedAt', enrolment);
    const active = activeThromboprophylaxisAt(state, body.startedAt);
    if (active) {
      const message = `${active.agent} is active since ${active.startedAt}: stop it before starting another agent`;
      throw new DomainError('THROMBOPROPHYLAXIS_ALREADY_ACTIVE', message, 'conflict', ['startedAt']);
    }
    return { agent: body.agent, startedAt: body.startedAt };
  },
  correctableFields: () => ['agent', 'startedAt'],
  commandBody: (patientId, entry) => ({ patientId, ...pickDefined(entry, ['agent', 'startedAt']) }),
  rest: { path: 'thromboprophylaxis-starts', summary: 'Start thromboprophylaxis (ASPIRIN, LMWH, WARFARIN or DOAC)' },
  timeline: { section: 'thromboprophylaxis', present: ({ agent }) => ({ event: 'STARTED', agent }) },
});

export const thromboprophylaxisStopFact = defineFact({
  command: 'StopThromboprophylaxis',
  event: 'ThromboprophylaxisStopped',
  stateKey: 'thromboprophylaxisStops',
  schemaVersion: 1,
  bodySchema: stopThromboprophylaxisBodySchema,
  commandSchema: stopThromboprophylaxisSchema,
  eventSchema: thromboprophylaxisStoppedSchema,
  timeField: 'stoppedAt',
  // Prophylaxis is often stopped after the regimen ends.
  regimenBound: false,
  derive: (body, state, enrolment, context) => {
    assertNotInFuture(body.stoppedAt, 'stoppedAt', context);
    assertNotBeforeEnrolment(body.stoppedAt, 'stoppedAt', enrolment);
    if (!activeThromboprophylaxisAt(state, body.stoppedAt)) {
      throw new DomainError('THROMBOPROPHYLAXIS_NOT_ACTIVE', `No thromboprophylaxis is active at ${body.stoppedAt}`, 'conflict', ['stoppedAt']);
    }
    return { stoppedAt: body.stoppedAt, reason: body.reason };
  },
  correctableFields: () => ['stoppedAt', CORRECTED_REASON],
  commandBody: (patientId, entry) => ({ patientId, ...pickDefined(entry, ['stoppedAt', 'reason']) }),
  rest: { path: 'thromboprophylaxis-stops', summary: 'Stop thromboprophylaxis, with the reason' },
  timeline: { section: 'thromboprophylaxis', present: ({ reason }) => ({ event: 'STOPPED', reason }) },
});
