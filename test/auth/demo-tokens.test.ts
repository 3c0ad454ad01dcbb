/**
 * Demo mode hands out an operator and a shopper token that work against the running gateway,
 * whether the secret is generated or AUTH_JWT_SECRET is set.
 */
import { decodeJwt } from 'jose';
import { loadConfig } from '../../src/config/config';
import { startApp, type App } from '../../src/app';
import { mintDemoTokens } from '../../src/auth/demo-tokens';
import { mintToken } from '../../src/auth/dev-token';
import { createAuthenticator } from '../../src/auth/verify';
import { SCOPE_READ, SCOPE_WRITE } from '../../src/auth/principal';
import { createLogger } from '../../src/server/logger';

const SECRET = 'configured-demo-secret-of-at-least-32-chars';

async function post(app: App, token: string, query: string) {
  const response = await fetch(app.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data?: any; errors?: Array<{ message: string; extensions?: { code?: string } }> };
}

describe('demo mode with AUTH_JWT_SECRET set', () => {
  let app: App;
  beforeAll(async () => {
    const config = loadConfig({ PORT: '0', AUTH_JWT_SECRET: SECRET, LOG_LEVEL: 'silent' });
    app = await startApp(config, { logger: createLogger({ level: 'silent' }) });
  });
  afterAll(() => app?.close());

  it('mints the dev tokens with the configured secret', () => {
    expect(app.devTokens).toMatchObject({ customerIdentification: app.demoCustomerId, ttlSeconds: 8 * 3600 });
  });

  it('the operator token reads any profile', async () => {
    const body = await post(
      app,
      app.devTokens!.operator,
      `{ customerProfile(customerIdentification: "${app.demoCustomerId}") { customerIdentification } }`,
    );
    expect(body).toEqual({ data: { customerProfile: { customerIdentification: app.demoCustomerId } } });
  });

  it('the shopper token runs myCustomerProfile for the first demo customer', async () => {
    const body = await post(app, app.devTokens!.shopper, '{ myCustomerProfile { customerIdentification } }');
    expect(body).toEqual({ data: { myCustomerProfile: { customerIdentification: app.demoCustomerId } } });
  });

  it('refuses a shopper token whose sub is not a customerIdentification, saying why, without an upstream call', async () => {
    const token = await mintToken(SECRET, { sub: 'c'.repeat(37) }, { expiresIn: 300 });
    app.sandbox!.resetStats();
    const body = await post(app, token, '{ myCustomerProfile { customerIdentification } }');
    expect(body.errors?.[0]).toMatchObject({
      message: 'invalid "sub" claim: customerIdentification must be 1 to 36 characters long',
      extensions: { code: 'UNAUTHENTICATED' },
    });
    expect(app.sandbox!.stats().total).toBe(0);
  });

  it('a missing token is answered with what to send', async () => {
    const response = await fetch(app.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ myCustomerProfile { customerIdentification } }' }),
    });
    const body = (await response.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
    expect(body.errors[0]).toMatchObject({ message: 'missing token: send `Authorization: Bearer <JWT>`', extensions: { code: 'UNAUTHENTICATED' } });
  });
});

describe('mintDemoTokens', () => {
  it('signs with the generated secret of a demo configuration, within a shorter maximum lifetime', async () => {
    const auth = loadConfig({ AUTH_MAX_TOKEN_AGE_SECONDS: '3600' }).auth;
    const tokens = (await mintDemoTokens(auth, 'cust-0001'))!;
    expect(tokens.ttlSeconds).toBe(3600);
    const { iat, exp } = decodeJwt(tokens.operator);
    expect(exp! - iat!).toBe(3600);
    const authenticator = createAuthenticator(auth);
    expect(await authenticator.authenticate(`Bearer ${tokens.operator}`)).toEqual({
      kind: 'operator',
      subject: 'demo-operator',
      scopes: new Set([SCOPE_READ, SCOPE_WRITE]),
    });
    expect(await authenticator.authenticate(`Bearer ${tokens.shopper}`)).toEqual({
      kind: 'shopper',
      subject: 'cust-0001',
      customerIdentification: 'cust-0001',
    });
  });

  it('mints nothing where the gateway holds no signing secret', async () => {
    expect(await mintDemoTokens(loadConfig({ AUTH_MODE: 'none' }).auth, 'cust-0001')).toBeUndefined();
    expect(await mintDemoTokens(loadConfig({ AUTH_JWKS_URL: 'https://idp.example/jwks.json' }).auth, 'cust-0001')).toBeUndefined();
  });
});
