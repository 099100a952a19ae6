import { LoginThrottle } from '../../src/console/LoginThrottle';
import { WeakPasswordError, hashPassword, verifyPassword } from '../../src/console/password';

describe('passwords (scrypt)', () => {
  it('verifies the right password only, and salts every hash', async () => {
    const first = await hashPassword('correct horse battery staple');
    const second = await hashPassword('correct horse battery staple');
    expect(first).toMatch(/^scrypt\$32768\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(first).not.toBe(second);
    expect(await verifyPassword('correct horse battery staple', first)).toBe(true);
    expect(await verifyPassword('correct horse battery stapl', first)).toBe(false);
    expect(await verifyPassword('', first)).toBe(false);
    expect(await verifyPassword('correct horse battery staple', 'plain-text')).toBe(false);
    expect(await verifyPassword('correct horse battery staple', 'scrypt$x$8$1$abc$def')).toBe(false);
  });

  it('refuses passwords shorter than 12 characters', async () => {
    await expect(hashPassword('short')).rejects.toBeInstanceOf(WeakPasswordError);
  });
});

describe('LoginThrottle', () => {
  it('blocks an address after five failures within five minutes, until the oldest leaves the window', () => {
    let now = 0;
    const throttle = new LoginThrottle({ now: () => now });
    for (let i = 0; i < 5; i++) {
      expect(throttle.retryAfter('10.0.0.1')).toBe(0);
      throttle.recordFailure('10.0.0.1');
      now += 10_000;
    }
    // Failures at 0, 10, 20, 30, 40 s; now 50 s: wait until the first is 5 minutes old.
    expect(throttle.retryAfter('10.0.0.1')).toBe(250);
    expect(throttle.retryAfter('10.0.0.2')).toBe(0);
    now = 300_001;
    expect(throttle.retryAfter('10.0.0.1')).toBe(0);
  });

  it('forgets an address after a successful sign-in', () => {
    const throttle = new LoginThrottle();
    for (let i = 0; i < 5; i++) throttle.recordFailure('10.0.0.1');
    throttle.reset('10.0.0.1');
    expect(throttle.retryAfter('10.0.0.1')).toBe(0);
  });

  it('remembers a bounded number of addresses', () => {
    const throttle = new LoginThrottle({ maxTracked: 2, maxFailures: 1 });
    throttle.recordFailure('a');
    throttle.recordFailure('b');
    throttle.recordFailure('c');
    expect(throttle.retryAfter('a')).toBe(0);
    expect(throttle.retryAfter('c')).toBeGreaterThan(0);
  });
});
