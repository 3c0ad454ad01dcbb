/**
 * The optional rate limit on authenticated API calls. Windows are fixed one-second slots of the
 * sandbox clock (floor(ms / 1000)), the same slots stats.acceptedPerSecond reports, so a test can
 * check exactly that no slot admitted more than the budget.
 */
export class RateLimiter {
  private window = Number.NaN;
  private used = 0;

  /**
   * Admits one call at `nowMs` under `limit` calls per window (0 = unlimited). Returns null when
   * admitted, else the seconds until the next window (for Retry-After, at least 1).
   */
  admit(nowMs: number, limit: number): number | null {
    const window = Math.floor(nowMs / 1000);
    if (window !== this.window) {
      this.window = window;
      this.used = 0;
    }
    if (limit > 0 && this.used >= limit) return Math.max(1, Math.ceil(((window + 1) * 1000 - nowMs) / 1000));
    this.used++;
    return null;
  }

  reset(): void {
    this.window = Number.NaN;
    this.used = 0;
  }
}
