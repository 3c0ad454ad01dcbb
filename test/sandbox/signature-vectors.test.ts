/**
 * The official PHP client's requests (recorded in the signature vectors: MD5 body hash, `UTC`
 * dates, 10×SHA-1 password in Basic auth) replayed byte for byte: the sandbox must authenticate
 * every one of them, also behind a base URL with a path prefix.
 */
import vectors from '../fixtures/signature-vectors.json';
import type { RunningSandbox } from '../../src/sandbox/server';
import { rawRequest } from '../support/sandbox-request';
import { useDemoSandbox } from './helpers';

interface RequestVector {
  name: string;
  kind: string;
  body: string;
  requestUri: string;
  request?: { wireHeaders: [string, string][] };
}

const requestVectors = (vectors as RequestVector[]).filter((v) => v.kind === 'request');

/** Replays a vector verbatim (minus Host and Content-Length, which the HTTP client sets). */
function replay(sandbox: RunningSandbox, vector: RequestVector) {
  const headers: Record<string, string> = {};
  for (const [name, value] of vector.request?.wireHeaders ?? []) {
    if (!/^(host|content-length)$/i.test(name)) headers[name] = value;
  }
  return rawRequest(`${sandbox.url}${vector.requestUri}`, { method: 'POST', headers, body: vector.body });
}

describe('official PHP client requests replayed against the sandbox', () => {
  let sandbox: RunningSandbox;
  useDemoSandbox((started) => (sandbox = started));

  it('has request vectors to replay, including one behind a path prefix', () => {
    expect(requestVectors.length).toBeGreaterThanOrEqual(6);
    expect(requestVectors.some((v) => v.requestUri.startsWith('/sandbox/'))).toBe(true);
  });

  it.each(requestVectors.map((v) => [v.name, v] as const))('authenticates %s (no 401, no auth/signature error code)', async (_name, vector) => {
    const res = await replay(sandbox, vector);
    expect(res.status).not.toBe(401);
    const body = res.json();
    expect([1000, 1004]).not.toContain(body.errorCode);
    expect(sandbox.stats().total).toBe(1);
  });

  it('answers the PHP getProfile of cust-0001 with the profile (plain and path-prefixed base URL)', async () => {
    for (const vector of requestVectors.filter((v) => v.name.startsWith('request/getProfile-by-customerIdentification'))) {
      const res = await replay(sandbox, vector);
      expect(res.status).toBe(200);
      const body = res.json();
      expect(body).toMatchObject({ success: true, profileExists: true, customerIdentification: 'cust-0001' });
      expect(body.customer.firstName).toBe('Zoë');
    }
  });

  it('rejects the PHP vectors’ invalid ids as validation errors, not as auth errors', async () => {
    const byGuid = requestVectors.find((v) => v.name === 'request/getProfile-by-profileGuid');
    expect(byGuid).toBeDefined();
    const res = await replay(sandbox, byGuid!);
    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({ success: false, errorCode: 1002 });
    expect(res.json().errorMessage).toContain('profileGuid');
  });

  it('deletes cust-0001 through the PHP deleteProfile request', async () => {
    const del = requestVectors.find((v) => v.name === 'request/deleteProfile-by-customerIdentification');
    const res = await replay(sandbox, del!);
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ success: true });
  });
});
