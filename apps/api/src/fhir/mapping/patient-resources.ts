import type { Bundle, Reference, Resource } from '@medplum/fhirtypes';
import type { RaisedAlertState } from '@poems/alert-rules';
import type { StoredEvent } from '@poems/event-store';
import { type AnyFactKind, clinicalTimeOfFact, dexamethasoneCycles, type Entry, FACT_KINDS, type PatientState } from '@poems/patient';
import { local, patientRef } from './fhir-codes';
import type { Mapped, MappingContext } from './fhir-context';
import { detectedIssue } from './fhir-alerts';
import { eventResourceId } from './fhir-ids';
import { adverseEventResource } from './fhir-adverse-event';
import { assessmentObservation, bodyMeasurementObservation, labObservation, performanceStatusObservation } from './fhir-observations';
import { patientResource, type RevealedIdentity } from './fhir-patient';
import { provenanceOf } from './fhir-provenance';
import { thalidomideDispense, thromboprophylaxisStatements, transfusionProcedure } from './fhir-safety';
import { dexamethasoneAdministration, milestoneResource, regimenCarePlan, thalidomideRequest } from './fhir-treatment';

/** Everything the FHIR view of one patient is drawn from. */
export interface PatientRecord {
  patientId: string;
  state: PatientState;
  stored: ReadonlyArray<StoredEvent>;
  identity: RevealedIdentity | null;
  alerts: ReadonlyArray<RaisedAlertState>;
  mrnAuthority: string;
}

type AnyEntry = Entry<Record<string, unknown>>;
type FactMapper = (entries: AnyEntry[], ctx: MappingContext, state: PatientState) => Mapped[];
const each =
  (map: (entry: never, ctx: MappingContext, state: PatientState) => Resource): FactMapper =>
  (entries, ctx, state) =>
    entries.map((entry) => ({ eventId: entry.eventId, resource: map(entry as never, ctx, state) }));

/**
 * How each kind of fact appears in FHIR. A kind without a mapper here (one added later to the
 * registry) still appears, as a generic Observation: nothing recorded is missing from the view.
 */
const FACT_MAPPERS: Readonly<Record<string, FactMapper>> = {
  LabResultRecorded: each(labObservation),
  AssessmentRecorded: each(assessmentObservation),
  BodyMeasured: each(bodyMeasurementObservation),
  PerformanceStatusRecorded: each(performanceStatusObservation),
  AdverseEventRecorded: each(adverseEventResource),
  DexamethasoneDoseGiven: (entries, ctx, state) => {
    const cycleOf = new Map(dexamethasoneCycles(state).doses.map((position) => [position.dose.eventId, position]));
    return entries.map((entry) => ({ eventId: entry.eventId, resource: dexamethasoneAdministration(entry as never, ctx, cycleOf.get(entry.eventId)) }));
  },
  TransplantMilestoneRecorded: each(milestoneResource),
  ThalidomideDoseChanged: (entries, ctx, state) =>
    entries.map((entry, index) => ({ eventId: entry.eventId, resource: thalidomideRequest(entry as never, entries[index + 1] as never, ctx, state.ended !== undefined) })),
  ThalidomideDispensed: each(thalidomideDispense),
  TransfusionGiven: each(transfusionProcedure),
  ThromboprophylaxisStarted: (entries, ctx, state) => thromboprophylaxisStatements(entries as never, state.thromboprophylaxisStops, ctx),
  // A stop ends the period of the start before it: it changes that statement and has none of its own.
  ThromboprophylaxisStopped: () => [],
};

const ENTRY_FIELDS = new Set(['eventId', 'recordedAt', 'correctedBy', 'original']);

function genericObservation(kind: AnyFactKind): FactMapper {
  return (entries, ctx) =>
    entries.map((entry) => ({
      eventId: entry.eventId,
      resource: {
        resourceType: 'Observation',
        id: ctx.idOf(entry.eventId),
        meta: { lastUpdated: ctx.lastUpdated(entry) },
        status: entry.correctedBy ? 'corrected' : 'final',
        code: { coding: [{ system: local('fact'), code: kind.event }], text: kind.event },
        subject: ctx.subject,
        effectiveDateTime: clinicalTimeOfFact(kind, entry),
        component: Object.entries(entry)
          .filter(([field, value]) => !ENTRY_FIELDS.has(field) && field !== kind.timeField && ['string', 'number', 'boolean'].includes(typeof value))
          .map(([field, value]) => ({
            code: { coding: [{ system: local('field'), code: field }], text: field },
            ...(typeof value === 'number' ? { valueQuantity: { value } } : typeof value === 'boolean' ? { valueBoolean: value } : { valueString: String(value) }),
          })),
      },
    }));
}

/** The patient and every resource drawn from their record, alerts and provenance included. */
export function patientResources(record: PatientRecord): Resource[] {
  const { patientId, state, stored } = record;
  const lastCorrection = new Map<string, string>();
  for (const [eventId, corrections] of Object.entries(state.corrections)) lastCorrection.set(eventId, corrections.at(-1)!.recordedAt);
  const ctx: MappingContext = {
    patientId,
    subject: patientRef(patientId),
    idOf: (eventId) => eventResourceId(patientId, eventId),
    lastUpdated: (entry) => lastCorrection.get(entry.eventId) ?? entry.recordedAt,
  };
  const mapped: Mapped[] = [];
  for (const kind of FACT_KINDS as ReadonlyArray<AnyFactKind>) {
    const list = (state as unknown as Record<string, AnyEntry[]>)[kind.stateKey] ?? [];
    const entries = list.filter((entry) => !kind.ownsEntry || kind.ownsEntry(entry));
    const mapper = FACT_MAPPERS[kind.event] ?? genericObservation(kind);
    mapped.push(...mapper(entries, ctx, state));
  }
  const carePlan = regimenCarePlan(state, ctx);
  const latest = stored.at(-1)?.recordedAt ?? new Date(0).toISOString();
  const patient = patientResource(patientId, state, record.identity, record.mrnAuthority, latest);

  const references = new Map<string, Reference[]>();
  for (const { eventId, resource, alsoFrom = [] } of mapped) for (const id of [eventId, ...alsoFrom]) references.set(id, [{ reference: `${resource.resourceType}/${resource.id}` }]);
  const enrolmentId = state.enrolment?.eventId;
  if (enrolmentId) references.set(enrolmentId, [{ reference: `Patient/${patientId}` }, ...(carePlan ? [{ reference: `CarePlan/${carePlan.id}` }] : [])]);
  if (state.ended && carePlan) references.set(state.ended.eventId, [{ reference: `CarePlan/${carePlan.id}` }]);
  if (state.identityErasure) references.set(state.identityErasure.eventId, [{ reference: `Patient/${patientId}` }]);

  const issues = record.alerts.map((alert) => detectedIssue(alert, (eventId) => references.get(eventId)?.[0]));
  const provenance = stored.flatMap((event) => {
    const corrects = event.type === 'EventCorrected' ? String((event.data as { correctsEventId?: string }).correctsEventId) : undefined;
    const targets = references.get(corrects ?? event.eventId) ?? [];
    return provenanceOf(event, ctx.idOf(event.eventId), targets, corrects ? targets[0] : undefined) ?? [];
  });
  return [patient, ...(carePlan ? [carePlan] : []), ...mapped.map((m) => m.resource), ...issues, ...provenance];
}

/** A searchset Bundle of these resources. */
export function searchBundle(resources: ReadonlyArray<Resource>, base: string, links: Bundle['link'], total: number): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total,
    link: links,
    entry: resources.map((resource) => ({ fullUrl: `${base}/${resource.resourceType}/${resource.id}`, resource, search: { mode: 'match' } })),
  };
}
