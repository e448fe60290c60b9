import { DomainError, type DecidedEvent } from '@poems/kernel';
import {
  bodySurfaceArea,
  describeRange,
  normaliseQuantity,
  PLAUSIBLE_LAB_VALUES,
  type Plausibility,
  plausibilityOf,
  vegfUpperLimit,
  type QuantitativeLabTest,
} from '@poems/protocol';
import type { AssessmentRecordedData, RecordAssessment } from './assessments';
import { definedOnly } from './command-fields';
import {
  assertNotBeforeEnrolment,
  assertNotInFuture,
  assertWithinBaselineWindow,
  protocolFor,
  withClinicalOffset,
  type DecideContext,
} from './decision-rules';
import type { RecordAdverseEvent, RecordLabResultBody } from './observation-commands';
import type { AdverseEventRecordedData, LabResultRecordedData } from './observation-events';
import type { EnrolmentSummary, PatientState } from './state';
import type { EndRegimen, RecordBodyMeasurement } from './treatment-commands';
import type { BodyMeasuredData, RegimenEndedData } from './treatment-events';

type Body<C> = Omit<C, 'type'>;

export function deriveBodyMeasurement(cmd: Body<RecordBodyMeasurement>, enrolment: EnrolmentSummary, context: DecideContext): BodyMeasuredData {
  assertNotInFuture(cmd.measuredAt, 'measuredAt', context);
  assertWithinBaselineWindow(cmd.measuredAt, 'measuredAt', enrolment);
  const { bsaFormula } = protocolFor(enrolment);
  const data: BodyMeasuredData = {
    heightCm: cmd.heightCm,
    weightKg: cmd.weightKg,
    measuredAt: cmd.measuredAt,
    bsaM2: bodySurfaceArea(cmd.heightCm, cmd.weightKg, bsaFormula),
    bsaFormula,
  };
  return data;
}

/** The VEGF limit from the result or the protocol's list of assays; undefined when unknown (issue 16 item 3). */
function vegfLimit(enrolment: EnrolmentSummary, specimen?: string, method?: string, upperLimitOfNormal?: number) {
  const limit = vegfUpperLimit(protocolFor(enrolment), { specimen, method, upperLimitOfNormal });
  return limit.upperLimitPgMl === null ? undefined : { value: limit.upperLimitPgMl, source: limit.source };
}

/** Canonical value and limit; a VEGF of an assay with no known limit says so (`upperLimitSource: 'UNKNOWN'`) and has no flag. */
function quantitativeResult(cmd: RecordLabResultBody & { test: QuantitativeLabTest }, enrolment: EnrolmentSummary) {
  const reportedValue = cmd.value as number;
  const reportedUnit = cmd.unit as string;
  const canonical = normaliseQuantity(cmd.test, reportedValue, reportedUnit);
  const plausibility = checkPlausible(cmd.test, canonical.value, reportedValue, reportedUnit, 'value');
  const ownLimit = cmd.upperLimitOfNormal === undefined ? undefined : normaliseQuantity(cmd.test, cmd.upperLimitOfNormal, reportedUnit).value;
  if (ownLimit !== undefined) checkPlausible(cmd.test, ownLimit, cmd.upperLimitOfNormal!, reportedUnit, 'upperLimitOfNormal');
  const limit: { value: number; source: 'RESULT' | 'PROTOCOL_ASSAY' } | undefined =
    cmd.test === 'VEGF'
      ? vegfLimit(enrolment, cmd.specimen, cmd.method, ownLimit)
      : ownLimit === undefined
        ? undefined
        : { value: ownLimit, source: 'RESULT' };
  return {
    value: canonical.value,
    unit: canonical.unit,
    reportedValue,
    reportedUnit,
    comparator: cmd.comparator,
    upperLimitOfNormal: limit?.value,
    reportedUpperLimitOfNormal: cmd.upperLimitOfNormal,
    upperLimitSource: limit?.source ?? (cmd.test === 'VEGF' ? ('UNKNOWN' as const) : undefined),
    // Normal is strictly below the limit (serum VEGF < 600 pg/mL): a value at the limit is flagged.
    aboveUpperLimit: limit === undefined ? undefined : canonical.value >= limit.value,
    unusual: plausibility === 'unusual' ? (true as const) : undefined,
  };
}

/** Refuses what cannot be a real result (VALUE_IMPOSSIBLE); answers whether it is merely unusual. */
function checkPlausible(test: QuantitativeLabTest, canonicalValue: number, reportedValue: number, reportedUnit: string, field: string): Plausibility {
  const range = PLAUSIBLE_LAB_VALUES[test];
  const plausibility = plausibilityOf(range, canonicalValue);
  if (plausibility === 'impossible') {
    throw new DomainError(
      'VALUE_IMPOSSIBLE',
      `${test} ${reportedValue} ${reportedUnit} cannot be a real result (possible: ${describeRange(range)}); check the value and its unit`,
      'validation',
      [field],
    );
  }
  return plausibility;
}

export function deriveLabResult(
  cmd: RecordLabResultBody,
  state: PatientState,
  enrolment: EnrolmentSummary,
  context: DecideContext,
): LabResultRecordedData {
  assertNotInFuture(cmd.collectedAt, 'collectedAt', context);
  assertWithinBaselineWindow(cmd.collectedAt, 'collectedAt', enrolment);
  if (cmd.accessionId !== undefined && state.labs.some((l) => l.test === cmd.test && l.accessionId === cmd.accessionId)) {
    throw new DomainError(
      'LAB_RESULT_ALREADY_RECORDED',
      `A ${cmd.test} result with accession ${cmd.accessionId} is already recorded; send it with status 'corrected' to replace it`,
      'conflict',
      ['accessionId'],
    );
  }
  const common = {
    collectedAt: cmd.collectedAt,
    specimen: cmd.specimen,
    method: cmd.method,
    heavyChain: cmd.heavyChain,
    lightChain: cmd.lightChain,
    accessionId: cmd.accessionId,
  };
  if (cmd.test === 'M_PROTEIN_IFE' || cmd.test === 'PREGNANCY_TEST') {
    const value = cmd.value as 'positive' | 'negative';
    return definedOnly({ test: cmd.test, value, reportedValue: value, ...common });
  }
  return definedOnly({ test: cmd.test, ...quantitativeResult({ ...cmd, test: cmd.test }, enrolment), ...common });
}

export function deriveAssessment(cmd: Body<RecordAssessment>, enrolment: EnrolmentSummary, context: DecideContext): AssessmentRecordedData {
  assertNotInFuture(cmd.assessedAt, 'assessedAt', context);
  assertWithinBaselineWindow(cmd.assessedAt, 'assessedAt', enrolment);
  // Called with the command itself too: neither its type nor the patient id belongs in the data.
  const { patientId: _patientId, type: _type, ...data } = cmd as Body<RecordAssessment> & { type?: unknown };
  return data as AssessmentRecordedData;
}

export function deriveAdverseEvent(cmd: Body<RecordAdverseEvent>, enrolment: EnrolmentSummary, context: DecideContext): AdverseEventRecordedData {
  assertNotInFuture(cmd.onsetAt, 'onsetAt', context);
  // Baseline toxicities are recorded like baseline labs: up to a year before enrolment.
  assertWithinBaselineWindow(cmd.onsetAt, 'onsetAt', enrolment);
  if (cmd.resolvedAt !== undefined) assertNotInFuture(cmd.resolvedAt, 'resolvedAt', context);
  const { term, grade, onsetAt, resolvedAt, attribution, actionTaken } = cmd;
  return definedOnly({ term, grade, onsetAt, resolvedAt, attribution, actionTaken });
}

export function decideRegimenEnd(
  cmd: Body<EndRegimen>,
  enrolment: EnrolmentSummary,
  context: DecideContext,
): DecidedEvent<'RegimenEnded', RegimenEndedData> {
  assertNotInFuture(cmd.endedAt, 'endedAt', context);
  assertNotBeforeEnrolment(cmd.endedAt, 'endedAt', enrolment);
  return { type: 'RegimenEnded', data: withClinicalOffset({ endedAt: cmd.endedAt, reason: cmd.reason }, cmd.endedAt, enrolment), occurredAt: cmd.endedAt };
}
