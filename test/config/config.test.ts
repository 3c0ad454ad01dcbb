/** Configuration is read once from the environment; a wrong or missing value stops start-up, named. */
import { ConfigError, DEMO_IXOPAY_CREDENTIALS, loadConfig } from '../../src/config/config';

const remote = {
  IXOPAY_BASE_URL: 'https://gateway.example.test/',
  IXOPAY_USERNAME: 'api-user',
  IXOPAY_PASSWORD: 'api-password',
  IXOPAY_API_KEY: 'connector-key',
  IXOPAY_SHARED_SECRET: 'connector-secret',
  AUTH_JWT_SECRET: 'a-secret-that-is-at-least-32-characters-long',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

test('an empty environment is demo mode on the embedded sandbox with a generated dev-token secret', () => {
  const config = loadConfig({});
  expect(config.upstream).toEqual({ mode: 'demo', sandbox: { latencyMs: 0, dataFile: undefined } });
  expect(config.ixopay).toMatchObject(DEMO_IXOPAY_CREDENTIALS);
  expect(config.server).toMatchObject({ host: '127.0.0.1', port: 4000, introspection: true });
  expect(config.ixopay).toMatchObject({ bodyHash: 'sha512', timeoutMs: 10000 });
  expect(config.loader).toEqual({ concurrency: 8, maxRefs: 100, maxRepresentations: 100 });
  expect(config.auth).toMatchObject({ mode: 'jwt', devTokens: true, customerClaim: 'sub', customerMayDelete: false });
  if (config.auth.mode === 'jwt') expect(config.auth.hmacSecret).toHaveLength(43);
});

test('with IXOPAY_BASE_URL every credential is required, each named', () => {
  const problems = problemsOf({ IXOPAY_BASE_URL: 'https://gateway.example.test/', AUTH_JWT_SECRET: remote.AUTH_JWT_SECRET });
  expect(problems).toEqual([
    'IXOPAY_USERNAME: required when IXOPAY_BASE_URL is set',
    'IXOPAY_PASSWORD: required when IXOPAY_BASE_URL is set',
    'IXOPAY_API_KEY: required when IXOPAY_BASE_URL is set',
    'IXOPAY_SHARED_SECRET: required when IXOPAY_BASE_URL is set',
  ]);
});

test('a wrong value names its variable', () => {
  expect(problemsOf({ ...remote, PORT: 'eighty' })[0]).toMatch(/^PORT:/);
  expect(problemsOf({ ...remote, IXOPAY_SIGNATURE_BODY_HASH: 'sha1' })[0]).toMatch(/^IXOPAY_SIGNATURE_BODY_HASH:/);
  expect(problemsOf({ ...remote, IXOPAY_TIMEOUT_MS: '-5' })[0]).toMatch(/^IXOPAY_TIMEOUT_MS:/);
  expect(problemsOf({ ...remote, IXOPAY_BASE_URL: 'ftp://x' })[0]).toMatch(/^IXOPAY_BASE_URL:/);
  expect(problemsOf({ ...remote, INTROSPECTION: 'yes' })[0]).toMatch(/^INTROSPECTION:/);
  expect(problemsOf({ ...remote, AUTH_JWT_SECRET: 'short' })[0]).toMatch(/^AUTH_JWT_SECRET: must be at least 32/);
});

test('a config error never echoes a secret value', () => {
  const env = { ...remote, AUTH_JWT_SECRET: 'tiny-secret', IXOPAY_TIMEOUT_MS: 'x' };
  try {
    loadConfig(env);
    throw new Error('expected a ConfigError');
  } catch (error) {
    expect(String((error as Error).message)).not.toContain('tiny-secret');
    expect(String((error as Error).message)).not.toContain(remote.IXOPAY_PASSWORD);
  }
});

test('production refuses demo mode and AUTH_MODE=none, and turns introspection off by default', () => {
  expect(problemsOf({ NODE_ENV: 'production', AUTH_JWT_SECRET: remote.AUTH_JWT_SECRET })).toEqual([
    'IXOPAY_BASE_URL: required when NODE_ENV=production (demo mode is for local use)',
  ]);
  expect(problemsOf({ ...remote, NODE_ENV: 'production', AUTH_MODE: 'none' })).toEqual([
    'AUTH_MODE: "none" is refused when NODE_ENV=production',
  ]);
  expect(loadConfig({ ...remote, NODE_ENV: 'production' }).server.introspection).toBe(false);
  expect(loadConfig({ ...remote, NODE_ENV: 'production', INTROSPECTION: 'true' }).server.introspection).toBe(true);
});

test('outside demo mode a token verifier is required unless auth is explicitly off', () => {
  const { AUTH_JWT_SECRET: _unused, ...withoutAuth } = remote;
  expect(problemsOf(withoutAuth)).toEqual([
    'AUTH_JWT_SECRET or AUTH_JWKS_URL: one is required (or AUTH_MODE=none for a local demo)',
  ]);
  expect(loadConfig({ ...withoutAuth, AUTH_MODE: 'none' }).auth).toEqual({ mode: 'none' });
  expect(loadConfig({ ...withoutAuth, AUTH_JWKS_URL: 'https://idp.example.test/jwks.json' }).auth).toMatchObject({
    mode: 'jwt',
    jwksUrl: 'https://idp.example.test/jwks.json',
    devTokens: false,
  });
});

test('empty variables count as unset', () => {
  expect(loadConfig({ ...remote, PORT: '', LOG_LEVEL: '' }).server.port).toBe(4000);
});

test('compiled execution is on by default and GRAPHQL_COMPILED_EXECUTION=false turns it off', () => {
  expect(loadConfig(remote).server.compiledExecution).toBe(true);
  expect(loadConfig({ ...remote, GRAPHQL_COMPILED_EXECUTION: 'false' }).server.compiledExecution).toBe(false);
  expect(problemsOf({ ...remote, GRAPHQL_COMPILED_EXECUTION: 'off' })[0]).toMatch(/^GRAPHQL_COMPILED_EXECUTION:/);
});

test('the fast path is on by default, off with GRAPHQL_FAST_PATH=false, and never on without compiled execution', () => {
  expect(loadConfig(remote).server.fastPath).toBe(true);
  expect(loadConfig({ ...remote, GRAPHQL_FAST_PATH: 'false' }).server.fastPath).toBe(false);
  expect(loadConfig({ ...remote, GRAPHQL_FAST_PATH: 'false' }).server.compiledExecution).toBe(true);
  expect(loadConfig({ ...remote, GRAPHQL_COMPILED_EXECUTION: 'false' }).server.fastPath).toBe(false);
  expect(problemsOf({ ...remote, GRAPHQL_FAST_PATH: 'maybe' })[0]).toMatch(/^GRAPHQL_FAST_PATH:/);
});
