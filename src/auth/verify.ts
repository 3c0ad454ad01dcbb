/**
 * Bearer token -> Principal. The gateway's only authentication step: IXOPAY does no end-user
 * authorization, so a token this module accepts is what every access decision rests on.
 *
 * Bad tokens never throw: they become `anonymous` with a short reason (never the token itself),
 * and the resolvers answer UNAUTHENTICATED only where a principal is actually needed.
 */
import { createSecretKey } from 'node:crypto';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey, type JWTVerifyOptions } from 'jose';
import type { Config } from '../config/config';
import { UNRESTRICTED_OPERATOR, type Principal } from './principal';
import { bearerToken } from './bearer';
import { principalFromClaims } from './claims';
import { rejectionReason, SigningKeysUnavailable } from './rejection-reason';
import { lifetimeProblem } from './token-lifetime';
import { VerifiedTokens } from './verified-tokens';

/** Turns the Authorization header of one request into the caller's principal. */
export interface Authenticator {
  /** Resolves to `anonymous` (with `authError`) for a missing or unacceptable token; never rejects. */
  authenticate(authorizationHeader: string | undefined): Promise<Principal>;
}

/** JWKS fetching knobs; the defaults suit production, tests shorten the cooldown. */
export interface JwksOptions {
  /** Abort a JWKS fetch after this long; a request waits for it, so keep it short. */
  timeoutMs?: number;
  /** After a fetch, an unknown `kid` triggers no new fetch for this long (stops kid-spraying). */
  cooldownMs?: number;
  /** Keys are refetched (by the next request needing them) once older than this. */
  cacheMaxAgeMs?: number;
  /** Called when the key set cannot be fetched (the IdP is down, not a bad token): log it. */
  onKeySourceError?: (error: Error) => void;
}

/** JWKS knobs plus the clock; tests inject a fixed `now` to check time claims without waiting. */
export interface AuthenticatorOptions extends JwksOptions {
  /** The current time; every time claim and the verified-token cache are judged against it. */
  now?: () => Date;
}

export const JWKS_DEFAULTS: Required<Omit<JwksOptions, 'onKeySourceError'>> = {
  timeoutMs: 3_000,
  cooldownMs: 30_000,
  cacheMaxAgeMs: 10 * 60_000,
};

/** Verified tokens remembered; a minute bounds how long a withdrawn JWKS key keeps working. */
const VERIFIED_CACHE_ENTRIES = 10_000;
const VERIFIED_CACHE_MAX_AGE_MS = 60_000;

/** Algorithms are pinned per key source: never `none`, never an HMAC with a public key. */
const HMAC_ALGORITHMS = ['HS256'];
const JWKS_ALGORITHMS = ['RS256', 'ES256'];

/** Builds the authenticator for AUTH_MODE; throws only for a configuration without any key source. */
export function createAuthenticator(auth: Config['auth'], options: AuthenticatorOptions = {}): Authenticator {
  if (auth.mode === 'none') {
    return { authenticate: async () => UNRESTRICTED_OPERATOR };
  }

  const checks: JWTVerifyOptions = {
    issuer: auth.issuer,
    audience: auth.audience,
    clockTolerance: auth.clockToleranceSeconds,
    // A token without expiry would be valid forever once leaked.
    requiredClaims: ['exp'],
  };

  const now = options.now ?? (() => new Date());
  let verify: (token: string, currentDate: Date) => Promise<JWTPayload>;
  if (auth.hmacSecret) {
    // One KeyObject for the process: jose would otherwise import the raw bytes on every verify.
    const secret = createSecretKey(Buffer.from(auth.hmacSecret, 'utf8'));
    const hmacChecks = { ...checks, algorithms: HMAC_ALGORITHMS };
    verify = async (token, currentDate) => (await jwtVerify(token, secret, { ...hmacChecks, currentDate })).payload;
  } else if (auth.jwksUrl) {
    const timing = { ...JWKS_DEFAULTS, ...options };
    // jose caches the key set, deduplicates concurrent fetches and refetches on an unknown kid
    // (rotation) once the cooldown has passed.
    const keySet = keySetWithFailureReport(
      createRemoteJWKSet(new URL(auth.jwksUrl), {
        timeoutDuration: timing.timeoutMs,
        cooldownDuration: timing.cooldownMs,
        cacheMaxAge: timing.cacheMaxAgeMs,
      }),
      options.onKeySourceError,
    );
    const jwksChecks = { ...checks, algorithms: JWKS_ALGORITHMS };
    verify = async (token, currentDate) => (await jwtVerify(token, keySet, { ...jwksChecks, currentDate })).payload;
  } else {
    throw new Error('AUTH_MODE=jwt needs a key source: AUTH_JWT_SECRET or AUTH_JWKS_URL');
  }

  // Date.now on the hot path (a cache hit) unless a test injected a clock.
  const nowMs = options.now ? () => now().getTime() : Date.now;
  const verified = new VerifiedTokens(VERIFIED_CACHE_ENTRIES, VERIFIED_CACHE_MAX_AGE_MS, nowMs);
  const toleranceSeconds = auth.clockToleranceSeconds;
  const claimNames = { customerClaim: auth.customerClaim, scopeClaim: auth.scopeClaim };
  const lifetimeLimits = { maxTokenAgeSeconds: auth.maxTokenAgeSeconds, clockToleranceSeconds: toleranceSeconds };
  return {
    async authenticate(authorizationHeader) {
      const bearer = bearerToken(authorizationHeader);
      if (!bearer.ok) return { kind: 'anonymous', authError: bearer.reason };
      const cached = verified.get(bearer.token);
      if (cached) return cached;
      const currentDate = now();
      let payload: JWTPayload;
      try {
        payload = await verify(bearer.token, currentDate);
      } catch (error) {
        return { kind: 'anonymous', authError: rejectionReason(error) };
      }
      const tooLong = lifetimeProblem(payload, Math.floor(currentDate.getTime() / 1000), lifetimeLimits);
      if (tooLong !== undefined) return { kind: 'anonymous', authError: tooLong };
      const principal = principalFromClaims(payload, claimNames);
      // Rejections are not remembered: they are cheap to repeat and must not crowd out good tokens.
      if (principal.kind === 'anonymous') return principal;
      // `exp` is a required claim, so it is present once verification passed.
      verified.set(
        bearer.token,
        principal,
        (payload.exp as number) + toleranceSeconds,
        payload.nbf === undefined ? undefined : payload.nbf - toleranceSeconds,
      );
      return principal;
    },
  };
}

/**
 * jose reports a failed JWKS fetch as a TypeError or a generic JOSEError, indistinguishable from
 * other failures; this names it (-> "signing keys unavailable") and reports it.
 */
function keySetWithFailureReport(keySet: JWTVerifyGetKey, report?: (error: Error) => void): JWTVerifyGetKey {
  return async (header, token) => {
    try {
      return await keySet(header, token);
    } catch (error) {
      const specific = error instanceof errors.JOSEError && error.code !== errors.JOSEError.code;
      if (specific && !(error instanceof errors.JWKSTimeout) && !(error instanceof errors.JWKSInvalid)) throw error;
      const failure = new SigningKeysUnavailable(error);
      report?.(failure);
      throw failure;
    }
  };
}
