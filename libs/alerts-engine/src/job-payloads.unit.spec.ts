import { UnrecoverableError } from 'bullmq';
import { escalateJobSchema, evaluateJobSchema, parseJob } from './job-payloads';

describe('a job taken from a queue', () => {
  const patientId = '6f1c0e2a-4b7d-4c3e-9a8b-2d5e7f9a1b3c';

  it('is parsed with its schema', () => {
    expect(parseJob(evaluateJobSchema, 'alert-evaluations', { patientIds: [patientId], cause: 'position-12' })).toEqual({ patientIds: [patientId], cause: 'position-12' });
  });

  it('of the one-patient shape earlier versions enqueued is read as a list of one', () => {
    expect(parseJob(evaluateJobSchema, 'alert-evaluations', { patientId, cause: 'position-12' })).toEqual({ patientIds: [patientId], cause: 'position-12' });
  });

  it('carries at most a hundred patients, and at least one', () => {
    expect(() => parseJob(evaluateJobSchema, 'alert-evaluations', { patientIds: [], cause: 'x' })).toThrow(UnrecoverableError);
    expect(() => parseJob(evaluateJobSchema, 'alert-evaluations', { patientIds: Array(101).fill(patientId), cause: 'x' })).toThrow(UnrecoverableError);
  });

  it('fails for good, naming the field, when its payload is malformed (a retry could never succeed)', () => {
    const malformed = () => parseJob(escalateJobSchema, 'alert-escalations', { alertId: 'not-a-uuid', level: 0, extra: true });
    expect(malformed).toThrow(UnrecoverableError);
    expect(malformed).toThrow(/Malformed alert-escalations job[\s\S]*alertId/);
  });
});
