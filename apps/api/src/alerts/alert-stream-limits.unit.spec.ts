import { loadConfig } from '@poems/config';
import { AlertStreamSlots, replayStart } from './alert-stream-limits';

const defaults = loadConfig({ AUTH_JWT_SECRET: 's'.repeat(32), DATA_KEY_ENCRYPTION_KEY: 'a'.repeat(64), RESEARCH_PSEUDONYM_KEY: 'a'.repeat(64) });

describe('live alert stream slots with the default limits', () => {
  it('refuse the 101st stream, and a 6th for one user, until one is released', () => {
    const slots = new AlertStreamSlots(defaults);
    const taken = Array.from({ length: 100 }, (_, i) => slots.take(`user-${i % 20}`));
    expect(taken.every((answer) => answer.ok)).toBe(true);
    const hundredAndFirst = slots.take('someone-new');
    expect(hundredAndFirst).toMatchObject({ ok: false, message: expect.stringContaining('ALERT_STREAMS_MAX') });
    if (taken[0]!.ok) {
      taken[0]!.slot.release();
      taken[0]!.slot.release();
    }
    expect(slots.open).toBe(99);
    expect(slots.take('user-1')).toMatchObject({ ok: false, message: expect.stringContaining('ALERT_STREAMS_PER_PRINCIPAL') });
    expect(slots.take('someone-new').ok).toBe(true);
    expect(slots.take('another').ok).toBe(false);
  });

  it('end every open stream before the server shuts down, and forget released ones', async () => {
    const slots = new AlertStreamSlots(defaults);
    const closed: string[] = [];
    for (const user of ['a', 'b']) {
      const answer = slots.take(user);
      if (answer.ok) answer.slot.onShutdown(async () => void closed.push(user));
      if (answer.ok && user === 'b') answer.slot.release();
    }
    await slots.beforeApplicationShutdown();
    expect(closed).toEqual(['a']);
  });
});

describe('where a new stream starts', () => {
  it('at the head when it names no position', () => {
    expect(replayStart(undefined, 500, 100)).toEqual({ after: 500 });
  });

  it('where asked when within the replay window', () => {
    expect(replayStart(400, 500, 100)).toEqual({ after: 400 });
  });

  it('moved up to the window, saying so, when asked for more', () => {
    expect(replayStart(0, 500, 100)).toEqual({ after: 400, notice: expect.stringContaining('resuming after 400, not 0') });
  });

  it('at the head when asked for a position past it', () => {
    expect(replayStart(900, 500, 100)).toEqual({ after: 500, notice: expect.stringContaining('past the store') });
  });
});
