import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { assessmentSchedule } from './assessment-schedule';
import { defineProtocol, protocolDefinitionSchema } from './protocol-definition';
import { getProtocol, withCandidateProtocol } from './protocol-registry';
import { SEED_PROTOCOL } from './seed-protocol';

/**
 * libs/protocol/examples/example-hospital-v1.json is the documented example of a hospital's own
 * definition (PROTOCOL_DIRECTORY): every field of the schema, both halves' sub-objects of issues 12
 * and 16 included. It must stay valid as the schema grows, or the README's example misleads.
 */
const FILE = resolve(__dirname, '../examples/example-hospital-v1.json');
const json = JSON.parse(readFileSync(FILE, 'utf8')) as Record<string, unknown>;

describe('the example hospital protocol file', () => {
  it('validates with the schema the start-up loader uses, and names every field of it', () => {
    expect(protocolDefinitionSchema.safeParse(json).error?.issues).toBeUndefined();
    expect(Object.keys(json).sort()).toEqual(Object.keys(protocolDefinitionSchema.shape).sort());
  });

  it('carries the transplant-and-VEGF and the thalidomide-and-safety sub-objects, each with its source', () => {
    const subObjects = ['assessmentSchedule', 'vegfMonitoring', 'engraftment', 'febrileNeutropenia', 'transplantSteps', 'response', 'ageBoundary', 'thalidomideEscalation', 'dexamethasoneCycles', 'bodyMeasurement', 'neuropathyAdverseEvent'];
    for (const key of subObjects) expect([key, typeof (json[key] as { source?: unknown }).source]).toEqual([key, 'string']);
    const safety = json['safety'] as Record<string, { source?: unknown }>;
    expect(Object.entries(safety).map(([key, value]) => [key, typeof value.source])).toEqual([
      ['pregnancy', 'string'],
      ['dispensing', 'string'],
      ['thromboprophylaxis', 'string'],
      ['severeAdverseEvent', 'string'],
    ]);
  });

  it('differs from poems-seed v1 in its identity and its local choice only (monthly windows of ±7 days)', () => {
    const { id, version, title, source, assessmentSchedule: schedule, ...rest } = json;
    const { id: _i, version: _v, title: _t, source: _s, assessmentSchedule: seedSchedule, ...seed } = SEED_PROTOCOL;
    expect([id, version]).toEqual(['example-hospital', 1]);
    expect(rest).toEqual(JSON.parse(JSON.stringify(seed)));
    const windows = (s: unknown) => (s as typeof seedSchedule).items.map((i) => i.window.daysBefore);
    expect(windows(schedule)).toEqual(windows(seedSchedule).map((d) => (d === 14 ? 7 : d)));
    expect([typeof title, typeof source]).toEqual(['string', 'string']);
  });

  it('is used like a built-in one once registered: its own windows judge the schedule', () => {
    const definition = defineProtocol(json as never);
    const due = withCandidateProtocol(definition, () => {
      const inputs = { arm: 'THALIDOMIDE_DEXAMETHASONE' as const, zone: 'Asia/Tokyo', treatmentStart: { id: 's', at: '2025-01-01T01:00:00.000Z' }, aphereses: [], results: {} };
      return assessmentSchedule(getProtocol('example-hospital', 1), inputs, '2025-01-20T00:00:00.000Z').find((d) => d.kind === 'VEGF');
    });
    expect(due).toMatchObject({ day: 28, dueDate: '2025-01-29', closesOn: '2025-02-05', status: 'UPCOMING' });
  });
});
