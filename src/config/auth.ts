/**
 * The auth section: its variables and how they combine. A new AUTH_* variable is one line in
 * AUTH_SETTINGS plus its use in authConfig(); its default and range live in that line only.
 */
import { randomBytes } from 'node:crypto';
import { boolean, choice, integer, text, url, type SettingsValues } from './declare';

export const AUTH_SETTINGS = {
  mode: choice({
    env: 'AUTH_MODE',
    values: ['jwt', 'none'],
    default: 'jwt',
    description: 'none disables authentication (local demos only; refused in production).',
  }),
  jwtSecret: text({ env: 'AUTH_JWT_SECRET', minLength: 32, secret: true, description: 'HS256 secret (at least 32 characters).' }),
  jwksUrl: url({
    env: 'AUTH_JWKS_URL',
    check: (value) => (/^https?:\/\/[^/]/i.test(value) && URL.canParse(value) ? undefined : 'must be an http(s) URL'),
    description: 'JWKS for RS256/ES256 tokens.',
  }),
  issuer: text({ env: 'AUTH_ISSUER', description: 'Required iss when set.' }),
  audience: text({ env: 'AUTH_AUDIENCE', description: 'Required aud when set.' }),
  customerClaim: text({ env: 'AUTH_CUSTOMER_CLAIM', default: 'sub', description: "Claim holding a shopper's customerIdentification." }),
  customerMayDelete: boolean({ env: 'AUTH_CUSTOMER_MAY_DELETE', default: false, description: 'Shopper tokens may delete their own profile.' }),
  clockToleranceSeconds: integer({ env: 'AUTH_CLOCK_TOLERANCE_SECONDS', min: 0, max: 600, default: 30, description: 'Tolerance for exp/nbf/iat.' }),
  scopeClaim: choice({
    env: 'AUTH_SCOPE_CLAIM',
    values: ['scope', 'scp'],
    default: 'scope',
    description:
      'Claim holding operator scopes: scope (a space-separated string, RFC 8693/9068) or scp (an array of strings, for identity providers that send it).',
  }),
  maxTokenAgeSeconds: integer({
    env: 'AUTH_MAX_TOKEN_AGE_SECONDS',
    min: 60,
    max: 31_536_000,
    default: 86_400,
    description: 'Longest token lifetime accepted: exp − iat (exp − now when iat is absent).',
  }),
} as const;

export type AuthValues = SettingsValues<typeof AUTH_SETTINGS>;

/** The gateway's authentication. */
export type AuthConfig =
  | { mode: 'none' }
  | {
      mode: 'jwt';
      /** HS256 secret (AUTH_JWT_SECRET), or one generated for demo mode. */
      hmacSecret?: string;
      jwksUrl?: string;
      issuer?: string;
      audience?: string;
      customerClaim: string;
      customerMayDelete: boolean;
      clockToleranceSeconds: number;
      scopeClaim: 'scope' | 'scp';
      maxTokenAgeSeconds: number;
      /** Demo mode without auth settings: a generated secret; the demo prints short-lived dev tokens. */
      devTokens: boolean;
    };

/** The auth section from its values; rules that combine variables add to `problems`. */
export function authConfig(v: AuthValues, context: { demo: boolean; production: boolean }, problems: string[]): AuthConfig {
  if (v.mode === 'none') {
    if (context.production) problems.push('AUTH_MODE: "none" is refused in production (NODE_ENV=production, the default outside demo mode)');
    return { mode: 'none' };
  }
  if (v.jwtSecret && v.jwksUrl) problems.push('AUTH_JWT_SECRET, AUTH_JWKS_URL: set one, not both');
  const devTokens = context.demo && !v.jwtSecret && !v.jwksUrl;
  if (!devTokens && !v.jwtSecret && !v.jwksUrl) {
    problems.push('AUTH_JWT_SECRET or AUTH_JWKS_URL: one is required (or AUTH_MODE=none for a local demo)');
  }
  return {
    mode: 'jwt',
    hmacSecret: devTokens ? randomBytes(32).toString('base64url') : v.jwtSecret,
    jwksUrl: v.jwksUrl,
    issuer: v.issuer,
    audience: v.audience,
    customerClaim: v.customerClaim,
    customerMayDelete: v.customerMayDelete,
    clockToleranceSeconds: v.clockToleranceSeconds,
    scopeClaim: v.scopeClaim,
    maxTokenAgeSeconds: v.maxTokenAgeSeconds,
    devTokens,
  };
}
