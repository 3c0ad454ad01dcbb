/** `npm run sandbox`'s environment handling and banner (the process wrapper itself is thin). */
import { banner, readSandboxEnv } from '../../src/sandbox/main';
import { DEMO_CREDENTIALS, startSandbox, type RunningSandbox } from '../../src/sandbox/server';

const fakeSandbox = { url: 'http://127.0.0.1:4100' } as RunningSandbox;

describe('sandbox entry point', () => {
  it('defaults to port 4100 on loopback with the demo credentials', () => {
    const parsed = readSandboxEnv({});
    if ('problems' in parsed) throw new Error(parsed.problems.join());
    expect(parsed.options).toMatchObject({
      host: '127.0.0.1',
      port: 4100,
      latencyMs: 0,
      maxClockSkewSeconds: 0,
      missingProfileWrite: '200',
      rateLimitPerSecond: 0,
      credentials: DEMO_CREDENTIALS,
    });
    expect(parsed.options.dataFile).toBeUndefined();
  });

  it('reads every variable, treating empty ones as unset', () => {
    const parsed = readSandboxEnv({
      SANDBOX_PORT: '4200',
      SANDBOX_HOST: '0.0.0.0',
      SANDBOX_LATENCY_MS: '25',
      SANDBOX_DATA_FILE: '/tmp/x.json',
      SANDBOX_MAX_CLOCK_SKEW_SECONDS: '300',
      SANDBOX_EXTRA_PROFILES: '1000',
      SANDBOX_MISSING_PROFILE_WRITE: '404',
      SANDBOX_RATE_LIMIT_PER_SECOND: '50',
      IXOPAY_USERNAME: 'me',
      IXOPAY_PASSWORD: 'pw',
      IXOPAY_API_KEY: 'key',
      IXOPAY_SHARED_SECRET: '',
    });
    if ('problems' in parsed) throw new Error(parsed.problems.join());
    expect(parsed.options).toMatchObject({
      host: '0.0.0.0',
      port: 4200,
      latencyMs: 25,
      dataFile: '/tmp/x.json',
      maxClockSkewSeconds: 300,
      extraProfiles: 1000,
      missingProfileWrite: '404',
      rateLimitPerSecond: 50,
      credentials: { username: 'me', password: 'pw', apiKey: 'key', sharedSecret: DEMO_CREDENTIALS.sharedSecret },
    });
    expect(parsed.userSecrets).toEqual({ password: true, sharedSecret: false });
  });

  it.each([
    ['SANDBOX_PORT', 'abc'],
    ['SANDBOX_PORT', '70000'],
    ['SANDBOX_LATENCY_MS', '-1'],
    ['SANDBOX_MAX_CLOCK_SKEW_SECONDS', '1.5'],
    ['SANDBOX_EXTRA_PROFILES', 'lots'],
    ['SANDBOX_MISSING_PROFILE_WRITE', '500'],
    ['SANDBOX_RATE_LIMIT_PER_SECOND', '-5'],
    ['SANDBOX_RATE_LIMIT_PER_SECOND', 'fast'],
    ['IXOPAY_API_KEY', 'has/slash'],
    ['IXOPAY_USERNAME', 'a:b'],
  ])('names the bad variable %s=%s', (name, value) => {
    const parsed = readSandboxEnv({ [name]: value });
    expect('problems' in parsed && parsed.problems.join('\n')).toContain(name);
  });

  it('prints the URL, the demo credentials and identifiers, and the gateway base URL', () => {
    const parsed = readSandboxEnv({});
    if ('problems' in parsed) throw new Error(parsed.problems.join());
    const text = banner(fakeSandbox, parsed.options, parsed.userSecrets);
    expect(text).toContain('http://127.0.0.1:4100');
    expect(text).toContain('IXOPAY_BASE_URL=http://127.0.0.1:4100');
    expect(text).toContain(`IXOPAY_PASSWORD=${DEMO_CREDENTIALS.password}`);
    expect(text).toContain(`IXOPAY_SHARED_SECRET=${DEMO_CREDENTIALS.sharedSecret}`);
    expect(text).toContain('cust-0001');
    expect(text).toContain('shop-user-000417');
    expect(text).toContain('tok_3ds_redirect');
    expect(text).toContain('rate limit off');
  });

  it('the parsed environment starts a sandbox with those knobs', async () => {
    const parsed = readSandboxEnv({
      SANDBOX_PORT: '0',
      SANDBOX_MISSING_PROFILE_WRITE: '404',
      SANDBOX_RATE_LIMIT_PER_SECOND: '7',
      SANDBOX_ACCESS_LOG: '0',
    });
    if ('problems' in parsed) throw new Error(parsed.problems.join());
    const sandbox = await startSandbox(parsed.options);
    try {
      expect(sandbox.settings()).toEqual({ latencyMs: 0, missingProfileWrite: '404', rateLimitPerSecond: 7 });
    } finally {
      await sandbox.close();
    }
  });

  it('masks a password and shared secret the user supplied', () => {
    const parsed = readSandboxEnv({ IXOPAY_PASSWORD: 'my-real-password', IXOPAY_SHARED_SECRET: 'my-real-secret' });
    if ('problems' in parsed) throw new Error(parsed.problems.join());
    const text = banner(fakeSandbox, parsed.options, parsed.userSecrets);
    expect(text).not.toContain('my-real-password');
    expect(text).not.toContain('my-real-secret');
    expect(text).toContain('IXOPAY_PASSWORD=********');
  });
});
