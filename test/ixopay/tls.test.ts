/** HTTPS: certificate problems are connection errors; a trusted certificate works end to end. */
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { UpstreamUnavailableError } from '../../src/ixopay/errors';
import { clientFor, profileBody, rejectionOf } from './scripted-server';
import { TEST_CERT, TEST_KEY } from './tls-fixture';

let origin: string;
let paths: string[] = [];
const server = createServer({ cert: TEST_CERT, key: TEST_KEY, minVersion: 'TLSv1.2' }, (req, res) => {
  paths.push(req.url ?? '');
  req.resume();
  req.on('end', () => {
    const text = JSON.stringify(profileBody());
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  });
});

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});
beforeEach(() => {
  paths = [];
});

test('an untrusted (self-signed) certificate → UpstreamUnavailableError connection, never retried into success', async () => {
  const client = clientFor(origin, { retryMaxAttempts: 1 });
  try {
    const error = await rejectionOf(client.getProfile({ profileGuid: 'CP-1' }));
    expect(error).toBeInstanceOf(UpstreamUnavailableError);
    expect(error).toMatchObject({ reason: 'connection' });
    expect((error as Error).message).toMatch(/SELF_SIGNED|CERT/);
    expect(paths).toEqual([]);
  } finally {
    await client.close();
  }
});

test('with a dispatcher that trusts the certificate the signed call succeeds over TLS (path prefix kept)', async () => {
  const dispatcher = new Agent({ connect: { ca: TEST_CERT, minVersion: 'TLSv1.2' } });
  const client = clientFor(origin + '/sandbox', { dispatcher });
  try {
    await expect(client.getProfile({ profileGuid: 'CP-1' })).resolves.toMatchObject({ profileGuid: 'CP-7a1e-33b0-5c9d-4e21-b8f0-0c6d' });
    expect(paths).toEqual(['/sandbox/api/v3/customerProfiles/api-key-SECRET-42/getProfile']);
  } finally {
    await client.close();
    // An injected dispatcher belongs to the caller: close() left it usable.
    expect(dispatcher.closed).toBe(false);
    await dispatcher.close();
  }
});
