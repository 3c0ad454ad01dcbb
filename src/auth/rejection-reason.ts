/**
 * jose verification error -> short reason for `Principal.authError`. The reason reaches the client
 * (UNAUTHENTICATED message) and the logs, so it says what is wrong but carries no token material.
 */
import { errors } from 'jose';

/** The JWKS endpoint could not be read: the token may be fine, the key source is not. */
export class SigningKeysUnavailable extends Error {
  constructor(cause: unknown) {
    super(`JWKS fetch failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'SigningKeysUnavailable';
  }
}

/** Maps any error thrown while verifying a token to a fixed phrase. */
export function rejectionReason(error: unknown): string {
  if (error instanceof SigningKeysUnavailable) return 'signing keys unavailable';
  if (!(error instanceof errors.JOSEError)) return 'invalid token';
  if (error instanceof errors.JWTClaimValidationFailed) return claimReason(error.claim, error.reason);
  switch (error.code) {
    case errors.JWTExpired.code:
      return 'token expired';
    case errors.JWSSignatureVerificationFailed.code:
      return 'bad signature';
    case errors.JOSEAlgNotAllowed.code:
    case errors.JOSENotSupported.code:
      return 'unsupported algorithm';
    case errors.JWSInvalid.code:
    case errors.JWTInvalid.code:
      return 'malformed token';
    case errors.JWKSNoMatchingKey.code:
    case errors.JWKSMultipleMatchingKeys.code:
      return 'unknown signing key';
    default:
      return 'invalid token';
  }
}

function claimReason(claim: string, reason: string): string {
  switch (claim) {
    case 'nbf':
      return 'token not yet valid';
    case 'iss':
      return 'wrong issuer';
    case 'aud':
      return 'wrong audience';
    case 'exp':
      return reason === 'missing' ? 'token has no expiry' : 'token expired';
    default:
      return `invalid "${claim}" claim`;
  }
}
