/**
 * Claim rules (RFC 8693 §4.2, RFC 9068 §2.2): `scope` is a U+0020-separated string, `scp` an array
 * read only when configured, lifetimes are bounded, `iat` is not in the future. A malformed
 * claim makes the token invalid (anonymous, with a reason) rather than silently scope-less.
 * Real HS256 tokens; the authenticator's clock is injected, so no test waits or races the clock.
 */
import { SignJWT } from 'jose';
import { createAuthenticator } from '../../src/auth/verify';
import { SCOPE_READ, SCOPE_WRITE, type Principal } from '../../src/auth/principal';
import { jwtAuth, type JwtAuth } from './support/auth-config';

const SECRET = 'claims-test-secret-of-at-least-32-characters';
/** The authenticator's "now": far from the real clock, so a token passes only if the injected clock is used. */
const NOW = 2_000_000_000; // 2033-05-18
const clock = () => new Date(NOW * 1000);
const DAY = 86_400;

/** Signs exactly the given claims (times included), nothing added. */
const sign = (claims: Record<string, unknown>) => new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(SECRET));

/** Claims valid at NOW unless a test overrides them. */
const fresh = (claims: Record<string, unknown>) => ({ iat: NOW - 60, exp: NOW + 600, ...claims });

function authenticatorWith(overrides: Partial<JwtAuth> = {}) {
  return createAuthenticator(jwtAuth({ hmacSecret: SECRET, ...overrides }), { now: clock });
}

async function principalFor(claims: Record<string, unknown>, overrides: Partial<JwtAuth> = {}): Promise<Principal> {
  return authenticatorWith(overrides).authenticate(`Bearer ${await sign(claims)}`);
}

const operator = (subject: string, ...scopes: string[]): Principal => ({ kind: 'operator', subject, scopes: new Set(scopes) });
const anonymous = (authError: string): Principal => ({ kind: 'anonymous', authError });

describe('scope (the default scope claim)', () => {
  it('reads a space-separated string', async () => {
    expect(await principalFor(fresh({ sub: 'svc', scope: `openid ${SCOPE_READ} ${SCOPE_WRITE}` }))).toEqual(
      operator('svc', 'openid', SCOPE_READ, SCOPE_WRITE),
    );
  });

  it('skips repeated spaces, which cannot change what is granted', async () => {
    expect(await principalFor(fresh({ sub: 'svc', scope: ` ${SCOPE_READ}  openid ` }))).toEqual(operator('svc', SCOPE_READ, 'openid'));
  });

  it('reads an empty string as no scopes', async () => {
    expect(await principalFor(fresh({ sub: 'cust-0001', scope: '' }))).toEqual({
      kind: 'shopper',
      subject: 'cust-0001',
      customerIdentification: 'cust-0001',
    });
  });

  it.each([
    ['a no-break space', `openid\u00a0${SCOPE_READ}`],
    ['a tab', `openid\t${SCOPE_READ}`],
    ['a line feed', `openid\n${SCOPE_READ}`],
    ['an ideographic space', `openid\u3000${SCOPE_READ}`],
    ['a non-ASCII scope', `${SCOPE_READ} prófiles`],
    ['a quote', `${SCOPE_READ} "x"`],
  ])('refuses a token whose scope string separates or spells scopes with %s', async (_, scope) => {
    expect(await principalFor(fresh({ sub: 'svc', scope }))).toEqual(anonymous('invalid "scope" claim: expected space-separated scopes'));
  });

  it.each([
    ['an array', [SCOPE_READ]],
    ['a number', 1],
    ['an object', { read: true }],
    ['null', null],
  ])('refuses a token whose scope is %s', async (_, scope) => {
    expect(await principalFor(fresh({ sub: 'svc', scope }))).toEqual(anonymous('invalid "scope" claim: expected space-separated scopes'));
  });

  it('does not read `scp` unless configured', async () => {
    expect(await principalFor(fresh({ scp: [SCOPE_READ, SCOPE_WRITE] }))).toEqual(operator(''));
  });
});

describe('scp (AUTH_SCOPE_CLAIM=scp)', () => {
  const scp = { scopeClaim: 'scp' } as const;

  it('reads an array of scopes', async () => {
    expect(await principalFor(fresh({ sub: 'svc', scp: [SCOPE_WRITE, 'openid'] }), scp)).toEqual(operator('svc', SCOPE_WRITE, 'openid'));
  });

  it.each([
    ['a string', `${SCOPE_READ} ${SCOPE_WRITE}`],
    ['an array with a number', [SCOPE_READ, 7]],
    ['an array with a space inside an element', [`openid ${SCOPE_READ}`]],
    ['an array with an empty element', [SCOPE_READ, '']],
  ])('refuses %s', async (_, value) => {
    expect(await principalFor(fresh({ sub: 'svc', scp: value }), scp)).toEqual(anonymous('invalid "scp" claim: expected an array of scopes'));
  });

  it('then ignores `scope`', async () => {
    expect(await principalFor(fresh({ scope: SCOPE_READ }), scp)).toEqual(operator(''));
  });
});

describe('token lifetime (AUTH_MAX_TOKEN_AGE_SECONDS, default one day)', () => {
  it('uses the injected clock for exp as well', async () => {
    expect((await principalFor(fresh({ sub: 'svc', scope: SCOPE_READ }))).kind).toBe('operator');
    expect(await principalFor({ sub: 'svc', scope: SCOPE_READ, iat: NOW - 600, exp: NOW - 60 })).toEqual(anonymous('token expired'));
  });

  it('accepts exp − iat of exactly the maximum and refuses one second more', async () => {
    expect((await principalFor({ sub: 'svc', scope: SCOPE_READ, iat: NOW - 10, exp: NOW - 10 + DAY })).kind).toBe('operator');
    expect(await principalFor({ sub: 'svc', scope: SCOPE_READ, iat: NOW - 10, exp: NOW - 10 + DAY + 1 })).toEqual(
      anonymous(`token lifetime exceeds ${DAY} s`),
    );
  });

  it('refuses exp in 2999, with or without iat', async () => {
    const exp = Math.floor(Date.UTC(2999, 0, 1) / 1000);
    expect(await principalFor({ sub: 'svc', scope: SCOPE_READ, iat: NOW, exp })).toEqual(anonymous(`token lifetime exceeds ${DAY} s`));
    expect(await principalFor({ sub: 'svc', scope: SCOPE_READ, exp })).toEqual(anonymous(`token lifetime exceeds ${DAY} s`));
  });

  it('without iat bounds the remaining lifetime, allowing the clock tolerance', async () => {
    expect((await principalFor({ sub: 'svc', scope: SCOPE_READ, exp: NOW + DAY + 30 })).kind).toBe('operator');
    expect(await principalFor({ sub: 'svc', scope: SCOPE_READ, exp: NOW + DAY + 31 })).toEqual(anonymous(`token lifetime exceeds ${DAY} s`));
  });

  it('follows a configured maximum', async () => {
    const hour = { maxTokenAgeSeconds: 3600 };
    expect((await principalFor({ sub: 'svc', scope: SCOPE_READ, iat: NOW, exp: NOW + 3600 }, hour)).kind).toBe('operator');
    expect(await principalFor({ sub: 'svc', scope: SCOPE_READ, iat: NOW, exp: NOW + 3601 }, hour)).toEqual(
      anonymous('token lifetime exceeds 3600 s'),
    );
  });
});

describe('iat', () => {
  it('refuses a token issued a year in the future, even with a short lifetime', async () => {
    const iat = NOW + 365 * DAY;
    expect(await principalFor({ sub: 'svc', scope: SCOPE_READ, iat, exp: iat + 60 })).toEqual(anonymous('token issued in the future'));
  });

  it('accepts iat ahead by no more than the clock tolerance', async () => {
    expect((await principalFor({ sub: 'svc', scope: SCOPE_READ, iat: NOW + 30, exp: NOW + 600 })).kind).toBe('operator');
    expect(await principalFor({ sub: 'svc', scope: SCOPE_READ, iat: NOW + 31, exp: NOW + 600 })).toEqual(anonymous('token issued in the future'));
  });

  it('refuses an iat that is not a number', async () => {
    expect(await principalFor({ sub: 'svc', scope: SCOPE_READ, iat: 'yesterday', exp: NOW + 600 })).toEqual(anonymous('invalid "iat" claim'));
  });
});

describe('a shopper token’s customer claim is a customerIdentification', () => {
  it.each([
    ['36 characters', 'c'.repeat(36)],
    ['36 astral characters (72 UTF-16 units)', '😀'.repeat(36)],
    ['inner spaces', 'shop user 17'],
  ])('accepts %s', async (_, sub) => {
    expect(await principalFor(fresh({ sub }))).toEqual({ kind: 'shopper', subject: sub, customerIdentification: sub });
  });

  it.each([
    ['37 characters', 'c'.repeat(37), 'must be 1 to 36 characters long'],
    ['an empty string', '', 'must be 1 to 36 characters long'],
    ['a leading space', ' cust-0001', 'must not start or end with whitespace'],
    ['a trailing line feed', 'cust-0001\n', 'must not start or end with whitespace'],
    ['a trailing no-break space', 'cust-0001\u00a0', 'must not start or end with whitespace'],
    ['a number', 1, 'must be a string'],
    ['an array', ['cust-0001'], 'must be a string'],
  ])('refuses %s, saying why', async (_, sub, why) => {
    expect(await principalFor(fresh({ sub }))).toEqual(anonymous(`invalid "sub" claim: customerIdentification ${why}`));
  });

  it('does not apply to an operator’s sub, which never goes upstream', async () => {
    const sub = `svc-${'x'.repeat(60)} `;
    expect(await principalFor(fresh({ sub, scope: SCOPE_READ }))).toEqual(operator(sub, SCOPE_READ));
  });

  it('leaves a token without scopes or customer claim an operator without scopes', async () => {
    expect(await principalFor(fresh({ scope: 'openid' }))).toEqual(operator(''));
  });
});
