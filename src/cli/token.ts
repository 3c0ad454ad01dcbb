/**
 * `npm run -s token -- --sub cust-0001 [--scope "profiles:read profiles:write"] [--ttl 1h]`
 *
 * Prints one HS256 token this gateway accepts, signed with the configured AUTH_JWT_SECRET and
 * honouring AUTH_ISSUER, AUTH_AUDIENCE, AUTH_SCOPE_CLAIM and AUTH_CUSTOMER_CLAIM. Without --scope
 * it is a shopper token for customer --sub. stdout carries the token alone, so
 * `TOKEN=$(npm run -s token -- --sub cust-0001)` works; messages go to stderr.
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from '../config/config';
import { mintGatewayToken, TokenRequestError } from '../auth/gateway-token';

const USAGE = `usage: npm run -s token -- --sub <id> [--scope "profiles:read profiles:write"] [--ttl 1h]
  --sub     the token's subject; without --scope also the shopper's customerIdentification
  --scope   operator scopes, space separated (omit for a shopper token)
  --ttl     lifetime: seconds, or a number with s, m, h or d (default 1h, at most AUTH_MAX_TOKEN_AGE_SECONDS)`;

const DEFAULT_TTL_SECONDS = 3600;

/** Exit codes: 0 token printed, 1 configuration cannot mint, 2 bad arguments. */
export async function runTokenCli(argv: string[], env: NodeJS.ProcessEnv, out: (line: string) => void, err: (line: string) => void): Promise<number> {
  let values: { sub?: string; scope?: string; ttl?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { sub: { type: 'string' }, scope: { type: 'string' }, ttl: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (error) {
    err(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    err(USAGE);
    return 0;
  }
  if (values.sub === undefined) {
    err(`--sub is required\n${USAGE}`);
    return 2;
  }
  const ttlSeconds = values.ttl === undefined ? undefined : parseDuration(values.ttl);
  if (ttlSeconds === null) {
    err(`--ttl: expected seconds or a number with s, m, h or d, e.g. 1h\n${USAGE}`);
    return 2;
  }

  let auth: Config['auth'];
  try {
    auth = loadConfig(env).auth;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    err(error.message);
    return 1;
  }
  const unusable = signingProblem(auth);
  if (unusable !== undefined || auth.mode !== 'jwt') {
    err(`cannot mint a token: ${unusable}`);
    return 1;
  }

  try {
    const token = await mintGatewayToken(auth, {
      subject: values.sub,
      scopes: values.scope?.split(' ').filter((s) => s !== ''),
      ttlSeconds: ttlSeconds ?? Math.min(DEFAULT_TTL_SECONDS, auth.maxTokenAgeSeconds),
    });
    out(token);
    return 0;
  } catch (error) {
    if (!(error instanceof TokenRequestError)) throw error;
    err(`cannot mint a token: ${error.message}`);
    return 1;
  }
}

/** Why this configuration has no secret a token could be signed with for the running gateway. */
function signingProblem(auth: Config['auth']): string | undefined {
  if (auth.mode === 'none') return 'AUTH_MODE=none: the gateway takes no tokens';
  if (auth.jwksUrl) return 'AUTH_JWKS_URL is set: tokens come from your identity provider';
  // Demo mode's secret is generated afresh by each process: a token signed here would fit no gateway.
  if (auth.devTokens || !auth.hmacSecret) {
    return 'no AUTH_JWT_SECRET configured; set the secret the gateway runs with (demo mode without it prints its own dev tokens at start-up)';
  }
  return undefined;
}

/** "90", "90s", "15m", "1h", "7d" -> seconds; null when unreadable. */
function parseDuration(text: string): number | null {
  const match = /^(\d{1,9})([smhd]?)$/.exec(text);
  if (!match) return null;
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86_400 }[match[2] as '' | 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}

if (require.main === module) {
  runTokenCli(
    process.argv.slice(2),
    process.env,
    (line) => process.stdout.write(`${line}\n`),
    (line) => process.stderr.write(`${line}\n`),
  ).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`token: ${(error as Error)?.message ?? String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
