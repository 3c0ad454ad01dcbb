import { decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { mintToken } from '../../src/auth/dev-token';

const SECRET = 'dev-secret-of-at-least-32-characters-long';
const key = new TextEncoder().encode(SECRET);

describe('mintToken', () => {
  it('signs HS256 with iat and a relative exp from a time span', async () => {
    const token = await mintToken(SECRET, { sub: 'demo', scope: 'profiles:read' }, { expiresIn: '8h' });
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'HS256', typ: 'JWT' });
    const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'] });
    expect(payload).toMatchObject({ sub: 'demo', scope: 'profiles:read' });
    expect(payload.exp! - payload.iat!).toBe(8 * 3600);
  });

  it('reads a numeric expiresIn as seconds from now', async () => {
    const payload = decodeJwt(await mintToken(SECRET, {}, { expiresIn: 60 }));
    expect(payload.exp! - payload.iat!).toBe(60);
  });

  it('sets issuer and audience when given', async () => {
    const token = await mintToken(SECRET, {}, { expiresIn: 60, issuer: 'https://idp.example', audience: 'gw' });
    const { payload } = await jwtVerify(token, key, { issuer: 'https://idp.example', audience: 'gw' });
    expect(payload).toMatchObject({ iss: 'https://idp.example', aud: 'gw' });
  });
});
