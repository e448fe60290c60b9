import { ServerClock } from './stream-heads';

describe("the writer's estimate of the database server's clock", () => {
  it('trusts the quickest recent round trip: a slow answer (a lock wait) does not skew it', () => {
    const clock = new ServerClock();
    const base = Date.now();
    // A 2 ms round trip: the server's clock is 5 ms ahead of ours.
    clock.observe(base + 1 + 5, base, base + 2);
    // A 400 ms round trip whose clock reading came early in it: alone, it would put us 199 ms behind.
    clock.observe(base + 10 + 5, base + 10, base + 410);
    const estimate = Date.parse(clock.now()) - Date.now();
    expect(Math.abs(estimate - 5)).toBeLessThanOrEqual(2);
  });

  it('never answers below the stream’s last recorded time', () => {
    const clock = new ServerClock();
    const later = new Date(Date.now() + 60_000).toISOString();
    expect(clock.now(later)).toBe(later);
  });
});
