import type { AdverseEvent, CodeableConcept, Extension } from '@medplum/fhirtypes';
import type { AdverseEventEntry, PatientState } from '@poems/patient';
import { concept, constantCase, local } from './fhir-codes';
import type { MappingContext } from './fhir-context';

const OUTCOME = 'http://terminology.hl7.org/CodeSystem/adverse-event-outcome';
const CAUSALITY = 'http://terminology.hl7.org/CodeSystem/adverse-event-causality-assess';
/** R4 AdverseEvent has no element for these: this system's extensions (documented in the README). */
export const AE_RESOLVED_AT = local('StructureDefinition/adverse-event-resolved-at');
export const AE_ACTION_TAKEN = local('StructureDefinition/adverse-event-action-taken');

/** NCI attribution as recorded, with the WHO-UMC causality term of R4's example value set where one fits (none says "unrelated"). */
const ATTRIBUTIONS: Readonly<Record<NonNullable<AdverseEventEntry['attribution']>, { who?: [string, string]; text: string }>> = {
  UNRELATED: { text: 'Unrelated' },
  UNLIKELY: { who: ['Unlikely', 'Unlikely'], text: 'Unlikely related' },
  POSSIBLE: { who: ['Possible', 'Possible'], text: 'Possibly related' },
  PROBABLE: { who: ['Probably-Likely', 'Probably/Likely'], text: 'Probably related' },
  DEFINITE: { who: ['Certain', 'Certain'], text: 'Definitely related' },
};

function attribution(value: NonNullable<AdverseEventEntry['attribution']>): CodeableConcept {
  const { who, text } = ATTRIBUTIONS[value];
  return { coding: [{ system: local('ae-attribution'), code: value, display: text }, ...(who ? [{ system: CAUSALITY, code: who[0], display: who[1] }] : [])], text };
}

/** The treatment the attribution is to: the patient's study treatment (the arm), named, as R4 allows no MedicationRequest here. */
function studyTreatment(state: PatientState): string {
  const enrolment = state.enrolment;
  return enrolment ? `Study treatment: ${constantCase(enrolment.arm)} (${enrolment.protocol.id} v${enrolment.protocol.version})` : 'Study treatment';
}

/**
 * CTCAE grade 1 mild, 2 moderate, 3 and more severe (the grade itself is in the text); outcome from
 * the resolution (fatal at grade 5); the attribution to the study treatment as the suspect entity's
 * causality; the resolution time and the action taken with the treatment as extensions.
 */
export function adverseEventResource(entry: AdverseEventEntry, ctx: MappingContext, state: PatientState): AdverseEvent {
  const severity = entry.grade <= 1 ? 'mild' : entry.grade === 2 ? 'moderate' : 'severe';
  const outcome = entry.grade === 5 ? 'fatal' : entry.resolvedAt ? 'resolved' : 'ongoing';
  const extension: Extension[] = [
    ...(entry.resolvedAt ? [{ url: AE_RESOLVED_AT, valueDateTime: entry.resolvedAt }] : []),
    ...(entry.actionTaken ? [{ url: AE_ACTION_TAKEN, valueCodeableConcept: concept(local('ae-action-taken'), entry.actionTaken, constantCase(entry.actionTaken), constantCase(entry.actionTaken)) }] : []),
  ];
  return {
    resourceType: 'AdverseEvent',
    id: ctx.idOf(entry.eventId),
    meta: { lastUpdated: ctx.lastUpdated(entry) },
    ...(extension.length && { extension }),
    actuality: 'actual',
    subject: ctx.subject,
    event: { text: `${entry.term} (CTCAE grade ${entry.grade})` },
    date: entry.onsetAt,
    recordedDate: entry.recordedAt,
    severity: concept('http://terminology.hl7.org/CodeSystem/adverse-event-severity', severity, constantCase(severity)),
    outcome: concept(OUTCOME, outcome, outcome === 'ongoing' ? 'Ongoing' : constantCase(outcome)),
    ...(entry.attribution && { suspectEntity: [{ instance: { display: studyTreatment(state) }, causality: [{ assessment: attribution(entry.attribution) }] }] }),
  };
}
