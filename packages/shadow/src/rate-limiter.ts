interface Bucket {
  tokens: number;
  updatedAt: number;
}

// Buckets that have refilled completely carry no information; they are dropped this often.
const SWEEP_INTERVAL_MS = 60_000;

/**
 * Requests per second per key (the shadow service's key is the thing name), as token buckets that
 * hold one second's worth of requests: a key may burst up to `ratePerSecond` requests at once and
 * then sustain `ratePerSecond`. A rate of 0 turns the limit off.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private sweptAt: number;

  constructor(
    readonly ratePerSecond: number,
    now: number,
  ) {
    this.sweptAt = now;
  }

  /** Takes one request's token from `key`'s bucket; false when the key is over its rate. `now` in ms. */
  allow(key: string, now: number): boolean {
    const rate = this.ratePerSecond;
    if (rate <= 0) return true;
    if (now - this.sweptAt >= SWEEP_INTERVAL_MS) this.sweep(now);
    const bucket = this.buckets.get(key);
    if (bucket === undefined) {
      this.buckets.set(key, { tokens: rate - 1, updatedAt: now });
      return true;
    }
    const elapsed = now - bucket.updatedAt;
    if (elapsed > 0) {
      bucket.tokens = Math.min(rate, bucket.tokens + (elapsed * rate) / 1000);
      bucket.updatedAt = now;
    }
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** Keys with a partly used bucket. */
  get size(): number {
    return this.buckets.size;
  }

  private sweep(now: number): void {
    this.sweptAt = now;
    const rate = this.ratePerSecond;
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.updatedAt) * rate) / 1000 >= rate) this.buckets.delete(key);
    }
  }
}
