/**
 * `npm run token`, run as a child process from its TypeScript source with only the environment
 * given here; every token it prints must be accepted by the authenticator the gateway builds
 * from that same environment.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { loadConfig } from '../../src/config/config';
import { createAuthenticator } from '../../src/auth/verify';
import { SCOPE_READ, SCOPE_WRITE } from '../../src/auth/principal';

const ROOT = join(__dirname, '..', '..');
const SECRET = 'token-cli-test-secret-of-at-least-32-chars';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI with `env` as its whole environment (plus PATH). */
function runCli(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-r', join(__dirname, 'support', 'register-ts.js'), join(ROOT, 'src', 'cli', 'token.ts'), ...args],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** The principal the gateway configured by `env` makes of `token`. */
function authenticate(env: Record<string, string>, token: string) {
  return createAuthenticator(loadConfig(env).auth).authenticate(`Bearer ${token}`);
}

/** Exactly one line on stdout, nothing on stderr; returns the token. */
function tokenOf(run: Run): string {
  expect(run).toMatchObject({ code: 0, stderr: '' });
  expect(run.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
  return run.stdout.trim();
}

describe('npm run token', () => {
  const env = { AUTH_JWT_SECRET: SECRET };

  it('without --scope mints a one-hour shopper token for --sub', async () => {
    const token = tokenOf(await runCli(['--sub', 'cust-0001'], env));
    expect(await authenticate(env, token)).toEqual({ kind: 'shopper', subject: 'cust-0001', customerIdentification: 'cust-0001' });
    const { iat, exp } = decodeJwt(token);
    expect(exp! - iat!).toBe(3600);
  });

  it('with --scope mints an operator token with that lifetime', async () => {
    const token = tokenOf(await runCli(['--sub', 'svc-checkout', '--scope', `${SCOPE_READ} ${SCOPE_WRITE}`, '--ttl', '15m'], env));
    expect(await authenticate(env, token)).toEqual({ kind: 'operator', subject: 'svc-checkout', scopes: new Set([SCOPE_READ, SCOPE_WRITE]) });
    const { iat, exp } = decodeJwt(token);
    expect(exp! - iat!).toBe(900);
  });

  it('honours AUTH_ISSUER, AUTH_AUDIENCE, AUTH_SCOPE_CLAIM and AUTH_CUSTOMER_CLAIM', async () => {
    const custom = {
      ...env,
      AUTH_ISSUER: 'https://idp.example',
      AUTH_AUDIENCE: 'profiles-gateway',
      AUTH_SCOPE_CLAIM: 'scp',
      AUTH_CUSTOMER_CLAIM: 'customer_id',
    };
    const [operator, shopper] = await Promise.all([
      runCli(['--sub', 'svc', '--scope', SCOPE_READ], custom).then(tokenOf),
      runCli(['--sub', 'cust-0002'], custom).then(tokenOf),
    ]);
    expect(decodeJwt(operator)).toMatchObject({ iss: 'https://idp.example', aud: 'profiles-gateway', scp: [SCOPE_READ] });
    expect(await authenticate(custom, operator)).toEqual({ kind: 'operator', subject: 'svc', scopes: new Set([SCOPE_READ]) });
    expect(await authenticate(custom, shopper)).toEqual({ kind: 'shopper', subject: 'cust-0002', customerIdentification: 'cust-0002' });
    // The same tokens are refused by a gateway expecting another issuer.
    expect((await authenticate({ ...custom, AUTH_ISSUER: 'https://other.example' }, operator)).kind).toBe('anonymous');
  });

  it.each([
    ['no secret is configured (demo mode would generate one)', ['--sub', 'cust-0001'], {}, /no AUTH_JWT_SECRET configured/],
    ['the gateway verifies with a JWKS', ['--sub', 'cust-0001'], { AUTH_JWKS_URL: 'https://idp.example/jwks.json' }, /AUTH_JWKS_URL is set/],
    ['--sub is not a customerIdentification', ['--sub', ' cust-0001'], env, /customerIdentification, which must not start or end with whitespace/],
    [
      '--ttl exceeds AUTH_MAX_TOKEN_AGE_SECONDS',
      ['--sub', 'cust-0001', '--ttl', '2h'],
      { ...env, AUTH_MAX_TOKEN_AGE_SECONDS: '3600' },
      /exceeds AUTH_MAX_TOKEN_AGE_SECONDS \(3600 s\)/,
    ],
  ])('refuses clearly when %s', async (_, args, runEnv, message) => {
    const run = await runCli(args, runEnv);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^cannot mint a token: /);
    expect(run.stderr).toMatch(message);
  });

  it('rejects unusable arguments with usage, exit code 2', async () => {
    for (const args of [[], ['--sub', 'x', '--ttl', 'soon'], ['--sub', 'x', '--colour', 'red']]) {
      const run = await runCli(args, env);
      expect(run).toMatchObject({ code: 2, stdout: '' });
      expect(run.stderr).toContain('usage: npm run -s token');
    }
  });

  it('never prints the secret, whatever goes wrong', async () => {
    const runs = await Promise.all([
      runCli(['--sub', ''], env),
      runCli(['--sub', 'x', '--ttl', '99d'], env),
      runCli(['--sub', 'x'], { AUTH_JWT_SECRET: 'too-short-secret' }),
    ]);
    expect(runs.map((r) => r.code)).toEqual([1, 1, 1]);
    for (const run of runs) {
      expect(run.stdout + run.stderr).not.toContain(SECRET);
      expect(run.stdout + run.stderr).not.toContain('too-short-secret');
    }
  });
});
