import { SignJWT, UnsecuredJWT, generateKeyPair } from 'jose';
import { jwtAuth as jwtAuthWith, type JwtAuth } from './support/auth-config';
import { createAuthenticator } from '../../src/auth/verify';
import { mintToken } from '../../src/auth/dev-token';
import { SCOPE_READ, SCOPE_WRITE, UNRESTRICTED_OPERATOR, type Principal } from '../../src/auth/principal';
import { MALFORMED_HEADER, MISSING_TOKEN } from '../../src/auth/bearer';

const SECRET = 'test-secret-that-is-at-least-32-characters-long';

const jwtAuth = (overrides: Partial<JwtAuth> = {}) => jwtAuthWith({ hmacSecret: SECRET, ...overrides });

const now = () => Math.floor(Date.now() / 1000);
const bearer = (token: string) => `Bearer ${token}`;
const operatorToken = (options: Partial<{ expiresIn: string | number; issuer: string; audience: string }> = {}) =>
  mintToken(SECRET, { sub: 'svc-checkout', scope: `${SCOPE_READ} ${SCOPE_WRITE}` }, { expiresIn: '5m', ...options });

/** Every rejection: anonymous, with the expected reason, and never echoing the token. */
function expectRejected(principal: Principal, reason: string, token?: string): void {
  expect(principal).toEqual({ kind: 'anonymous', authError: reason });
  if (token) {
    const authError = (principal as { authError: string }).authError;
    for (const part of token.split('.').filter((p) => p.length > 3)) expect(authError).not.toContain(part);
  }
}

describe('HS256 bearer tokens', () => {
  const authenticator = createAuthenticator(jwtAuth());

  it('accepts a valid token with both scopes as an operator', async () => {
    const principal = await authenticator.authenticate(bearer(await operatorToken()));
    expect(principal).toEqual({ kind: 'operator', subject: 'svc-checkout', scopes: new Set([SCOPE_READ, SCOPE_WRITE]) });
  });

  it('accepts the scheme in any case', async () => {
    const principal = await authenticator.authenticate(`bearer ${await operatorToken()}`);
    expect(principal.kind).toBe('operator');
  });

  it('rejects an expired token', async () => {
    const token = await operatorToken({ expiresIn: -3600 });
    expectRejected(await authenticator.authenticate(bearer(token)), 'token expired', token);
  });

  it('accepts a token expired within the clock tolerance', async () => {
    const token = await operatorToken({ expiresIn: -10 });
    expect((await authenticator.authenticate(bearer(token))).kind).toBe('operator');
  });

  it('rejects a token that is not yet valid (nbf in the future)', async () => {
    const token = await mintToken(SECRET, { sub: 'a', scope: SCOPE_READ, nbf: now() + 3600 }, { expiresIn: '2h' });
    expectRejected(await authenticator.authenticate(bearer(token)), 'token not yet valid', token);
  });

  it('rejects a token signed with another secret', async () => {
    const token = await mintToken('another-secret-of-at-least-32-characters!!', { sub: 'a', scope: SCOPE_READ }, { expiresIn: '5m' });
    expectRejected(await authenticator.authenticate(bearer(token)), 'bad signature', token);
  });

  it('rejects a token without expiry', async () => {
    const token = await new SignJWT({ sub: 'a', scope: SCOPE_READ }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(SECRET));
    expectRejected(await authenticator.authenticate(bearer(token)), 'token has no expiry', token);
  });

  it('rejects an unsigned token (alg none)', async () => {
    const token = new UnsecuredJWT({ sub: 'a', scope: `${SCOPE_READ} ${SCOPE_WRITE}` }).setExpirationTime('5m').encode();
    expectRejected(await authenticator.authenticate(bearer(token)), 'unsupported algorithm', token);
  });

  it('rejects HS512 even with the right secret (algorithm pinned to HS256)', async () => {
    const token = await new SignJWT({ sub: 'a', scope: SCOPE_READ })
      .setProtectedHeader({ alg: 'HS512' })
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(SECRET));
    expectRejected(await authenticator.authenticate(bearer(token)), 'unsupported algorithm', token);
  });

  it('rejects an RS256 token where an HMAC secret is configured', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const token = await new SignJWT({ sub: 'a', scope: SCOPE_READ }).setProtectedHeader({ alg: 'RS256' }).setExpirationTime('5m').sign(privateKey);
    expectRejected(await authenticator.authenticate(bearer(token)), 'unsupported algorithm', token);
  });

  it('rejects a bearer value that is not a JWT', async () => {
    expectRejected(await authenticator.authenticate('Bearer not-a-jwt'), 'malformed token');
  });

  it.each([
    ['another scheme', 'Basic dXNlcjpwYXNz'],
    ['a scheme without token', 'Bearer'],
    ['a token with spaces', 'Bearer abc def'],
    ['a bare token', 'eyJhbGciOiJIUzI1NiJ9.e30.sig'],
  ])('rejects a malformed Authorization header: %s', async (_, header) => {
    expectRejected(await authenticator.authenticate(header), MALFORMED_HEADER);
  });

  it('rejects an oversized token without verifying it', async () => {
    expectRejected(await authenticator.authenticate(`Bearer ${'a'.repeat(9000)}`), 'malformed token');
  });

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['a blank header', '   '],
  ])('reports a missing token for %s', async (_, header) => {
    expectRejected(await authenticator.authenticate(header), MISSING_TOKEN);
  });

  it('tells a caller without a token what to send', () => {
    expect(MISSING_TOKEN).toContain('send `Authorization: Bearer <JWT>`');
    expect(MALFORMED_HEADER).toContain('Bearer <JWT>');
  });
});

describe('issuer and audience', () => {
  const authenticator = createAuthenticator(jwtAuth({ issuer: 'https://idp.example', audience: 'profiles-gateway' }));

  it('accepts a token with the configured issuer and audience', async () => {
    const token = await operatorToken({ issuer: 'https://idp.example', audience: 'profiles-gateway' });
    expect((await authenticator.authenticate(bearer(token))).kind).toBe('operator');
  });

  it('rejects a token from another issuer', async () => {
    const token = await operatorToken({ issuer: 'https://evil.example', audience: 'profiles-gateway' });
    expectRejected(await authenticator.authenticate(bearer(token)), 'wrong issuer', token);
  });

  it('rejects a token for another audience', async () => {
    const token = await operatorToken({ issuer: 'https://idp.example', audience: 'another-api' });
    expectRejected(await authenticator.authenticate(bearer(token)), 'wrong audience', token);
  });

  it('rejects a token without issuer when one is configured', async () => {
    const token = await operatorToken({ audience: 'profiles-gateway' });
    expectRejected(await authenticator.authenticate(bearer(token)), 'wrong issuer', token);
  });
});

describe('claims to principal', () => {
  const authenticator = createAuthenticator(jwtAuth());
  const principalFor = async (claims: Record<string, unknown>, auth = authenticator) =>
    auth.authenticate(bearer(await mintToken(SECRET, claims, { expiresIn: '5m' })));

  it('maps a read scope to an operator with only that scope', async () => {
    expect(await principalFor({ sub: 'svc', scope: `openid ${SCOPE_READ}` })).toEqual({
      kind: 'operator',
      subject: 'svc',
      scopes: new Set(['openid', SCOPE_READ]),
    });
  });

  it('maps a token without profile scopes to a shopper owning its sub', async () => {
    expect(await principalFor({ sub: 'customer-42', scope: 'openid' })).toEqual({
      kind: 'shopper',
      subject: 'customer-42',
      customerIdentification: 'customer-42',
    });
  });

  it('uses a custom customer claim name', async () => {
    const custom = createAuthenticator(jwtAuth({ customerClaim: 'customer_id' }));
    expect(await principalFor({ sub: 'user-7', customer_id: 'cust-7' }, custom)).toEqual({
      kind: 'shopper',
      subject: 'user-7',
      customerIdentification: 'cust-7',
    });
  });

  it('refuses a custom customer claim that is not a customerIdentification, naming the claim', async () => {
    const custom = createAuthenticator(jwtAuth({ customerClaim: 'customer_id' }));
    expect(await principalFor({ sub: 'user-7', customer_id: 7 }, custom)).toEqual({
      kind: 'anonymous',
      authError: 'invalid "customer_id" claim: customerIdentification must be a string',
    });
    expect(await principalFor({ sub: 'user-7', customer_id: '' }, custom)).toEqual({
      kind: 'anonymous',
      authError: 'invalid "customer_id" claim: customerIdentification must be 1 to 36 characters long',
    });
  });

  it('maps a valid token with neither scope nor customer claim to an operator without scopes (FORBIDDEN, not UNAUTHENTICATED)', async () => {
    expect(await principalFor({ scope: 'openid' })).toEqual({ kind: 'operator', subject: '', scopes: new Set() });
  });
});

describe('AUTH_MODE=none', () => {
  it('returns the unrestricted operator whatever the header says', async () => {
    const authenticator = createAuthenticator({ mode: 'none' });
    expect(await authenticator.authenticate(undefined)).toBe(UNRESTRICTED_OPERATOR);
    expect(await authenticator.authenticate('Bearer garbage')).toBe(UNRESTRICTED_OPERATOR);
  });
});

describe('configuration', () => {
  it('refuses jwt mode without a secret or JWKS URL', () => {
    expect(() => createAuthenticator(jwtAuth({ hmacSecret: undefined }))).toThrow(/AUTH_JWT_SECRET or AUTH_JWKS_URL/);
  });
});
