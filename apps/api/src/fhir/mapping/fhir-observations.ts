import type { Observation, ObservationComponent } from '@medplum/fhirtypes';
import type { AssessmentEntry, BodyMeasurementEntry, LabEntry, PerformanceStatusEntry } from '@poems/patient';
import { ACCESSION_SYSTEM, category, concept, constantCase, INTERPRETATION, LAB_LOINC, local, LOINC, quantity, RESULT_CODES } from './fhir-codes';
import { type MappingContext, statusOf } from './fhir-context';

function base(entry: { eventId: string; recordedAt: string; correctedBy?: string }, ctx: MappingContext, at: string): Observation {
  return {
    resourceType: 'Observation',
    id: ctx.idOf(entry.eventId),
    meta: { lastUpdated: ctx.lastUpdated(entry) },
    status: statusOf(entry),
    code: { text: '' },
    subject: ctx.subject,
    effectiveDateTime: at,
    issued: entry.recordedAt,
  };
}

/** Labs: LOINC code, UCUM value (with its comparator), the result's reference range and interpretation. */
export function labObservation(lab: LabEntry, ctx: MappingContext): Observation {
  const loinc = LAB_LOINC[lab.test];
  const observation: Observation = {
    ...base(lab, ctx, lab.collectedAt),
    category: category('laboratory'),
    code: concept(LOINC, loinc.code, loinc.display, constantCase(lab.test)),
    ...(lab.accessionId && { identifier: [{ system: ACCESSION_SYSTEM, value: `${lab.accessionId}/${lab.test}` }] }),
    ...(lab.method && { method: { text: lab.method } }),
    ...(lab.specimen && { note: [{ text: `Specimen: ${lab.specimen}` }] }),
  };
  if (lab.value === 'positive' || lab.value === 'negative' || !('unit' in lab)) {
    const typed = [lab.heavyChain, lab.lightChain].filter(Boolean).join(' ');
    const result = lab.value === 'positive' ? 'positive' : 'negative';
    return { ...observation, valueCodeableConcept: { coding: [RESULT_CODES[result]], ...(typed && { text: `${result} (${typed})` }) } };
  }
  return {
    ...observation,
    valueQuantity: quantity(lab.value, lab.unit, lab.comparator),
    ...(lab.upperLimitOfNormal !== undefined && { referenceRange: [{ high: quantity(lab.upperLimitOfNormal, lab.unit), text: `normal below ${lab.upperLimitOfNormal} ${lab.unit}` }] }),
    ...(lab.aboveUpperLimit !== undefined && { interpretation: [concept(INTERPRETATION, lab.aboveUpperLimit ? 'H' : 'N', lab.aboveUpperLimit ? 'High' : 'Normal')] }),
  };
}

const component = (code: string, text: string, value: Omit<ObservationComponent, 'code'>): ObservationComponent => ({ code: concept(local('component'), code, undefined, text), ...value });

/** ONLS, nerve conduction, CT findings, oedema and vital signs. */
export function assessmentObservation(entry: AssessmentEntry, ctx: MappingContext): Observation {
  const observation = base(entry, ctx, entry.assessedAt);
  const code = concept(local('assessment'), entry.kind, undefined, constantCase(entry.kind));
  switch (entry.kind) {
    case 'ONLS':
      return {
        ...observation,
        category: category('exam'),
        code: { ...code, text: 'Overall Neuropathy Limitations Scale' },
        valueInteger: entry.score,
        component: [
          ...(entry.armScore !== undefined ? [component('arm', 'Arm score', { valueInteger: entry.armScore })] : []),
          ...(entry.legScore !== undefined ? [component('leg', 'Leg score', { valueInteger: entry.legScore })] : []),
        ],
      };
    case 'NERVE_CONDUCTION':
      return {
        ...observation,
        category: category('procedure'),
        code: { ...code, text: 'Nerve conduction study' },
        bodySite: { text: [entry.side, entry.nerve].filter(Boolean).join(' ') },
        component: [
          component('cmap-amplitude', 'CMAP amplitude', { valueQuantity: quantity(entry.cmapAmplitudeMv, 'mV') }),
          component('conduction-velocity', 'Conduction velocity', { valueQuantity: quantity(entry.conductionVelocityMs, 'm/s') }),
          ...(entry.fWaveLatencyMs !== undefined ? [component('f-wave-latency', 'F-wave latency', { valueQuantity: quantity(entry.fWaveLatencyMs, 'ms') })] : []),
        ],
      };
    case 'CT_EFFUSION':
      return {
        ...observation,
        category: category('imaging'),
        code: { ...code, text: 'Effusions and ascites on CT' },
        component: (['pleuralEffusion', 'pericardialEffusion', 'ascites'] as const).map((field) => component(field, constantCase(field.replace(/([A-Z])/g, '_$1')), { valueCodeableConcept: { text: entry[field] } })),
      };
    case 'EDEMA':
      return { ...observation, category: category('exam'), code: { ...code, text: 'Oedema grade' }, valueInteger: entry.grade };
    case 'VITALS':
      return {
        ...observation,
        category: category('vital-signs'),
        code: concept(LOINC, '85353-1', 'Vital signs, weight, height, head circumference, oxygen saturation and BMI panel', 'Vital signs'),
        component: [
          ...(entry.temperatureC !== undefined ? [{ code: concept(LOINC, '8310-5', 'Body temperature'), valueQuantity: quantity(entry.temperatureC, 'Cel') }] : []),
          ...(entry.heartRateBpm !== undefined ? [{ code: concept(LOINC, '8867-4', 'Heart rate'), valueQuantity: quantity(entry.heartRateBpm, '/min') }] : []),
          ...(entry.systolicMmHg !== undefined ? [{ code: concept(LOINC, '8480-6', 'Systolic blood pressure'), valueQuantity: quantity(entry.systolicMmHg, 'mm[Hg]') }] : []),
          ...(entry.diastolicMmHg !== undefined ? [{ code: concept(LOINC, '8462-4', 'Diastolic blood pressure'), valueQuantity: quantity(entry.diastolicMmHg, 'mm[Hg]') }] : []),
        ],
      };
  }
}

export function bodyMeasurementObservation(entry: BodyMeasurementEntry, ctx: MappingContext): Observation {
  return {
    ...base(entry, ctx, entry.measuredAt),
    category: category('vital-signs'),
    code: concept(LOINC, '8277-6', 'Body surface area', 'Body surface area'),
    valueQuantity: quantity(entry.bsaM2, 'm2'),
    method: { text: entry.bsaFormula },
    component: [
      { code: concept(LOINC, '8302-2', 'Body height'), valueQuantity: quantity(entry.heightCm, 'cm') },
      { code: concept(LOINC, '29463-7', 'Body weight'), valueQuantity: quantity(entry.weightKg, 'kg') },
    ],
  };
}

export function performanceStatusObservation(entry: PerformanceStatusEntry, ctx: MappingContext): Observation {
  return {
    ...base(entry, ctx, entry.assessedAt),
    category: category('survey'),
    code: concept(LOINC, '89247-1', 'ECOG Performance Status score', `${entry.scale} performance status`),
    valueInteger: entry.score,
  };
}
