/**
 * Bounds on a token's time claims beyond what jose checks (`exp` and `nbf`): a leaked token with
 * `exp` in 2999, or one "issued" a year from now, must not be good for that long.
 */

export interface LifetimeLimits {
  /** AUTH_MAX_TOKEN_AGE_SECONDS: the longest lifetime (exp − iat) accepted. */
  maxTokenAgeSeconds: number;
  /** AUTH_CLOCK_TOLERANCE_SECONDS: skew allowed between the issuer's clock and ours. */
  clockToleranceSeconds: number;
}

/**
 * Why the token's lifetime is unacceptable, or undefined. `exp` is a number (jose checked it);
 * `iat`, when present, too. Without `iat` the remaining lifetime (exp − now) is bounded instead.
 */
export function lifetimeProblem(payload: { exp?: number; iat?: number }, nowSeconds: number, limits: LifetimeLimits): string | undefined {
  const { maxTokenAgeSeconds, clockToleranceSeconds } = limits;
  if (payload.iat !== undefined && payload.iat > nowSeconds + clockToleranceSeconds) return 'token issued in the future';
  const exp = payload.exp as number;
  // exp − iat is read off the issuer's clock alone; exp − now mixes in ours, so it gets the tolerance.
  const lifetime = payload.iat !== undefined ? exp - payload.iat : exp - nowSeconds - clockToleranceSeconds;
  if (lifetime > maxTokenAgeSeconds) return `token lifetime exceeds ${maxTokenAgeSeconds} s`;
  return undefined;
}
