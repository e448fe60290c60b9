import { DomainError, isAfter, isBefore } from '@poems/kernel';
import { protocolTransplantDoseMg, withinTolerance, type TransplantDrug } from '@poems/protocol';
import { definedOnly } from './command-fields';
import { doseBasisAt } from './decide-doses';
import { assertNotBeforeEnrolment, assertNotInFuture, protocolFor, type DecideContext } from './decision-rules';
import type { EnrolmentSummary, PatientState } from './state';
import type { Milestone, RecordTransplantMilestone } from './treatment-commands';
import type { TransplantMilestoneRecordedData } from './treatment-events';

/** Position in the transplant sequence; both engraftments follow the infusion in either order. */
const RANK: Readonly<Record<Milestone, number>> = {
  MOBILISATION: 0,
  APHERESIS: 1,
  CONDITIONING: 2,
  STEM_CELL_INFUSION: 3,
  NEUTROPHIL_ENGRAFTMENT: 4,
  PLATELET_ENGRAFTMENT: 4,
};

/**
 * Milestones recorded more than once: a collection often takes several aphereses on consecutive
 * days (issue 16 item 12); the CD34+ yield is judged on their sum.
 */
const REPEATABLE: ReadonlySet<Milestone> = new Set<Milestone>(['APHERESIS']);

/** What must already be recorded. Apheresis may come without a recorded mobilisation. */
const REQUIRES: Readonly<Partial<Record<Milestone, Milestone>>> = {
  CONDITIONING: 'APHERESIS',
  STEM_CELL_INFUSION: 'CONDITIONING',
  NEUTROPHIL_ENGRAFTMENT: 'STEM_CELL_INFUSION',
  PLATELET_ENGRAFTMENT: 'STEM_CELL_INFUSION',
};

function outOfOrder(message: string, field: string): DomainError {
  return new DomainError('MILESTONE_OUT_OF_ORDER', message, 'conflict', [field]);
}

function assertInSequence(cmd: Omit<RecordTransplantMilestone, 'type'>, state: PatientState): void {
  if (!REPEATABLE.has(cmd.milestone) && state.milestones.some((m) => m.milestone === cmd.milestone)) {
    throw new DomainError(
      'MILESTONE_ALREADY_RECORDED',
      `${cmd.milestone} is already recorded; use CorrectEvent to change it`,
      'conflict',
      ['milestone'],
    );
  }
  const required = REQUIRES[cmd.milestone];
  if (required && !state.milestones.some((m) => m.milestone === required)) {
    throw outOfOrder(`${cmd.milestone} needs an earlier ${required}`, 'milestone');
  }
  for (const m of state.milestones) {
    const earlierStep = RANK[m.milestone] < RANK[cmd.milestone];
    const laterStep = RANK[m.milestone] > RANK[cmd.milestone];
    if ((earlierStep && isAfter(m.occurredAt, cmd.occurredAt)) || (laterStep && isBefore(m.occurredAt, cmd.occurredAt))) {
      throw outOfOrder(`${cmd.milestone} at ${cmd.occurredAt} conflicts with ${m.milestone} at ${m.occurredAt}`, 'occurredAt');
    }
  }
}

export function deriveTransplantMilestone(
  cmd: Omit<RecordTransplantMilestone, 'type'>,
  state: PatientState,
  enrolment: EnrolmentSummary,
  context: DecideContext,
): TransplantMilestoneRecordedData {
  assertNotInFuture(cmd.occurredAt, 'occurredAt', context);
  assertNotBeforeEnrolment(cmd.occurredAt, 'occurredAt', enrolment);
  assertInSequence(cmd, state);
  const protocol = protocolFor(enrolment);

  const dose: [TransplantDrug, number] | undefined =
    cmd.cyclophosphamideMg !== undefined
      ? ['CYCLOPHOSPHAMIDE', cmd.cyclophosphamideMg]
      : cmd.melphalanMg !== undefined
        ? ['MELPHALAN', cmd.melphalanMg]
        : undefined;
  const doseCheck = dose && (() => {
    const basis = doseBasisAt(state, enrolment, protocol, cmd.occurredAt);
    const protocolDoseMg = protocolTransplantDoseMg(protocol, dose[0], basis.bsaM2);
    return { ...basis, protocolDoseMg, withinTolerance: withinTolerance(dose[1], protocolDoseMg, protocol.doseTolerance) };
  })();
  const cd34Check = cmd.cd34PerKg !== undefined && {
    cd34MinPerKg: protocol.transplant.cd34MinPerKg,
    cd34BelowMinimum: cmd.cd34PerKg < protocol.transplant.cd34MinPerKg,
  };

  const data: TransplantMilestoneRecordedData = definedOnly({
    milestone: cmd.milestone,
    occurredAt: cmd.occurredAt,
    cyclophosphamideMg: cmd.cyclophosphamideMg,
    cd34PerKg: cmd.cd34PerKg,
    melphalanMg: cmd.melphalanMg,
    ...doseCheck,
    ...cd34Check,
    onProtocolArm: enrolment.arm === 'AUTO_PBSCT',
  });
  return data;
}
