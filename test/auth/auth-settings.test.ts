/** The AUTH_* variables of the token claim rules: defaults, accepted values, named errors. */
import { ConfigError, loadConfig } from '../../src/config/config';

const SECRET = { AUTH_JWT_SECRET: 'auth-settings-test-secret-of-32-chars-min' };

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

test('scopes come from `scope` and tokens live at most a day by default', () => {
  expect(loadConfig(SECRET).auth).toMatchObject({ scopeClaim: 'scope', maxTokenAgeSeconds: 86_400 });
});

test('AUTH_SCOPE_CLAIM=scp and AUTH_MAX_TOKEN_AGE_SECONDS are read', () => {
  expect(loadConfig({ ...SECRET, AUTH_SCOPE_CLAIM: 'scp', AUTH_MAX_TOKEN_AGE_SECONDS: '3600' }).auth).toMatchObject({
    scopeClaim: 'scp',
    maxTokenAgeSeconds: 3600,
  });
});

test('other values are refused, naming the variable', () => {
  expect(problemsOf({ ...SECRET, AUTH_SCOPE_CLAIM: 'roles' })).toEqual([expect.stringMatching(/^AUTH_SCOPE_CLAIM: must be one of: scope, scp/)]);
  expect(problemsOf({ ...SECRET, AUTH_MAX_TOKEN_AGE_SECONDS: '0' })).toEqual([
    expect.stringMatching(/^AUTH_MAX_TOKEN_AGE_SECONDS: must be an integer from 60 to/),
  ]);
});
