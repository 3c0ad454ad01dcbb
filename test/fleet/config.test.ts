/** The fleet's settings (src/config/sections.ts FLEET_SETTINGS) as src/config parses them. */
import { CONFIG_VARIABLES, ConfigError, loadConfig } from '../../src/config/config';

const remote = {
  IXOPAY_BASE_URL: 'https://gateway.ixopay.com/',
  IXOPAY_USERNAME: 'user',
  IXOPAY_PASSWORD: 'pw',
  IXOPAY_API_KEY: 'key',
  IXOPAY_SHARED_SECRET: 'secret',
  AUTH_JWT_SECRET: 'x'.repeat(32),
};

function problems(env: Record<string, string>): string {
  try {
    loadConfig({ ...remote, ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  return '';
}

test('defaults: nothing shared, no quota', () => {
  expect(loadConfig(remote).fleet).toEqual({
    redisUrl: undefined,
    redisKeyPrefix: 'ixopay-profiles-gateway:',
    redisTimeoutMs: 250,
    rateLimitPerSecond: undefined,
    fallbackRateLimitPerSecond: undefined,
    apqTtlSeconds: 86_400,
  });
  expect(CONFIG_VARIABLES).toEqual(
    expect.arrayContaining([
      'REDIS_URL',
      'REDIS_KEY_PREFIX',
      'REDIS_TIMEOUT_MS',
      'IXOPAY_RATE_LIMIT_PER_SECOND',
      'IXOPAY_RATE_LIMIT_FALLBACK_PER_SECOND',
      'APQ_TTL_SECONDS',
    ]),
  );
});

test('redis:// and rediss:// URLs are accepted', () => {
  for (const url of ['redis://127.0.0.1:6379', 'rediss://:pw@redis.internal:6380/0', 'redis://user:pw@redis/2']) {
    expect(loadConfig({ ...remote, REDIS_URL: url }).fleet.redisUrl).toBe(url);
  }
});

test('a wrong REDIS_URL stops start-up without echoing it (it may hold a password)', () => {
  for (const url of ['http://:hunter2@redis:6379', 'hunter2', 'redis://:hunter2@']) {
    const message = problems({ REDIS_URL: url });
    expect(message).toMatch(/REDIS_URL: must/);
    expect(message).not.toContain('hunter2');
  }
});

test('the fallback quota needs the quota it stands in for; prefixes are plain', () => {
  expect(problems({ IXOPAY_RATE_LIMIT_FALLBACK_PER_SECOND: '5' })).toContain(
    'IXOPAY_RATE_LIMIT_FALLBACK_PER_SECOND: needs IXOPAY_RATE_LIMIT_PER_SECOND',
  );
  expect(loadConfig({ ...remote, IXOPAY_RATE_LIMIT_PER_SECOND: '20', IXOPAY_RATE_LIMIT_FALLBACK_PER_SECOND: '5' }).fleet).toMatchObject({
    rateLimitPerSecond: 20,
    fallbackRateLimitPerSecond: 5,
  });
  expect(problems({ IXOPAY_RATE_LIMIT_PER_SECOND: '0' })).toContain('IXOPAY_RATE_LIMIT_PER_SECOND: must be an integer from 1');
  expect(problems({ REDIS_KEY_PREFIX: 'has space' })).toContain('REDIS_KEY_PREFIX: must contain only');
});
