/** Each response/transport failure maps to the right error of the closed set, and none leaks secrets. */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { ProfileNotFoundError, UpstreamRateLimitedError, UpstreamRejectedError, UpstreamUnavailableError } from '../../src/ixopay/errors';
import type { UpstreamCallEvent } from '../../src/ixopay/types';
import { CREDENTIALS, clientFor, profileBody, rejectionOf, reply, startServer, type Handler, type ScriptedServer } from './scripted-server';

const collected: unknown[] = [];
let server: ScriptedServer;
let handler: Handler;
const events: UpstreamCallEvent[] = [];
const NOW = new Date('2025-03-04T09:15:00Z');

beforeAll(async () => {
  server = await startServer((req, res, i) => handler(req, res, i));
});
afterAll(() => server.close());
beforeEach(() => {
  events.length = 0;
});

/** A client with no retries, so one scripted answer maps to one error. */
async function failWith(h: Handler, call: 'get' | 'update' | 'delete' | 'register' = 'update'): Promise<unknown> {
  handler = h;
  const client = clientFor(server.origin, { clock: () => NOW, onCall: (e) => events.push(e), retryMaxAttempts: 1 });
  try {
    const p =
      call === 'get'
        ? client.getProfile({ customerIdentification: 'c-1' })
        : call === 'delete'
          ? client.deleteProfile({ customerIdentification: 'c-1' })
          : call === 'register'
            ? client.register({ merchantTransactionId: 'm-1', customerProfileData: { customerIdentification: 'c-1' } })
            : client.updateProfile({ customerIdentification: 'c-1' }, { customerData: { firstName: 'A' } });
    const error = await rejectionOf(p);
    collected.push(error);
    return error;
  } finally {
    await client.close();
  }
}

test('200 + success:false with error fields → UpstreamRejectedError', async () => {
  const error = await failWith((_q, res) => reply(res, 200, { success: false, errorCode: 1003, errorMessage: 'Processing error' }));
  expect(error).toBeInstanceOf(UpstreamRejectedError);
  expect(error).toMatchObject({
    code: 'UPSTREAM_REJECTED',
    errorCode: 1003,
    errorMessage: 'Processing error',
    httpStatus: 200,
    operation: 'updateProfile',
  });
  expect(events).toEqual([
    expect.objectContaining({ operation: 'updateProfile', status: 200, outcome: 'UPSTREAM_REJECTED', errorCode: 1003, attempt: 1 }),
  ]);
});

test('400 with an API error body → UpstreamRejectedError', async () => {
  const error = await failWith((_q, res) => reply(res, 400, { success: false, errorCode: 1004, errorMessage: 'Invalid signature', details: null }));
  expect(error).toMatchObject({ constructor: UpstreamRejectedError, errorCode: 1004, httpStatus: 400 });
});

test('an error object with `message` and a string errorCode → UpstreamRejectedError', async () => {
  const error = await failWith((_q, res) => reply(res, 422, { success: false, message: 'Not allowed', errorCode: 'SOMETHING_ELSE' }));
  expect(error).toMatchObject({ constructor: UpstreamRejectedError, errorCode: 'SOMETHING_ELSE', errorMessage: 'Not allowed', httpStatus: 422 });
});

test('500 plain text → UpstreamUnavailableError http_status', async () => {
  const error = await failWith((_q, res) => {
    res.writeHead(500, { 'content-type': 'text/html' });
    res.end('<html>Internal Server Error</html>');
  });
  expect(error).toMatchObject({ constructor: UpstreamUnavailableError, reason: 'http_status', httpStatus: 500 });
  expect(events[0]).toMatchObject({ status: 500, outcome: 'UPSTREAM_UNAVAILABLE' });
});

test('500 with an API error body → UpstreamRejectedError', async () => {
  const error = await failWith((_q, res) => reply(res, 500, { success: false, errorCode: 1008, errorMessage: 'Unexpected system error' }));
  expect(error).toMatchObject({ constructor: UpstreamRejectedError, errorCode: 1008, httpStatus: 500 });
});

test('504 (edge timeout) → UpstreamUnavailableError http_status even with an error body', async () => {
  const error = await failWith((_q, res) => reply(res, 504, { success: false, errorCode: 3001, errorMessage: 'Upstream timeout' }));
  expect(error).toMatchObject({ constructor: UpstreamUnavailableError, reason: 'http_status', httpStatus: 504 });
});

test('429 + Retry-After seconds → UpstreamRateLimitedError', async () => {
  const error = await failWith((_q, res) =>
    reply(res, 429, { success: false, errorCode: 1009, errorMessage: 'Too many requests' }, { 'retry-after': '7' }),
  );
  expect(error).toBeInstanceOf(UpstreamRateLimitedError);
  expect(error).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', retryAfterSeconds: 7 });
  expect(events[0]).toMatchObject({ status: 429, outcome: 'UPSTREAM_RATE_LIMITED' });
});

test('429 + Retry-After HTTP date → seconds from the client clock', async () => {
  const error = await failWith((_q, res) => reply(res, 429, '', { 'retry-after': 'Tue, 04 Mar 2025 09:15:30 GMT' }));
  expect(error).toMatchObject({ constructor: UpstreamRateLimitedError, retryAfterSeconds: 30 });
});

test('429 with a Retry-After date in the past clamps to 0; without the header it is undefined', async () => {
  expect(await failWith((_q, res) => reply(res, 429, '', { 'retry-after': 'Tue, 04 Mar 2025 09:00:00 GMT' }))).toMatchObject({
    retryAfterSeconds: 0,
  });
  expect(await failWith((_q, res) => reply(res, 429, ''))).toMatchObject({ retryAfterSeconds: undefined });
});

test('malformed JSON on 200 → UpstreamUnavailableError malformed_json', async () => {
  const error = await failWith((_q, res) => reply(res, 200, '{"success": tru'));
  expect(error).toMatchObject({ constructor: UpstreamUnavailableError, reason: 'malformed_json' });
});

test('wrong shape: success true but profileGuid missing → unexpected_shape', async () => {
  const error = await failWith((_q, res) => reply(res, 200, { success: true, customer: null, changedFields: [] }));
  expect(error).toMatchObject({ constructor: UpstreamUnavailableError, reason: 'unexpected_shape' });
  expect((error as Error).message).toContain('profileGuid');
});

test('wrong shape: paymentInstruments not an array → unexpected_shape', async () => {
  const error = await failWith((_q, res) => reply(res, 200, profileBody({ paymentInstruments: { a: 1 } })), 'get');
  expect(error).toMatchObject({ reason: 'unexpected_shape' });
});

test('wrong shape: a JSON array, or success:false without error fields → unexpected_shape', async () => {
  expect(await failWith((_q, res) => reply(res, 200, [1, 2]))).toMatchObject({ reason: 'unexpected_shape' });
  expect(await failWith((_q, res) => reply(res, 200, { success: false }))).toMatchObject({ reason: 'unexpected_shape' });
});

test('a body above the size cap → unexpected_shape', async () => {
  handler = (_q, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('"' + 'x'.repeat(5000) + '"');
  };
  const client = clientFor(server.origin, { maxResponseBytes: 1024, retryMaxAttempts: 1 });
  try {
    const error = await rejectionOf(client.getProfile({ profileGuid: 'CP-1' }));
    expect(error).toMatchObject({ constructor: UpstreamUnavailableError, reason: 'unexpected_shape' });
    expect((error as Error).message).toContain('1024');
  } finally {
    await client.close();
  }
});

test('profileExists false, whatever the status → null from getProfile, ProfileNotFoundError from writes', async () => {
  handler = (_q, res) => reply(res, 404, { success: false, profileExists: false, profileGuid: null, customer: null, paymentInstruments: [] });
  const client = clientFor(server.origin, { onCall: (e) => events.push(e) });
  try {
    await expect(client.getProfile({ customerIdentification: 'nobody' })).resolves.toBeNull();
    expect(events).toEqual([expect.objectContaining({ operation: 'getProfile', status: 404, outcome: 'PROFILE_NOT_FOUND', attempt: 1 })]);
    handler = (_q, res) => reply(res, 200, { success: false, profileExists: 'false', errorCode: 1002, errorMessage: 'profile not found' });
    const update = await rejectionOf(client.updateProfile({ profileGuid: 'CP-x' }, { customerData: { firstName: 'A' } }));
    expect(update).toBeInstanceOf(ProfileNotFoundError);
    expect(update).toMatchObject({ code: 'PROFILE_NOT_FOUND', operation: 'updateProfile' });
    const del = await rejectionOf(client.deleteProfile({ profileGuid: 'CP-x' }));
    expect(del).toMatchObject({ constructor: ProfileNotFoundError, operation: 'deleteProfile' });
    collected.push(update, del);
  } finally {
    await client.close();
  }
});

test('register failure with details only in errors[] → UpstreamRejectedError', async () => {
  const error = await failWith(
    (_q, res) => reply(res, 200, { success: false, returnType: 'ERROR', errors: [{ errorCode: 2003, errorMessage: 'Transaction declined' }] }),
    'register',
  );
  expect(error).toMatchObject({ constructor: UpstreamRejectedError, errorCode: 2003, errorMessage: 'Transaction declined', operation: 'register' });
});

test('connection refused → UpstreamUnavailableError connection', async () => {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((r) => probe.close(() => r()));
  const client = clientFor(`http://127.0.0.1:${port}`, { onCall: (e) => events.push(e), retryMaxAttempts: 1 });
  try {
    const error = await rejectionOf(client.deleteProfile({ customerIdentification: 'c-1' }));
    collected.push(error);
    expect(error).toMatchObject({ constructor: UpstreamUnavailableError, reason: 'connection' });
    expect((error as Error).message).toContain('ECONNREFUSED');
    expect(events[0]).toMatchObject({ status: 0, outcome: 'UPSTREAM_UNAVAILABLE' });
  } finally {
    await client.close();
  }
});

test('connection reset before the answer → UpstreamUnavailableError connection', async () => {
  const error = await failWith((_q, res) => {
    res.socket?.resetAndDestroy();
  });
  expect(error).toMatchObject({ constructor: UpstreamUnavailableError, reason: 'connection' });
});

test('socket closed mid-body → UpstreamUnavailableError connection (status kept)', async () => {
  const error = await failWith((_q, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
    res.write('{"success":');
    setTimeout(() => res.socket?.destroy(), 20);
  }, 'get');
  expect(error).toMatchObject({ constructor: UpstreamUnavailableError, reason: 'connection', httpStatus: 200 });
});

test('an onCall observer that throws does not break the call', async () => {
  handler = (_q, res) => reply(res, 200, profileBody());
  const client = clientFor(server.origin, {
    onCall: () => {
      throw new Error('observer bug');
    },
  });
  try {
    await expect(client.getProfile({ profileGuid: 'CP-1' })).resolves.toMatchObject({ profileGuid: 'CP-7a1e-33b0-5c9d-4e21-b8f0-0c6d' });
  } finally {
    await client.close();
  }
});

test('no error exposes the password, shared secret, apiKey, Authorization value or signature', () => {
  expect(collected.length).toBeGreaterThanOrEqual(15);
  const authorization = server.requests[0].headers.authorization as string;
  const signatures = server.requests.map((r) => r.headers['x-signature'] as string);
  const secrets = [CREDENTIALS.password, CREDENTIALS.sharedSecret, CREDENTIALS.apiKey, authorization, authorization.slice(6), ...signatures];
  for (const error of collected) {
    const renderings = [(error as Error).message, String(error), JSON.stringify(error), inspect(error, { depth: 5 })];
    for (const text of renderings) {
      for (const secret of secrets) expect(text).not.toContain(secret);
      expect(text).not.toContain('/api/v3');
    }
  }
});
