/** The `auth` part of a Config for authenticator tests: production defaults plus what a test sets. */
import type { Config } from '../../../src/config/config';

export type JwtAuth = Extract<Config['auth'], { mode: 'jwt' }>;

export function jwtAuth(overrides: Partial<JwtAuth>): JwtAuth {
  return {
    mode: 'jwt',
    customerClaim: 'sub',
    scopeClaim: 'scope',
    customerMayDelete: false,
    clockToleranceSeconds: 30,
    maxTokenAgeSeconds: 86_400,
    devTokens: false,
    ...overrides,
  };
}
