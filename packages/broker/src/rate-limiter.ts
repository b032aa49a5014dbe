/** Token bucket: `rate` tokens per second, at most `capacity` stored. */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    readonly rate: number,
    readonly capacity: number,
    now: number = Date.now(),
  ) {
    this.tokens = capacity;
    this.updatedAt = now;
  }

  /** Takes one token; false when none is left. */
  take(now: number = Date.now()): boolean {
    const elapsed = now - this.updatedAt;
    if (elapsed > 0) {
      this.tokens = Math.min(this.capacity, this.tokens + (elapsed * this.rate) / 1000);
      this.updatedAt = now;
    }
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** True when the bucket is full again (nothing to remember). */
  full(now: number = Date.now()): boolean {
    return this.tokens + ((now - this.updatedAt) * this.rate) / 1000 >= this.capacity;
  }
}

/** CONNECT rate per client id (AWS: 1 per second), one bucket per recently seen id. */
export class ConnectRateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();
  private sweptAt = Date.now();

  constructor(
    readonly rate: number,
    readonly burst: number,
  ) {}

  allow(clientId: string, now: number = Date.now()): boolean {
    if (this.rate <= 0) return true;
    if (now - this.sweptAt > 60_000) this.sweep(now);
    let bucket = this.buckets.get(clientId);
    if (bucket === undefined) {
      bucket = new TokenBucket(this.rate, Math.max(1, this.burst), now);
      this.buckets.set(clientId, bucket);
    }
    return bucket.take(now);
  }

  private sweep(now: number): void {
    this.sweptAt = now;
    for (const [clientId, bucket] of this.buckets) if (bucket.full(now)) this.buckets.delete(clientId);
  }
}
