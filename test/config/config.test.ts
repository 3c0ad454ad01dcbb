/** Configuration is read once from the environment; a wrong or missing value stops start-up, named and shown. */
import { CONFIG_VARIABLES, ConfigError, loadConfig } from '../../src/config/config';
import { maskUserInfo } from '../../src/config/schema';
import { IxopayClient } from '../../src/ixopay/client';
import { IXOPAY_CONNECTION_SETTINGS, IXOPAY_SETTINGS } from '../../src/ixopay/settings';

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

describe('modes', () => {
  test('an empty environment is demo mode: development, no credentials, a generated dev-token secret', () => {
    const config = loadConfig({});
    expect(config.nodeEnv).toBe('development');
    expect(config.upstream).toEqual({ mode: 'demo', sandbox: { latencyMs: 0, dataFile: undefined } });
    // The embedded sandbox supplies URL and credentials at start-up (app.ts): none live in config.
    expect(JSON.stringify(config)).not.toMatch(/anyApiUser|myPassword|demo-api-key|demo-shared-secret/);
    expect(config.server).toMatchObject({ host: '127.0.0.1', port: 4000, introspection: true });
    expect(config.loader).toEqual({ concurrency: 8, maxRefs: 100, maxRepresentations: 100 });
    expect(config.auth).toMatchObject({ mode: 'jwt', devTokens: true, customerClaim: 'sub', customerMayDelete: false });
    if (config.auth.mode === 'jwt') expect(config.auth.hmacSecret).toHaveLength(43);
  });

  test('outside demo mode production is the default; development must be asked for', () => {
    const config = loadConfig(remote);
    expect(config.nodeEnv).toBe('production');
    expect(config.server.introspection).toBe(false);
    expect(problemsOf({ ...remote, AUTH_MODE: 'none' })).toEqual([
      'AUTH_MODE: "none" is refused in production (NODE_ENV=production, the default outside demo mode)',
    ]);

    const dev = loadConfig({ ...remote, NODE_ENV: 'development', AUTH_MODE: 'none' });
    expect(dev).toMatchObject({ nodeEnv: 'development', server: { introspection: true }, auth: { mode: 'none' } });
    expect(loadConfig({ ...remote, NODE_ENV: 'test' }).nodeEnv).toBe('test');
    expect(loadConfig({ ...remote, INTROSPECTION: 'true' }).server.introspection).toBe(true);
  });

  test('remote mode: the connection is what IxopayClient takes, and config.ixopay goes to the client unchanged', async () => {
    const config = loadConfig({ ...remote, IXOPAY_TRANSACTION_BASE_URL: 'https://secure.example.test/' });
    if (config.upstream.mode !== 'remote') throw new Error('expected remote mode');
    expect(config.upstream.connection).toEqual({
      baseUrl: remote.IXOPAY_BASE_URL,
      transactionBaseUrl: 'https://secure.example.test/',
      username: remote.IXOPAY_USERNAME,
      password: remote.IXOPAY_PASSWORD,
      apiKey: remote.IXOPAY_API_KEY,
      sharedSecret: remote.IXOPAY_SHARED_SECRET,
    });
    const client = new IxopayClient({ ...config.ixopay, ...config.upstream.connection });
    await client.close();
  });

  test('every IXOPAY default comes from the one declaration the client checks against too', () => {
    const { ixopay } = loadConfig(remote);
    for (const [option, setting] of Object.entries(IXOPAY_SETTINGS)) {
      expect([option, ixopay[option as keyof typeof ixopay]]).toEqual([option, 'default' in setting ? setting.default : undefined]);
    }
    expect(loadConfig({ ...remote, IXOPAY_TIMEOUT_MS: '9000', IXOPAY_ATTEMPT_TIMEOUT_MS: '2000' }).ixopay).toMatchObject({
      timeoutMs: 9000,
      attemptTimeoutMs: 2000,
    });
  });

  test('production refuses demo mode', () => {
    expect(problemsOf({ NODE_ENV: 'production', AUTH_JWT_SECRET: remote.AUTH_JWT_SECRET })).toEqual([
      'IXOPAY_BASE_URL: required when NODE_ENV=production (demo mode is for local use)',
    ]);
  });
});

describe('problems name the variable', () => {
  test('with IXOPAY_BASE_URL every credential is required, each named', () => {
    expect(problemsOf({ IXOPAY_BASE_URL: 'https://gateway.example.test/', AUTH_JWT_SECRET: remote.AUTH_JWT_SECRET })).toEqual([
      'IXOPAY_USERNAME: required when IXOPAY_BASE_URL is set',
      'IXOPAY_PASSWORD: required when IXOPAY_BASE_URL is set',
      'IXOPAY_API_KEY: required when IXOPAY_BASE_URL is set',
      'IXOPAY_SHARED_SECRET: required when IXOPAY_BASE_URL is set',
    ]);
  });

  test('credentials without IXOPAY_BASE_URL are a deployment that lost its base URL, not a demo', () => {
    const { IXOPAY_BASE_URL: _unused, ...withoutBase } = remote;
    const problems = problemsOf(withoutBase);
    expect(problems.map((p) => p.slice(0, p.indexOf(':')))).toEqual(['IXOPAY_USERNAME', 'IXOPAY_PASSWORD', 'IXOPAY_API_KEY', 'IXOPAY_SHARED_SECRET']);
    expect(problems[0]).toContain('set without IXOPAY_BASE_URL');
  });

  test.each([
    [{ LIMIT_MAX_DEPTH: 'abc' }, 'LIMIT_MAX_DEPTH: must be an integer from 1 to 100; got "abc"'],
    [{ LIMIT_MAX_DEPTH: '1000' }, 'LIMIT_MAX_DEPTH: must be an integer from 1 to 100; got "1000"'],
    [{ PORT: 'eighty' }, 'PORT: must be an integer from 0 to 65535; got "eighty"'],
    [{ IXOPAY_TIMEOUT_MS: '-5' }, 'IXOPAY_TIMEOUT_MS: must be an integer from 1 to 120000; got "-5"'],
    [{ IXOPAY_SIGNATURE_BODY_HASH: 'sha1' }, 'IXOPAY_SIGNATURE_BODY_HASH: must be one of: sha512, md5; got "sha1"'],
    [{ INTROSPECTION: 'yes' }, 'INTROSPECTION: must be true or false; got "yes"'],
    [{ IXOPAY_USERNAME: 'a:b' }, 'IXOPAY_USERNAME: must not contain ":"; got "a:b"'],
    [{ IXOPAY_BASE_URL: 'ftp://x.example/' }, 'IXOPAY_BASE_URL: must use https (or http towards a loopback host); got "ftp://x.example/"'],
    [
      { IXOPAY_BASE_URL: 'http://gateway.example.test/' },
      'IXOPAY_BASE_URL: must use https: plain http is only allowed towards a loopback host (127.0.0.0/8, ::1, localhost); got "http://gateway.example.test/"',
    ],
    [{ IXOPAY_TRANSACTION_BASE_URL: 'not a url' }, 'IXOPAY_TRANSACTION_BASE_URL: is not a valid absolute URL; got "not a url"'],
    [
      { IXOPAY_ATTEMPT_TIMEOUT_MS: '20000' },
      'IXOPAY_ATTEMPT_TIMEOUT_MS: must not exceed IXOPAY_TIMEOUT_MS (the whole call\'s deadline); got "20000"',
    ],
  ])('%j → %s', (env, message) => {
    expect(problemsOf({ ...remote, ...env })).toEqual([message]);
  });

  test('every bad variable is reported at once', () => {
    expect(problemsOf({ ...remote, PORT: 'x', LOG_LEVEL: 'loud' }).map((p) => p.slice(0, p.indexOf(':')))).toEqual(['PORT', 'LOG_LEVEL']);
  });

  test('a URL is echoed with its user-info masked; a secret is never echoed', () => {
    const [urlProblem] = problemsOf({ ...remote, IXOPAY_BASE_URL: 'https://user:pw-in-url@gateway.example.test/' });
    expect(urlProblem).toBe(
      'IXOPAY_BASE_URL: must not contain credentials; configure username and password separately; got "https://***@gateway.example.test/"',
    );
    expect(maskUserInfo('https//user:pw@host')).toBe('***@host');
    expect(maskUserInfo('https://host/a@b')).toBe('https://host/a@b');

    const env = { ...remote, AUTH_JWT_SECRET: 'tiny-secret', IXOPAY_API_KEY: 'k'.repeat(51), IXOPAY_TIMEOUT_MS: 'x' };
    const message = (() => {
      try {
        loadConfig(env);
      } catch (error) {
        return String((error as Error).message);
      }
      throw new Error('expected a ConfigError');
    })();
    expect(message).toContain('AUTH_JWT_SECRET: must be at least 32 characters');
    expect(message).toContain('IXOPAY_API_KEY: must be at most 50 characters');
    for (const secret of ['tiny-secret', 'k'.repeat(51), remote.IXOPAY_PASSWORD, remote.IXOPAY_SHARED_SECRET]) expect(message).not.toContain(secret);
  });
});

describe('variables', () => {
  test('CONFIG_VARIABLES lists every declared variable once', () => {
    expect(new Set(CONFIG_VARIABLES).size).toBe(CONFIG_VARIABLES.length);
    for (const setting of [...Object.values(IXOPAY_SETTINGS), ...Object.values(IXOPAY_CONNECTION_SETTINGS)]) {
      expect(CONFIG_VARIABLES).toContain(setting.env);
    }
    expect(CONFIG_VARIABLES).toEqual(
      expect.arrayContaining(['NODE_ENV', 'IXOPAY_ATTEMPT_TIMEOUT_MS', 'IXOPAY_TRANSACTION_BASE_URL', 'LOG_LEVEL', 'AUTH_MODE']),
    );
    expect(CONFIG_VARIABLES).not.toContain('IXOPAY_RETRY_BUDGET_MS');
  });

  test('a retired variable still set is a start-up warning, not an error', () => {
    expect(loadConfig({ ...remote, IXOPAY_RETRY_BUDGET_MS: '2000' }).warnings).toEqual([
      expect.stringMatching(/^IXOPAY_RETRY_BUDGET_MS is no longer read: retries now happen within IXOPAY_TIMEOUT_MS/),
    ]);
    expect(loadConfig(remote).warnings).toEqual([]);
  });

  test('empty variables count as unset', () => {
    expect(loadConfig({ ...remote, PORT: '', LOG_LEVEL: ' ' }).server.port).toBe(4000);
  });

  test('outside demo mode a token verifier is required unless auth is explicitly off (in development)', () => {
    const { AUTH_JWT_SECRET: _unused, ...withoutAuth } = remote;
    expect(problemsOf(withoutAuth)).toEqual(['AUTH_JWT_SECRET or AUTH_JWKS_URL: one is required (or AUTH_MODE=none for a local demo)']);
    expect(loadConfig({ ...withoutAuth, AUTH_JWKS_URL: 'https://idp.example.test/jwks.json' }).auth).toMatchObject({
      mode: 'jwt',
      jwksUrl: 'https://idp.example.test/jwks.json',
      devTokens: false,
    });
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
});
