/** Signs HS256 tokens with given claims; gateway-token.ts builds the claims the gateway accepts, tests use it directly. */
import { SignJWT } from 'jose';

/** Lifetime and optional iss/aud of a minted token. */
export interface MintOptions {
  /** Relative lifetime: seconds (negative = already expired) or a jose time span such as '8h'. */
  expiresIn: string | number;
  issuer?: string;
  audience?: string;
}

/** Signs `claims` with `secret` (HS256), adding iat and exp (and iss/aud when given). */
export async function mintToken(secret: string, claims: Record<string, unknown>, options: MintOptions): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(now)
    // jose reads a number as an absolute timestamp; ours is relative like the string form.
    .setExpirationTime(typeof options.expiresIn === 'number' ? now + options.expiresIn : options.expiresIn);
  if (options.issuer !== undefined) jwt.setIssuer(options.issuer);
  if (options.audience !== undefined) jwt.setAudience(options.audience);
  return jwt.sign(new TextEncoder().encode(secret));
}
