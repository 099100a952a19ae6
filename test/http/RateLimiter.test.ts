import { RateLimiter } from '../../src/http/RateLimiter';

describe('RateLimiter', () => {
  it('allows the points in a window, refuses the next ones, says which refusal is the first, and opens again', () => {
    let clock = 0;
    const limiter = new RateLimiter(3, 60_000, { now: () => clock });
    const decisions = Array.from({ length: 5 }, () => limiter.consume('conversation-1'));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false, false]);
    expect(decisions.map((d) => d.firstRefusal)).toEqual([false, false, false, true, false]);
    expect(decisions[3]?.retryAfterMs).toBe(60_000);
    expect(limiter.consume('conversation-2').allowed).toBe(true);
    clock = 60_000;
    expect(limiter.consume('conversation-1').allowed).toBe(true);
  });

  it('keeps its memory bounded however many keys it sees', () => {
    let clock = 0;
    const limiter = new RateLimiter(1, 1000, { now: () => clock, maxKeys: 100 });
    for (let i = 0; i < 10_000; i += 1) {
      clock += 1;
      limiter.consume(`ip-${i}`);
    }
    expect(limiter.trackedKeys).toBeLessThanOrEqual(100);
  });
});
