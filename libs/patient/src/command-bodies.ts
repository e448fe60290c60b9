import { assertNever } from '@poems/kernel';
import { definedOnly } from './command-fields';
import { entryValues } from './correction-fold';
import type { FoundEntry } from './state-queries';
import type { LabEntry } from './state';

/**
 * The command body that would record an entry's current values again. A correction merges its
 * fields into this and is decided like the original command, so every derived field is recomputed.
 * PatientEnrolled is not here: its identity may be unreadable, so it is corrected field by field.
 */
export function commandBodyOf(patientId: string, found: Exclude<FoundEntry, { type: 'PatientEnrolled' }>): Record<string, unknown> {
  switch (found.type) {
    case 'BodyMeasured': {
      const { heightCm, weightKg, measuredAt } = found.entry;
      return { patientId, heightCm, weightKg, measuredAt };
    }
    case 'ThalidomideDoseChanged': {
      const { mgPerDay, effectiveAt, reason } = found.entry;
      return definedOnly({ patientId, mgPerDay, effectiveAt, reason });
    }
    case 'DexamethasoneDoseGiven': {
      const { doseMg, givenAt } = found.entry;
      return { patientId, doseMg, givenAt };
    }
    case 'TransplantMilestoneRecorded': {
      const { milestone, occurredAt, cyclophosphamideMg, cd34PerKg, melphalanMg } = found.entry;
      return definedOnly({ patientId, milestone, occurredAt, cyclophosphamideMg, cd34PerKg, melphalanMg });
    }
    case 'LabResultRecorded':
      return labCommandBody(patientId, found.entry);
    case 'AssessmentRecorded':
      return { patientId, ...entryValues(found.entry) };
    case 'AdverseEventRecorded': {
      const { term, grade, onsetAt } = found.entry;
      return { patientId, term, grade, onsetAt };
    }
    case 'RegimenEnded': {
      const { endedAt, reason } = found.entry;
      return { patientId, endedAt, reason };
    }
    default:
      return assertNever(found, 'entry');
  }
}

/** A lab result as the laboratory reported it: reported value, unit and limit, not canonical ones. */
export function labCommandBody(patientId: string, lab: LabEntry): Record<string, unknown> {
  const { test, collectedAt, specimen, method, heavyChain, lightChain, accessionId } = lab;
  const common = { patientId, test, collectedAt, specimen, method, heavyChain, lightChain, accessionId };
  if (!('reportedUnit' in lab)) return definedOnly({ ...common, value: lab.reportedValue });
  const upperLimitOfNormal = lab.upperLimitSource === 'RESULT' ? lab.reportedUpperLimitOfNormal : undefined;
  return definedOnly({ ...common, value: lab.reportedValue, unit: lab.reportedUnit, upperLimitOfNormal });
}
