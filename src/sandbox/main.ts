/**
 * `npm run sandbox`: runs the IXOPAY sandbox on its own, for local development against the
 * gateway or any IXOPAY client (including the official PHP client). This entry point reads the
 * environment itself; it prints the demo credentials on purpose (local dev tool, demo data), but
 * masks a password or shared secret the user supplied.
 */
import { OPTION_DEFAULTS, OPTION_RANGES } from './options';
import { DEMO_CREDENTIALS, demoProfiles, startSandbox, type RunningSandbox, type SandboxOptions } from './server';
import { TEST_TOKENS } from './instrument-token';
import { isMissingProfileWriteForm, MISSING_PROFILE_WRITE_FORMS } from './settings';

/** Standalone default port (startSandbox's own default is an ephemeral port). */
const STANDALONE_PORT = 4100;

/** Parsed environment, or the list of problems naming each bad variable. */
export function readSandboxEnv(
  env: NodeJS.ProcessEnv,
): { options: SandboxOptions; userSecrets: { password: boolean; sharedSecret: boolean } } | { problems: string[] } {
  const problems: string[] = [];
  // Empty means unset (shells and compose files often export VAR=).
  const get = (name: string): string | undefined => (env[name] === undefined || env[name] === '' ? undefined : env[name]);
  const int = (name: string, fallback: number, { min, max }: { min: number; max: number }): number => {
    const raw = get(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || value < min || value > max) {
      problems.push(`${name} must be an integer between ${min} and ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  };
  const port = int('SANDBOX_PORT', STANDALONE_PORT, OPTION_RANGES.port);
  const latencyMs = int('SANDBOX_LATENCY_MS', OPTION_DEFAULTS.latencyMs, OPTION_RANGES.latencyMs);
  const maxClockSkewSeconds = int('SANDBOX_MAX_CLOCK_SKEW_SECONDS', OPTION_DEFAULTS.maxClockSkewSeconds, OPTION_RANGES.maxClockSkewSeconds);
  const extraProfiles = int('SANDBOX_EXTRA_PROFILES', OPTION_DEFAULTS.extraProfiles, OPTION_RANGES.extraProfiles);
  const rateLimitPerSecond = int('SANDBOX_RATE_LIMIT_PER_SECOND', OPTION_DEFAULTS.rateLimitPerSecond, OPTION_RANGES.rateLimitPerSecond);
  const missingProfileWrite = get('SANDBOX_MISSING_PROFILE_WRITE') ?? OPTION_DEFAULTS.missingProfileWrite;
  if (!isMissingProfileWriteForm(missingProfileWrite)) {
    problems.push(`SANDBOX_MISSING_PROFILE_WRITE must be one of ${MISSING_PROFILE_WRITE_FORMS.join(', ')} (got "${missingProfileWrite}")`);
  }
  const host = get('SANDBOX_HOST') ?? OPTION_DEFAULTS.host;
  if (/\s/.test(host)) problems.push(`SANDBOX_HOST must be a host name or IP address (got "${host}")`);
  const apiKey = get('IXOPAY_API_KEY') ?? DEMO_CREDENTIALS.apiKey;
  if (apiKey.length > 50 || /[\s/?#%]/.test(apiKey))
    problems.push('IXOPAY_API_KEY must be at most 50 characters without whitespace, "/", "?", "#" or "%"');
  const username = get('IXOPAY_USERNAME') ?? DEMO_CREDENTIALS.username;
  if (username.includes(':')) problems.push('IXOPAY_USERNAME must not contain ":" (HTTP Basic auth separator)');
  if (problems.length > 0 || !isMissingProfileWriteForm(missingProfileWrite)) return { problems };
  return {
    options: {
      host,
      port,
      latencyMs,
      maxClockSkewSeconds,
      extraProfiles,
      missingProfileWrite,
      rateLimitPerSecond,
      dataFile: get('SANDBOX_DATA_FILE'),
      credentials: {
        username,
        password: get('IXOPAY_PASSWORD') ?? DEMO_CREDENTIALS.password,
        apiKey,
        sharedSecret: get('IXOPAY_SHARED_SECRET') ?? DEMO_CREDENTIALS.sharedSecret,
      },
      log: get('SANDBOX_ACCESS_LOG') === '0' ? undefined : (line) => process.stdout.write(`${line}\n`),
    },
    userSecrets: { password: get('IXOPAY_PASSWORD') !== undefined, sharedSecret: get('IXOPAY_SHARED_SECRET') !== undefined },
  };
}

/** The start-up banner. */
export function banner(sandbox: RunningSandbox, options: SandboxOptions, userSecrets: { password: boolean; sharedSecret: boolean }): string {
  const c = options.credentials;
  const secret = (value: string, fromUser: boolean, variable: string): string => (fromUser ? `******** (from ${variable})` : value);
  const demos = demoProfiles();
  const width = Math.max(...demos.map((p) => p.customerIdentification.length));
  return [
    `IXOPAY sandbox listening on ${sandbox.url}`,
    '',
    'Credentials (HTTP Basic auth + request signing):',
    `  IXOPAY_USERNAME=${c.username}`,
    `  IXOPAY_PASSWORD=${secret(c.password, userSecrets.password, 'IXOPAY_PASSWORD')}`,
    `  IXOPAY_API_KEY=${c.apiKey}`,
    `  IXOPAY_SHARED_SECRET=${secret(c.sharedSecret, userSecrets.sharedSecret, 'IXOPAY_SHARED_SECRET')}`,
    '',
    'Point the gateway (or any IXOPAY client) at it:',
    `  IXOPAY_BASE_URL=${sandbox.url}`,
    '',
    `Try it without a signing client: open ${sandbox.url}/__sandbox/health or ${sandbox.url}/__sandbox/profiles in a browser.`,
    `Latency ${options.latencyMs ?? OPTION_DEFAULTS.latencyMs} ms${options.dataFile ? `, data file ${options.dataFile}` : ', in-memory store'}${options.extraProfiles ? `, ${options.extraProfiles} bench profiles` : ''}.`,
    `Missing profile on update/delete answers HTTP ${options.missingProfileWrite ?? OPTION_DEFAULTS.missingProfileWrite}; rate limit ${options.rateLimitPerSecond ? `${options.rateLimitPerSecond} calls/s` : 'off'}. Ctrl+C stops it.`,
    '',
    `Test tokens for register (transactionToken): ${TEST_TOKENS.join(', ')}.`,
    '',
    'Demo profiles (customerIdentification, profileGuid):',
    ...demos.map((p) => `  ${p.customerIdentification.padEnd(width)}  ${p.profileGuid}  ${p.description}`),
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const parsed = readSandboxEnv(process.env);
  if ('problems' in parsed) {
    process.stderr.write(`Invalid sandbox configuration:\n${parsed.problems.map((p) => `  - ${p}`).join('\n')}\n`);
    process.exit(1);
  }
  let sandbox: RunningSandbox;
  try {
    sandbox = await startSandbox(parsed.options);
  } catch (error) {
    process.stderr.write(`Sandbox failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
  process.stdout.write(banner(sandbox, parsed.options, parsed.userSecrets));
  const stop = (signal: string): void => {
    process.stdout.write(`\n${signal} received, stopping the sandbox\n`);
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

if (require.main === module) void main();
