export interface RateDecision {
  allowed: boolean;
  /** The first refusal in a window: the moment to say something polite, once. */
  firstRefusal: boolean;
  retryAfterMs: number;
}

/**
 * A fixed-window counter per key (a conversation, an IP address): at most `points` events per `windowMs`. Memory is
 * bounded: windows that have ended are dropped as keys are touched, and at most `maxKeys` keys are tracked.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  private readonly now: () => number;
  private readonly maxKeys: number;

  constructor(
    private readonly points: number,
    private readonly windowMs: number,
    options: { now?: () => number; maxKeys?: number } = {},
  ) {
    if (!Number.isInteger(points) || points < 1) throw new TypeError('points must be a positive integer');
    if (!(windowMs > 0)) throw new TypeError('windowMs must be positive');
    this.now = options.now ?? Date.now;
    this.maxKeys = options.maxKeys ?? 100_000;
  }

  get trackedKeys(): number {
    return this.windows.size;
  }

  consume(key: string): RateDecision {
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || now - window.start >= this.windowMs) {
      this.windows.delete(key);
      this.evict(now);
      window = { start: now, count: 0 };
      this.windows.set(key, window);
    }
    window.count += 1;
    const allowed = window.count <= this.points;
    return { allowed, firstRefusal: window.count === this.points + 1, retryAfterMs: allowed ? 0 : window.start + this.windowMs - now };
  }

  private evict(now: number): void {
    if (this.windows.size < this.maxKeys) return;
    // Insertion order is oldest first: drop ended windows, then the oldest if still full.
    for (const [key, window] of this.windows) {
      if (this.windows.size < this.maxKeys * 0.9) break;
      if (now - window.start >= this.windowMs || this.windows.size >= this.maxKeys) this.windows.delete(key);
    }
  }
}
