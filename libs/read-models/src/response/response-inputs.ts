import type { AssessmentRecordedData, LabResultRecordedData, PatientEvent, ThalidomideDoseChangedData, TransplantMilestoneRecordedData } from '@poems/patient';
import { vegfSeriesKey, vegfSeriesLabel } from '@poems/protocol';
import type { ResponseInput, ResponseMeasurement, ResponseStartKind } from './response-rows';

/** How a projection names things: the subject, the event's key, the corrected event's key, and times. */
export interface ResponseIds {
  readonly subject: string;
  readonly key: string;
  readonly correctsKey: string | null;
  /** A clinical time as the row keeps it (true, or shifted to a date at midnight UTC). */
  readonly time: (iso: string) => string;
}

function startOf(type: 'ThalidomideDoseChanged' | 'TransplantMilestoneRecorded', data: unknown, time: (iso: string) => string): { kind: ResponseStartKind; at: string } | null {
  if (type === 'ThalidomideDoseChanged') {
    const d = data as ThalidomideDoseChangedData;
    return d.phase === 'START' && d.mgPerDay > 0 ? { kind: 'THALIDOMIDE_START', at: time(d.effectiveAt) } : null;
  }
  const m = data as TransplantMilestoneRecordedData;
  return m.milestone === 'STEM_CELL_INFUSION' || m.milestone === 'MOBILISATION' || m.milestone === 'APHERESIS' ? { kind: m.milestone, at: time(m.occurredAt) } : null;
}

/** A VEGF's own limit; a limit the protocol assumed for an assay it did not list (before issue 16) is unknown. */
function vegfLimit(lab: LabResultRecordedData): number | null {
  if (lab.test !== 'VEGF' || !('upperLimitSource' in lab) || lab.upperLimitSource === 'PROTOCOL_DEFAULT' || lab.upperLimitSource === 'UNKNOWN') return null;
  return lab.upperLimitOfNormal ?? null;
}

function measurementOf(type: 'LabResultRecorded' | 'AssessmentRecorded', data: unknown, key: string, time: (iso: string) => string): ResponseMeasurement | null {
  if (type === 'LabResultRecorded') {
    const lab = data as LabResultRecordedData;
    if (lab.test === 'VEGF' && typeof lab.value === 'number') {
      return { key, at: time(lab.collectedAt), kind: 'VEGF', value: lab.value, upperLimit: vegfLimit(lab), series: vegfSeriesKey(lab), seriesLabel: vegfSeriesLabel(lab) };
    }
    if (lab.test === 'M_PROTEIN_IFE') return { key, at: time(lab.collectedAt), kind: 'M_PROTEIN_IFE', result: lab.value as 'positive' | 'negative' };
    return null;
  }
  const a = data as AssessmentRecordedData;
  if (a.kind === 'ONLS') return { key, at: time(a.assessedAt), kind: 'ONLS', score: a.score };
  if (a.kind === 'NERVE_CONDUCTION') {
    const nerve = `${a.nerve.trim().toLowerCase()}${a.side ? ` (${a.side})` : ''}`;
    return { key, at: time(a.assessedAt), kind: 'CMAP', nerve, amplitude: a.cmapAmplitudeMv };
  }
  return null;
}

/** What an event tells the response, if anything. */
export function responseInputOf(event: PatientEvent, ids: ResponseIds): ResponseInput | null {
  const { subject, key, correctsKey, time } = ids;
  switch (event.type) {
    case 'PatientEnrolled':
      return { kind: 'ENROLLED', subject, arm: event.data.arm, protocol: { id: event.data.protocol.id, version: event.data.protocol.version } };
    case 'ThalidomideDoseChanged':
    case 'TransplantMilestoneRecorded':
      return { kind: 'START', subject, key, start: startOf(event.type, event.data, time) };
    case 'LabResultRecorded':
    case 'AssessmentRecorded':
      return { kind: 'MEASUREMENT', subject, key, measurement: measurementOf(event.type, event.data, key, time) };
    case 'EventCorrected': {
      const c = event.data;
      if (correctsKey === null) return null;
      if (c.correctedType === 'ThalidomideDoseChanged' || c.correctedType === 'TransplantMilestoneRecorded') {
        return { kind: 'START', subject, key: correctsKey, start: startOf(c.correctedType, c.data, time) };
      }
      if (c.correctedType === 'LabResultRecorded' || c.correctedType === 'AssessmentRecorded') {
        return { kind: 'MEASUREMENT', subject, key: correctsKey, measurement: measurementOf(c.correctedType, c.data, correctsKey, time) };
      }
      return null;
    }
    default:
      return null;
  }
}

/** The event types the response reads (a projection's filter). */
export const RESPONSE_EVENT_TYPES = ['PatientEnrolled', 'ThalidomideDoseChanged', 'TransplantMilestoneRecorded', 'LabResultRecorded', 'AssessmentRecorded', 'EventCorrected'] as const;

