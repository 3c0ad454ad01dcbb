/**
 * The real client, with a pinned clock, MD5 body hash, `UTC` dates, PHP-style JSON and the
 * password in the hashed form the PHP client sends, reproduces every kind:"request" vector: path,
 * body bytes and the Authorization, Date, X-Date, X-Signature and Content-Type headers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IxopayClient } from '../../src/ixopay/client';
import { phpHashedPassword, type BodyHashAlgorithm } from '../../src/ixopay/signature';
import { reply, startServer, type ScriptedServer } from './scripted-server';

interface RequestVector {
  name: string;
  kind: 'request';
  sharedSecret: string;
  body: string;
  requestUri: string;
  bodyHash: BodyHashAlgorithm;
  request: {
    username: string;
    password: string;
    apiKey: string;
    baseUrl: string;
    basicAuthCredentials: string;
    expectedHeaders: Record<string, string>;
  };
}

const vectors = (JSON.parse(readFileSync(join(__dirname, '../fixtures/signature-vectors.json'), 'utf8')) as { kind: string }[]).filter(
  (v): v is RequestVector => v.kind === 'request',
);

const PINNED = new Date('2025-01-15T10:30:00Z');

let server: ScriptedServer;
beforeAll(async () => {
  server = await startServer((req, res) => {
    if (req.url.endsWith('/getProfile')) {
      reply(res, 200, {
        success: true,
        profileExists: true,
        profileGuid: 'CP-1',
        customerIdentification: 'cust-0001',
        customer: null,
        paymentInstruments: [],
      });
    } else if (req.url.endsWith('/updateProfile')) {
      reply(res, 200, { success: true, profileGuid: 'CP-1', customerIdentification: 'cust-0001', customer: null, changedFields: ['lastName'] });
    } else {
      reply(res, 200, { success: true });
    }
  });
});
afterAll(() => server.close());

/** Drives the SDK call a vector was recorded from. */
async function callFor(client: IxopayClient, name: string): Promise<void> {
  const op = name.split('/')[1];
  switch (op) {
    case 'getProfile-by-customerIdentification':
      await client.getProfile({ customerIdentification: 'cust-0001' });
      return;
    case 'getProfile-by-profileGuid':
      await client.getProfile({ profileGuid: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d' });
      return;
    case 'updateProfile-by-customerIdentification':
      await client.updateProfile(
        { customerIdentification: 'cust-0001' },
        {
          customerData: {
            firstName: 'Zoë',
            lastName: 'Müller',
            email: 'zoe.mueller@example.com',
            extraData: { website: 'https://zoe.example/profile' },
          },
          preferredInstrument: 'tok_abc123',
        },
      );
      return;
    case 'deleteProfile-by-customerIdentification':
      await client.deleteProfile({ customerIdentification: 'cust-0001' });
      return;
    case 'deleteProfile-by-profileGuid':
      await client.deleteProfile({ profileGuid: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d' });
      return;
    default:
      throw new Error(`no SDK call mapped for vector ${name}`);
  }
}

test('the fixture holds request vectors, including a base URL with a path prefix', () => {
  expect(vectors.length).toBeGreaterThanOrEqual(6);
  expect(vectors.some((v) => new URL(v.request.baseUrl).pathname !== '/')).toBe(true);
});

test.each(vectors.map((v) => [v.name, v] as const))('%s', async (_name, v) => {
  const hashedPassword = v.request.basicAuthCredentials.slice(v.request.username.length + 1);
  expect(hashedPassword).toBe(phpHashedPassword(v.request.password));
  const client = new IxopayClient({
    // Same path prefix as the vector's base URL, on our loopback server.
    baseUrl: server.origin + new URL(v.request.baseUrl).pathname,
    username: v.request.username,
    password: hashedPassword,
    apiKey: v.request.apiKey,
    sharedSecret: v.sharedSecret,
    bodyHash: v.bodyHash,
    timeoutMs: 2000,
    connections: 1,
    clock: () => PINNED,
    dateSuffix: 'UTC',
    jsonStyle: 'php',
  });
  try {
    const before = server.requests.length;
    await callFor(client, v.name);
    expect(server.requests.length).toBe(before + 1);
    const seen = server.requests[before];
    expect(seen.method).toBe('POST');
    expect(seen.url).toBe(v.requestUri);
    expect(seen.body.toString('utf8')).toBe(v.body);
    for (const [name, value] of Object.entries(v.request.expectedHeaders)) {
      expect([name, seen.headers[name.toLowerCase()]]).toEqual([name, value]);
    }
    expect(seen.headers.accept).toBe('application/json');
  } finally {
    await client.close();
  }
});
