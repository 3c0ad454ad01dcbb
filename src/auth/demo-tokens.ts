/**
 * Demo mode's dev tokens: one operator and one shopper token, so every example operation can be
 * run from the start-up banner. Signed with whatever HS256 secret the gateway verifies with (the
 * generated one, or AUTH_JWT_SECRET when set), so they always work against this process.
 */
import type { Config } from '../config/config';
import { mintGatewayToken } from './gateway-token';
import { SCOPE_READ, SCOPE_WRITE } from './principal';

export interface DemoTokens {
  /** Both profile scopes; any profile. */
  operator: string;
  /** A shopper token owning `customerIdentification` (for `myCustomerProfile`). */
  shopper: string;
  customerIdentification: string;
  ttlSeconds: number;
}

/** A working day, unless AUTH_MAX_TOKEN_AGE_SECONDS allows less. */
const DEMO_TOKEN_TTL_SECONDS = 8 * 3600;

/** The dev tokens, or undefined when the gateway verifies no HS256 secret (JWKS or AUTH_MODE=none). */
export async function mintDemoTokens(auth: Config['auth'], customerIdentification: string): Promise<DemoTokens | undefined> {
  if (auth.mode !== 'jwt' || !auth.hmacSecret) return undefined;
  const ttlSeconds = Math.min(DEMO_TOKEN_TTL_SECONDS, auth.maxTokenAgeSeconds);
  const [operator, shopper] = await Promise.all([
    mintGatewayToken(auth, { subject: 'demo-operator', scopes: [SCOPE_READ, SCOPE_WRITE], ttlSeconds }),
    mintGatewayToken(auth, { subject: customerIdentification, ttlSeconds }),
  ]);
  return { operator, shopper, customerIdentification, ttlSeconds };
}
