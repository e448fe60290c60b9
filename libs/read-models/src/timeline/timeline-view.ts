import { clinicDaysBetween, type IsoTime } from '@poems/kernel';
import { type AnyFactKind, assignCycles, childbearingPotentialOf, cycleRulesOf, FACT_KINDS, type Sex } from '@poems/patient';
import { findProtocol } from '@poems/protocol';
import type { CorrectionNote, TimelineEntryRow, TimelinePatientRow } from './timeline-rows';
import { timelineZone } from './timeline-zone';

/** An alert as the timeline lists it (from the alerts read model). */
export interface TimelineAlert {
  alertId: string;
  rule: string;
  severity: string;
  status: string;
  clinicalTime: IsoTime;
  raisedAt: IsoTime;
  summary: string;
}

export interface TimelineViewer {
  /** Auditors and admins see the values a correction replaced. */
  seesOriginals: boolean;
  /** Decrypted identity when the viewer may see it, else null. */
  identity: Record<string, unknown> | null;
}

const byTime = (a: TimelineEntryRow, b: TimelineEntryRow) => (a.clinicalTime < b.clinicalTime ? -1 : a.clinicalTime > b.clinicalTime ? 1 : a.recordedAt < b.recordedAt ? -1 : 1);

/** The patient timeline a care team reads, from the rows (live or folded for `asOf`). */
export function presentTimeline(patient: TimelinePatientRow, rows: TimelineEntryRow[], alerts: TimelineAlert[], viewer: TimelineViewer) {
  const entries = [...rows].sort(byTime);
  const of = (type: TimelineEntryRow['type']) => entries.filter((entry) => entry.type === type);
  const note = (entry: TimelineEntryRow) => correctionInfo(entry.corrections, entry.original, viewer);
  const infusion = of('TransplantMilestoneRecorded').find((e) => e.data['milestone'] === 'STEM_CELL_INFUSION');
  const protocol = findProtocol(patient.protocol.id, patient.protocol.version);
  const zone = timelineZone(patient);
  const dex = of('DexamethasoneDoseGiven');
  const regimenDex = dex.filter((e) => e.data['indication'] !== 'SUPPORTIVE');
  const positions = protocol ? assignCycles(regimenDex.map((e) => e.clinicalTime), cycleRulesOf(protocol), zone).positions : [];
  const cycleOf = new Map(regimenDex.map((e, i) => [e.eventId, positions[i]]));
  const thalidomide = of('ThalidomideDoseChanged');

  return {
    patient: {
      patientId: patient.patientId,
      identity: patient.identityErased ? { erased: true } : viewer.identity,
      careTeam: patient.careTeam,
      sex: patient.sex,
      ageAtEnrolment: patient.ageAtEnrolment,
      enrolledAt: patient.enrolledAt,
      arm: patient.arm,
      armReason: patient.armReason,
      protocol: patient.protocol,
      status: patient.endedAt ? 'ENDED' : 'ENROLLED',
      endedAt: patient.endedAt,
      endReason: patient.endReason,
      corrections: correctionInfo(patient.corrections, null, viewer)?.corrections ?? [],
      clinicTimeZone: zone,
    },
    safety: protocol ? safetySection(patient, protocol) : null,
    bodyMeasurements: of('BodyMeasured').map((e) => ({ eventId: e.eventId, measuredAt: e.clinicalTime, heightCm: e.data['heightCm'], weightKg: e.data['weightKg'], bsaM2: e.data['bsaM2'], bsaFormula: e.data['bsaFormula'], ...note(e) })),
    thalidomide: thalidomide.map((e, i) => ({
      eventId: e.eventId,
      from: e.clinicalTime,
      to: thalidomide[i + 1]?.clinicalTime ?? patient.endedAt,
      mgPerDay: e.data['mgPerDay'],
      phase: e.data['phase'],
      protocolMgPerDay: e.data['protocolMgPerDay'],
      withinTolerance: e.data['withinTolerance'],
      reason: e.data['reason'] ?? null,
      // Issue 16 item 5: a reduction below the protocol dose with a reason is documented, not off protocol.
      documentedReduction: e.data['documentedReduction'] === true,
      aboveProtocolMaximum: e.data['aboveProtocolMaximum'] === true,
      ...note(e),
    })),
    dexamethasone: dex.map((e) => ({
      eventId: e.eventId,
      givenAt: e.clinicalTime,
      doseMg: e.data['doseMg'],
      indication: e.data['indication'] ?? 'REGIMEN',
      cycleNumber: cycleOf.get(e.eventId)?.cycleNumber ?? e.data['cycleNumber'] ?? null,
      cycleDay: cycleOf.get(e.eventId)?.cycleDay ?? e.data['cycleDay'] ?? null,
      extraDose: cycleOf.get(e.eventId)?.extra ?? null,
      protocolDoseMg: e.data['protocolDoseMg'] ?? null,
      bsaM2: e.data['bsaM2'] ?? null,
      withinTolerance: e.data['withinTolerance'] ?? null,
      // Issue 16 item 11: a dose judged on a stale weight says so.
      basisStale: e.data['basisStale'] ?? null,
      ...note(e),
    })),
    labs: of('LabResultRecorded').map((e) => ({
      eventId: e.eventId,
      collectedAt: e.clinicalTime,
      test: e.data['test'],
      value: e.data['value'],
      unit: e.data['unit'] ?? null,
      ...limitOf(e.data),
      unusual: e.data['unusual'] === true,
      specimen: e.data['specimen'] ?? null,
      method: e.data['method'] ?? null,
      reported: { value: e.data['reportedValue'], unit: e.data['reportedUnit'] ?? null },
      ...note(e),
    })),
    assessments: of('AssessmentRecorded').map((e) => ({ eventId: e.eventId, ...e.data, ...note(e) })),
    transplant: of('TransplantMilestoneRecorded').map((e) => ({
      eventId: e.eventId,
      ...e.data,
      // Day +N on the clinic calendar (issue 16 item 9), as the transplant rules count it.
      day: infusion ? clinicDaysBetween(infusion.clinicalTime, e.clinicalTime, zone) : null,
      ...note(e),
    })),
    adverseEvents: of('AdverseEventRecorded').map((e) => ({ eventId: e.eventId, ...e.data, ...note(e) })),
    ...otherFacts(entries, note),
    alerts: [...alerts].sort((a, b) => (a.clinicalTime < b.clinicalTime ? -1 : 1)),
  };
}

const PRESENTED_ABOVE: ReadonlySet<string> = new Set<string>([
  'BodyMeasured',
  'ThalidomideDoseChanged',
  'DexamethasoneDoseGiven',
  'LabResultRecorded',
  'AssessmentRecorded',
  'TransplantMilestoneRecorded',
  'AdverseEventRecorded',
]);

/**
 * The thalidomide safety programme (issue 12): whether the pregnancy programme applies and which
 * assumption was made when childbearing potential was not recorded.
 */
function safetySection(patient: TimelinePatientRow, protocol: NonNullable<ReturnType<typeof findProtocol>>) {
  const enrolment = patient.enrolment as { childbearingPotential?: boolean; sex: Sex; ageAtEnrolment: number };
  const potential = childbearingPotentialOf(enrolment, protocol);
  return {
    childbearingPotential: potential.value,
    childbearingPotentialBasis: potential.basis,
    ...(potential.assumptionAge !== undefined && { assumptionAge: potential.assumptionAge }),
  };
}

/** Every other kind of fact, in the section its descriptor names (kinds may share one): its clinical time and what it presents. */
function otherFacts(entries: TimelineEntryRow[], note: (entry: TimelineEntryRow) => object | undefined): Record<string, object[]> {
  const sections: Record<string, object[]> = {};
  const kinds = (FACT_KINDS as ReadonlyArray<AnyFactKind>).filter((kind) => !PRESENTED_ABOVE.has(kind.event));
  for (const kind of kinds) sections[kind.timeline.section] = [];
  for (const entry of entries) {
    const kind = kinds.find((k) => k.event === entry.type);
    if (kind) sections[kind.timeline.section]!.push(presentFact(kind, entry, note));
  }
  return sections;
}

/**
 * A lab's limit and flag. A VEGF whose assay has no known limit is flagged "limit unknown" and has
 * no H/N flag (issue 16 item 3); one stored before that with the protocol's assumed default
 * (`PROTOCOL_DEFAULT`) reads the same, since that limit belonged to another assay.
 */
function limitOf(data: Record<string, unknown>) {
  const unknown = data['test'] === 'VEGF' && (data['upperLimitSource'] === 'UNKNOWN' || data['upperLimitSource'] === 'PROTOCOL_DEFAULT');
  if (unknown) return { upperLimitOfNormal: null, flag: null, limitUnknown: true };
  return {
    upperLimitOfNormal: data['upperLimitOfNormal'] ?? null,
    flag: data['aboveUpperLimit'] === true ? 'H' : data['aboveUpperLimit'] === false ? 'N' : null,
    limitUnknown: false,
  };
}

function presentFact(kind: AnyFactKind, entry: TimelineEntryRow, note: (entry: TimelineEntryRow) => object | undefined): object {
  return {
    eventId: entry.eventId,
    [kind.timeField]: entry.clinicalTime,
    ...(kind.timeline.present ? kind.timeline.present(entry.data) : entry.data),
    ...note(entry),
  };
}

function correctionInfo(corrections: CorrectionNote[], original: Record<string, unknown> | null, viewer: TimelineViewer) {
  if (corrections.length === 0) return undefined;
  return {
    corrected: true,
    corrections: corrections.map((c) => ({
      correctionEventId: c.correctionEventId,
      reason: c.reason,
      recordedAt: c.recordedAt,
      correctedBy: c.correctedBy,
      ...(viewer.seesOriginals ? { previous: stripIdentity(c.previous) } : {}),
    })),
    ...(viewer.seesOriginals && original ? { original } : {}),
  };
}

function stripIdentity(value: unknown): unknown {
  if (!value || typeof value !== 'object') return value;
  const { identity: _identity, ...rest } = value as Record<string, unknown>;
  return rest;
}
