import { deriveTransplantMilestone } from '../decide-milestones';
import { recordTransplantMilestoneBodySchema, recordTransplantMilestoneSchema } from '../treatment-commands';
import { transplantMilestoneRecordedSchema } from '../treatment-events';
import { defineFact, pickDefined } from './fact-kind';

const CORRECTABLE = ['occurredAt', 'cyclophosphamideMg', 'cd34PerKg', 'melphalanMg'] as const;

export const transplantMilestoneFact = defineFact({
  command: 'RecordTransplantMilestone',
  event: 'TransplantMilestoneRecorded',
  stateKey: 'milestones',
  schemaVersion: 1,
  bodySchema: recordTransplantMilestoneBodySchema,
  commandSchema: recordTransplantMilestoneSchema,
  eventSchema: transplantMilestoneRecordedSchema,
  timeField: 'occurredAt',
  regimenBound: true,
  derive: deriveTransplantMilestone,
  correctableFields: () => CORRECTABLE,
  commandBody: (patientId, entry) => ({ patientId, ...pickDefined(entry, ['milestone', ...CORRECTABLE]) }),
  rest: {
    path: 'transplant-milestones',
    summary: 'Record an Auto-PBSCT milestone (mobilisation, apheresis, conditioning, infusion, engraftment)',
  },
  timeline: { section: 'transplant' },
});
