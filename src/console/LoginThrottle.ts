/**
 * Counts failed sign-ins per client address in a sliding window: after `maxFailures` failures within `windowMs`, the
 * next attempt is refused (429) until the oldest failure leaves the window. A success clears the address.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();
  private readonly maxFailures: number;
  private readonly windowMs: number;
  private readonly now: () => number;
  private readonly maxTracked: number;

  constructor(options: { maxFailures?: number; windowMs?: number; now?: () => number; maxTracked?: number } = {}) {
    this.maxFailures = options.maxFailures ?? 5;
    this.windowMs = options.windowMs ?? 5 * 60_000;
    this.now = options.now ?? Date.now;
    this.maxTracked = options.maxTracked ?? 10_000;
  }

  /** Seconds to wait before trying again, or 0 when the address may try now. */
  retryAfter(address: string): number {
    const recent = this.recent(address);
    if (recent.length < this.maxFailures) return 0;
    const oldest = recent[recent.length - this.maxFailures] ?? this.now();
    return Math.max(1, Math.ceil((oldest + this.windowMs - this.now()) / 1000));
  }

  recordFailure(address: string): void {
    const recent = this.recent(address);
    recent.push(this.now());
    this.failures.delete(address);
    this.failures.set(address, recent.slice(-this.maxFailures));
    // Bounded memory: forget the addresses seen longest ago.
    while (this.failures.size > this.maxTracked) {
      const first = this.failures.keys().next().value;
      if (first === undefined) break;
      this.failures.delete(first);
    }
  }

  reset(address: string): void {
    this.failures.delete(address);
  }

  private recent(address: string): number[] {
    const cutoff = this.now() - this.windowMs;
    const kept = (this.failures.get(address) ?? []).filter((at) => at > cutoff);
    if (kept.length === 0) this.failures.delete(address);
    return kept;
  }
}
