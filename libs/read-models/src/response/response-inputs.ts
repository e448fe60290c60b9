import { nerveSeriesKey, type AssessmentRecordedData, type LabResultRecordedData, type PatientEvent, type ThalidomideDoseChangedData, type TransplantMilestoneRecordedData } from '@poems/patient';
import { vegfSeriesKey, vegfSeriesLabel } from '@poems/protocol';
import { clinicDateOf, shiftedDate } from '../research/research-dates';
import type { ResponseInput, ResponseMeasurement, ResponseStartKind, ResponseTime } from './response-rows';

/** A clinical time and the UTC offset its event recorded, as a row keeps them. */
export type ResponseTimeOf = (iso: string, clinicalTimeOffset: string | undefined) => ResponseTime;

/** How a projection names things: the subject, the event's key, the corrected event's key, and times. */
export interface ResponseIds {
  readonly subject: string;
  readonly key: string;
  readonly correctsKey: string | null;
  /** A clinical time as the row keeps it: `clinicalTimes`, or `researchTimes(shift)`. */
  readonly time: ResponseTimeOf;
}

/** Care teams' rows: the true time, and its clinic date. */
export const clinicalTimes: ResponseTimeOf = (iso, offset) => ({ at: iso, on: clinicDateOf(iso, offset) });

/** Research rows: the clinic date moved by the patient's shift, at midnight UTC (no time of day). */
export function researchTimes(shiftDays: number): ResponseTimeOf {
  return (iso, offset) => {
    const on = shiftedDate(iso, shiftDays, offset);
    return { at: `${on}T00:00:00.000Z`, on };
  };
}

function startOf(type: 'ThalidomideDoseChanged' | 'TransplantMilestoneRecorded', data: unknown, time: ResponseTimeOf): ({ kind: ResponseStartKind } & ResponseTime) | null {
  if (type === 'ThalidomideDoseChanged') {
    const d = data as ThalidomideDoseChangedData;
    return d.phase === 'START' && d.mgPerDay > 0 ? { kind: 'THALIDOMIDE_START', ...time(d.effectiveAt, d.clinicalTimeOffset) } : null;
  }
  const m = data as TransplantMilestoneRecordedData;
  return m.milestone === 'STEM_CELL_INFUSION' || m.milestone === 'MOBILISATION' || m.milestone === 'APHERESIS' ? { kind: m.milestone, ...time(m.occurredAt, m.clinicalTimeOffset) } : null;
}

/** A VEGF's own limit; a limit the protocol assumed for an assay it did not list (before issue 16) is unknown. */
function vegfLimit(lab: LabResultRecordedData): number | null {
  if (lab.test !== 'VEGF' || !('upperLimitSource' in lab) || lab.upperLimitSource === 'PROTOCOL_DEFAULT' || lab.upperLimitSource === 'UNKNOWN') return null;
  return lab.upperLimitOfNormal ?? null;
}

function measurementOf(type: 'LabResultRecorded' | 'AssessmentRecorded', data: unknown, key: string, time: ResponseTimeOf): ResponseMeasurement | null {
  if (type === 'LabResultRecorded') {
    const lab = data as LabResultRecordedData;
    const when = time(lab.collectedAt, lab.clinicalTimeOffset);
    if (lab.test === 'VEGF' && typeof lab.value === 'number') {
      return { key, ...when, kind: 'VEGF', value: lab.value, upperLimit: vegfLimit(lab), series: vegfSeriesKey(lab), seriesLabel: vegfSeriesLabel(lab) };
    }
    if (lab.test === 'M_PROTEIN_IFE') return { key, ...when, kind: 'M_PROTEIN_IFE', result: lab.value as 'positive' | 'negative' };
    return null;
  }
  const a = data as AssessmentRecordedData;
  const when = time(a.assessedAt, a.clinicalTimeOffset);
  if (a.kind === 'ONLS') return { key, ...when, kind: 'ONLS', score: a.score };
  if (a.kind === 'NERVE_CONDUCTION') {
    // One nerve is one series (issue 16 item 14): "Median nerve" of an older event and "median" are the same nerve.
    const nerve = `${nerveSeriesKey(a.nerve)}${a.side ? ` (${a.side})` : ''}`;
    return { key, ...when, kind: 'CMAP', nerve, amplitude: a.cmapAmplitudeMv };
  }
  return null;
}

/** What an event tells the response, if anything. */
export function responseInputOf(event: PatientEvent, ids: ResponseIds): ResponseInput | null {
  const { subject, key, correctsKey, time } = ids;
  switch (event.type) {
    case 'PatientEnrolled':
      return { kind: 'ENROLLED', subject, arm: event.data.arm, protocol: { id: event.data.protocol.id, version: event.data.protocol.version } };
    // An event of its own that starts nothing or measures nothing the response reads (vital signs,
    // a blood count) tells it nothing: no input, so a projection spends no statement on it. Only a
    // correction's null means something (it withdraws what the corrected event said).
    case 'ThalidomideDoseChanged':
    case 'TransplantMilestoneRecorded': {
      const start = startOf(event.type, event.data, time);
      return start && { kind: 'START', subject, key, start };
    }
    case 'LabResultRecorded':
    case 'AssessmentRecorded': {
      const measurement = measurementOf(event.type, event.data, key, time);
      return measurement && { kind: 'MEASUREMENT', subject, key, measurement };
    }
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
