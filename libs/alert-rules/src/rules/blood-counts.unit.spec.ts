import { milestoneOf } from '@poems/patient';
import { SEED_PROTOCOL } from '@poems/protocol';
import { neutrophilEngraftment, plateletEngraftment } from './blood-counts';
import { anc, dailyAnc, eventId, history, INFUSED_20_APRIL, milestone, platelets, type Command } from '../test-support/history';

const read = (...commands: Command[]) => {
  const state = history(...INFUSED_20_APRIL, ...commands);
  const infusion = milestoneOf(state, 'STEM_CELL_INFUSION')!;
  return { neutrophils: neutrophilEngraftment(state, SEED_PROTOCOL, infusion, 'Asia/Tokyo'), platelets: plateletEngraftment(state, SEED_PROTOCOL, infusion, 'Asia/Tokyo') };
};

describe('neutrophil engraftment read from the counts (ASTCT: first of 3 consecutive days with ANC ≥ 500/µL)', () => {
  it('is the first day of the run after the nadir, known on its third day', () => {
    // Day +1 1200 (before the nadir), +2..+8 below 500, +9 520, +10 700, +11 1100.
    const { neutrophils } = read(...dailyAnc('2024-04-21', [1200, 400, 200, 50, 0, 10, 60, 300, 520, 700, 1100]));
    expect(neutrophils.counted).toEqual({ at: '2024-04-29T08:00:00.000Z', knownAt: '2024-05-01T08:00:00.000Z', evidence: [eventId(14), eventId(15), eventId(16)] });
    expect(neutrophils.effective).toMatchObject({ at: '2024-04-29T08:00:00.000Z', source: 'COUNTS' });
  });

  it('needs three consecutive calendar days: a gap or a fall starts again', () => {
    const gap = read(...dailyAnc('2024-04-25', [100, 600, 700]), anc(800, '2024-04-29T08:00:00Z'));
    expect(gap.neutrophils.counted).toBeUndefined();
    const fall = read(...dailyAnc('2024-04-25', [100, 600, 700, 450, 510, 650, 900]));
    expect(fall.neutrophils.counted?.at).toBe('2024-04-29T08:00:00.000Z');
  });

  it('needs every result of a day at or above 500: exactly 500 counts, 499 does not', () => {
    expect(read(...dailyAnc('2024-04-27', [100, 500, 500, 500])).neutrophils.counted?.at).toBe('2024-04-28T08:00:00.000Z');
    expect(read(...dailyAnc('2024-04-27', [100, 500, 499, 500])).neutrophils.counted).toBeUndefined();
  });

  it('does not take the counts of the days after infusion, before the nadir, for engraftment', () => {
    expect(read(...dailyAnc('2024-04-21', [1500, 1200, 900])).neutrophils.counted).toBeUndefined();
  });

  it('keeps the recorded milestone as the clinician’s statement beside the counts', () => {
    const { neutrophils } = read(...dailyAnc('2024-04-27', [100, 600, 700, 900]), milestone('NEUTROPHIL_ENGRAFTMENT', '2024-05-02T09:00:00Z'));
    expect(neutrophils.recorded?.occurredAt).toBe('2024-05-02T09:00:00.000Z');
    expect(neutrophils.effective?.source).toBe('COUNTS');
  });

  it('falls back to the recorded milestone without counts', () => {
    const { neutrophils } = read(milestone('NEUTROPHIL_ENGRAFTMENT', '2024-05-02T09:00:00Z'));
    expect(neutrophils.effective).toMatchObject({ at: '2024-05-02T09:00:00.000Z', source: 'RECORDED' });
  });
});

describe('platelet engraftment read from the counts (≥ 20,000/µL on 3 days, no platelet transfusion for 7 days)', () => {
  const counts = [8, 12, 21, 25, 30].map((k, i) => platelets(k, `2024-05-0${i + 1}T08:00:00Z`));

  it('is the first day of the run without a transfusion', () => {
    expect(read(...counts).platelets.counted?.at).toBe('2024-05-03T08:00:00.000Z');
  });

  it('is not read from a run that a platelet transfusion in the 7 days before made', () => {
    const transfused: Command = { type: 'RecordTransfusion', product: 'PLATELETS', givenAt: '2024-04-27T10:00:00Z' };
    expect(read(...counts, transfused).platelets.counted).toBeUndefined();
    const eightDaysBefore: Command = { type: 'RecordTransfusion', product: 'PLATELETS', givenAt: '2024-04-25T10:00:00Z' };
    expect(read(...counts, eightDaysBefore).platelets.counted?.at).toBe('2024-05-03T08:00:00.000Z');
    const redCells: Command = { type: 'RecordTransfusion', product: 'RED_CELLS', givenAt: '2024-05-02T10:00:00Z' };
    expect(read(...counts, redCells).platelets.counted?.at).toBe('2024-05-03T08:00:00.000Z');
  });
});
