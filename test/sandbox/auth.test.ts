/**
 * The platform's checks in order: route, API key, Basic auth, Content-Type, signature (with Date /
 * X-Date), JSON body. Each rejection has its status and errorCode, the API error shape, and
 * never leaks a secret.
 */
import { createHash } from 'node:crypto';
import { formatHttpDate, phpHashedPassword, sign } from '../../src/ixopay/signature';
import { DEMO_CREDENTIALS, type RunningSandbox } from '../../src/sandbox/server';
import { rawRequest, signedRequest, type RawResponse } from '../support/sandbox-request';
import { call, CREDS, profilePath, startDemoSandbox, transactionPath } from './helpers';

const GET_BODY = { customerIdentification: 'cust-0001' };

function expectApiError(res: RawResponse, status: number, errorCode: number): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const body = res.json();
  expect(body).toEqual({ success: false, errorMessage: expect.any(String), errorCode, details: null });
  for (const secret of [DEMO_CREDENTIALS.password, DEMO_CREDENTIALS.sharedSecret, phpHashedPassword(DEMO_CREDENTIALS.password)]) {
    expect(res.text).not.toContain(secret);
  }
  expect(res.text).not.toMatch(/\bat .+\.(ts|js):\d+/);
}

describe('sandbox authentication and request checks', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startDemoSandbox();
  });
  afterAll(() => sandbox.close());
  beforeEach(() => sandbox.resetStats());

  it('accepts a correctly signed request with the plain password', async () => {
    const res = await call(sandbox, profilePath('getProfile'), GET_BODY);
    expect(res.status).toBe(200);
    expect(res.json().success).toBe(true);
  });

  it('accepts the 10×SHA-1 hashed password the PHP client sends', async () => {
    const res = await call(sandbox, profilePath('getProfile'), GET_BODY, {
      credentials: { ...CREDS, password: phpHashedPassword(CREDS.password) },
    });
    expect(res.status).toBe(200);
  });

  describe('routing', () => {
    it('answers an unknown route with 404/1000', async () => {
      expectApiError(await call(sandbox, '/api/v3/customerProfiles/demo-api-key/nope', GET_BODY), 404, 1000);
      expectApiError(await call(sandbox, '/api/v3/transaction/demo-api-key/debit', GET_BODY), 404, 1000);
      expectApiError(await rawRequest(`${sandbox.url}/somewhere`), 404, 1000);
    });

    it('answers GET on an API path with 405/1000 and Allow: POST', async () => {
      const res = await rawRequest(`${sandbox.url}${profilePath('getProfile')}`);
      expectApiError(res, 405, 1000);
      expect(res.headers.allow).toBe('POST');
    });

    it('serves the API below a path prefix, signing the full path', async () => {
      const prefixed = await signedRequest(`${sandbox.url}/sandbox/`, { path: profilePath('getProfile'), body: GET_BODY, credentials: CREDS });
      expect(prefixed.status).toBe(200);
      expect(prefixed.json().customerIdentification).toBe('cust-0001');
    });
  });

  it('rejects a wrong API key with 401/1000 "Invalid API key" before looking at credentials', async () => {
    const res = await call(sandbox, profilePath('getProfile', 'other-key'), GET_BODY, { headers: { authorization: null } });
    expectApiError(res, 401, 1000);
    expect(res.json().errorMessage).toBe('Invalid API key');
    expectApiError(await call(sandbox, transactionPath('register', 'other-key'), {}), 401, 1000);
  });

  it('rejects a wrong password with 401/1000 and a Basic challenge', async () => {
    const res = await call(sandbox, profilePath('getProfile'), GET_BODY, { credentials: { ...CREDS, password: 'wrong' } });
    expectApiError(res, 401, 1000);
    expect(res.headers['www-authenticate']).toBe('Basic realm="IXOPAY"');
  });

  it('rejects a wrong username with 401/1000', async () => {
    expectApiError(await call(sandbox, profilePath('getProfile'), GET_BODY, { credentials: { ...CREDS, username: 'someoneElse' } }), 401, 1000);
  });

  it('rejects missing or malformed Basic auth with 401/1000', async () => {
    const missing = await call(sandbox, profilePath('getProfile'), GET_BODY, { headers: { authorization: null } });
    expectApiError(missing, 401, 1000);
    expect(missing.headers['www-authenticate']).toBe('Basic realm="IXOPAY"');
    expectApiError(await call(sandbox, profilePath('getProfile'), GET_BODY, { headers: { authorization: 'Bearer abc' } }), 401, 1000);
  });

  it('does not accept the hash of a wrong password', async () => {
    const res = await call(sandbox, profilePath('getProfile'), GET_BODY, { credentials: { ...CREDS, password: phpHashedPassword('wrong') } });
    expectApiError(res, 401, 1000);
  });

  it('rejects a non-JSON Content-Type with 415/1005, and accepts parameters and any case', async () => {
    expectApiError(await call(sandbox, profilePath('getProfile'), GET_BODY, { contentType: 'text/plain' }), 415, 1005);
    expectApiError(await call(sandbox, profilePath('getProfile'), GET_BODY, { headers: { 'content-type': null } }), 415, 1005);
    expect((await call(sandbox, profilePath('getProfile'), GET_BODY, { contentType: 'application/json' })).status).toBe(200);
    expect((await call(sandbox, profilePath('getProfile'), GET_BODY, { contentType: 'Application/JSON; charset=UTF-8' })).status).toBe(200);
  });

  it('rejects a body that differs from the signed bytes with 401/1004', async () => {
    const res = await call(sandbox, profilePath('getProfile'), GET_BODY, { signedBody: JSON.stringify({ customerIdentification: 'cust-0002' }) });
    expectApiError(res, 401, 1004);
    expect(res.json().errorMessage).toBe('Invalid signature');
    // Whitespace matters too: the signature covers the exact bytes.
    expectApiError(
      await call(sandbox, profilePath('getProfile'), '{ "customerIdentification":"cust-0001"}', { signedBody: JSON.stringify(GET_BODY) }),
      401,
      1004,
    );
  });

  it('rejects a wrong signature with 401/1004', async () => {
    const wrongSecret = await call(sandbox, profilePath('getProfile'), GET_BODY, { credentials: { ...CREDS, sharedSecret: 'other-secret' } });
    expectApiError(wrongSecret, 401, 1004);
    const garbage = await call(sandbox, profilePath('getProfile'), GET_BODY, { headers: { 'x-signature': 'bm90IGEgc2lnbmF0dXJl' } });
    expectApiError(garbage, 401, 1004);
  });

  it('rejects a signature over another path or query with 401/1004', async () => {
    const date = formatHttpDate(new Date());
    const body = JSON.stringify(GET_BODY);
    const signature = sign(CREDS.sharedSecret, {
      method: 'POST',
      body,
      contentType: 'application/json',
      date,
      requestUri: profilePath('getProfile'),
      bodyHash: 'sha512',
    });
    const headers = {
      authorization: `Basic ${Buffer.from(`${CREDS.username}:${CREDS.password}`).toString('base64')}`,
      'content-type': 'application/json',
      date,
      'x-signature': signature,
    };
    const ok = await rawRequest(`${sandbox.url}${profilePath('getProfile')}`, { method: 'POST', headers, body });
    expect(ok.status).toBe(200);
    const withQuery = await rawRequest(`${sandbox.url}${profilePath('getProfile')}?x=1`, { method: 'POST', headers, body });
    expectApiError(withQuery, 401, 1004);
  });

  it('includes the query string in the signed URI', async () => {
    const res = await call(sandbox, `${profilePath('getProfile')}?lang=de&q=a%2Fb`, GET_BODY);
    expect(res.status).toBe(200);
  });

  it('rejects a missing signature with 401/1004', async () => {
    expectApiError(await call(sandbox, profilePath('getProfile'), GET_BODY, { headers: { 'x-signature': null } }), 401, 1004);
  });

  it('rejects a missing Date (neither Date nor X-Date) with 401/1004', async () => {
    expectApiError(await call(sandbox, profilePath('getProfile'), GET_BODY, { headers: { date: null, 'x-date': null } }), 401, 1004);
  });

  it('rejects a garbled Date with 401/1004', async () => {
    const garbled = 'yesterday at noon';
    expectApiError(await call(sandbox, profilePath('getProfile'), GET_BODY, { headers: { date: garbled, 'x-date': null } }), 401, 1004);
    expectApiError(await call(sandbox, profilePath('getProfile'), GET_BODY, { headers: { 'x-date': '2025-01-15T10:30:00Z' } }), 401, 1004);
  });

  it('verifies against X-Date when present, whatever Date says', async () => {
    // The helper signs the timestamp it sends in X-Date; a different Date header is ignored.
    const res = await call(sandbox, profilePath('getProfile'), GET_BODY, { headers: { date: 'Mon, 01 Jan 2018 11:01:36 GMT' } });
    expect(res.status).toBe(200);
  });

  it('falls back to Date when X-Date is absent', async () => {
    const res = await call(sandbox, profilePath('getProfile'), GET_BODY, { headers: { 'x-date': null } });
    expect(res.status).toBe(200);
  });

  it('rejects when X-Date is present but the signature used Date', async () => {
    const signedDate = formatHttpDate(new Date(Date.now() - 60_000));
    const body = JSON.stringify(GET_BODY);
    const signature = sign(CREDS.sharedSecret, {
      method: 'POST',
      body,
      contentType: 'application/json',
      date: signedDate,
      requestUri: profilePath('getProfile'),
      bodyHash: 'md5',
    });
    const res = await rawRequest(`${sandbox.url}${profilePath('getProfile')}`, {
      method: 'POST',
      body,
      headers: {
        authorization: `Basic ${Buffer.from(`${CREDS.username}:${CREDS.password}`).toString('base64')}`,
        'content-type': 'application/json',
        date: signedDate,
        'x-date': formatHttpDate(new Date()),
        'x-signature': signature,
      },
    });
    expectApiError(res, 401, 1004);
  });

  it.each([
    ['GMT', 'sha512'],
    ['GMT', 'md5'],
    ['UTC', 'sha512'],
    ['UTC', 'md5'],
  ] as const)('accepts %s dates with a %s body hash', async (dateSuffix, bodyHash) => {
    const res = await call(sandbox, profilePath('getProfile'), GET_BODY, { dateSuffix, bodyHash });
    expect(res.status).toBe(200);
    expect(res.json().success).toBe(true);
  });

  it('does not check Date freshness by default (an old signed date passes)', async () => {
    const res = await call(sandbox, profilePath('getProfile'), GET_BODY, { date: new Date('2020-01-01T00:00:00Z') });
    expect(res.status).toBe(200);
  });

  it('checks freshness when maxClockSkewSeconds is set', async () => {
    const strict = await startDemoSandbox({ maxClockSkewSeconds: 300 });
    try {
      const stale = await call(strict, profilePath('getProfile'), GET_BODY, { date: new Date(Date.now() - 3_600_000) });
      expectApiError(stale, 401, 1004);
      const fresh = await call(strict, profilePath('getProfile'), GET_BODY);
      expect(fresh.status).toBe(200);
    } finally {
      await strict.close();
    }
  });

  it('rejects malformed JSON with 400/1005', async () => {
    expectApiError(await call(sandbox, profilePath('getProfile'), '{"customerIdentification":'), 400, 1005);
    expectApiError(await call(sandbox, profilePath('getProfile'), ''), 400, 1005);
  });

  it('rejects a JSON body that is not an object with 400/1005', async () => {
    for (const body of ['[]', '"cust-0001"', 'null', '42']) {
      expectApiError(await call(sandbox, profilePath('getProfile'), body), 400, 1005);
    }
  });

  it('rejects a body over 1 MiB with 413/1005', async () => {
    const huge = JSON.stringify({ customerIdentification: 'cust-0001', pad: 'x'.repeat(1024 * 1024) });
    expectApiError(await call(sandbox, profilePath('getProfile'), huge), 413, 1005);
  });

  it('counts only authenticated calls in stats', async () => {
    await call(sandbox, profilePath('getProfile'), GET_BODY, { credentials: { ...CREDS, password: 'wrong' } });
    await call(sandbox, profilePath('getProfile'), GET_BODY, { headers: { 'x-signature': null } });
    await call(sandbox, profilePath('getProfile'), GET_BODY);
    await call(sandbox, profilePath('getProfile'), '[]');
    expect(sandbox.stats().calls.getProfile).toBe(2);
    expect(sandbox.stats().total).toBe(2);
  });

  it('compares secrets of any length without failing (no length leak via errors)', async () => {
    const long = createHash('sha512').update('x').digest('hex').repeat(4);
    expectApiError(await call(sandbox, profilePath('getProfile'), GET_BODY, { credentials: { ...CREDS, password: long } }), 401, 1000);
    expectApiError(await call(sandbox, profilePath('getProfile', long), GET_BODY), 401, 1000);
  });
});
