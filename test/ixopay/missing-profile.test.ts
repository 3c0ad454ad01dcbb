/**
 * Update and delete of a profile that does not exist, in every form IXOPAY answers it (API.md §8
 * item 6): recognised by errorCode and status, settled by one getProfile, never by re-sending the
 * write.
 */
import { IxopayClient } from '../../src/ixopay/client';
import { ProfileNotFoundError, UpstreamRejectedError, UpstreamUnavailableError } from '../../src/ixopay/errors';
import type { RunningSandbox } from '../../src/sandbox/server';
import { clientFor, profileBody, rejectionOf, reply, useScriptedServer, type Handler, type ScriptedServer } from './scripted-server';
import { useSandboxClient } from './sandbox-client';

const ZOE = { profileGuid: 'CP-3f9a-1c7e-0b52-4d86-a9e1-7c20', customerIdentification: 'cust-0001' };
const UNKNOWN_GUID = 'CP-0000-0000-0000-0000-0000-0000';

describe('against the sandbox, in both of its forms', () => {
  let sandbox: RunningSandbox;
  let client: IxopayClient;
  useSandboxClient((started) => ({ sandbox, client } = started));

  describe.each(['200', '404'] as const)('missingProfileWrite %s', (form) => {
    beforeEach(() => {
      sandbox.updateSettings({ missingProfileWrite: form });
    });

    test('an update by unknown customerIdentification → ProfileNotFoundError, the write sent once', async () => {
      const error = await rejectionOf(client.updateProfile({ customerIdentification: 'nobody-here' }, { customerData: { firstName: 'X' } }));
      expect(error).toBeInstanceOf(ProfileNotFoundError);
      expect(error).toMatchObject({ code: 'PROFILE_NOT_FOUND', operation: 'updateProfile' });
      const { calls } = sandbox.stats();
      expect(calls.updateProfile).toBe(1);
      // 404 carries profileExists:false and needs no confirming read; the 200 form needs one.
      expect(calls.getProfile).toBe(form === '200' ? 1 : 0);
    });

    test('a delete by unknown profileGuid → ProfileNotFoundError, the write sent once', async () => {
      const error = await rejectionOf(client.deleteProfile({ profileGuid: UNKNOWN_GUID }));
      expect(error).toMatchObject({ constructor: ProfileNotFoundError, operation: 'deleteProfile' });
      expect(sandbox.stats().calls.deleteProfile).toBe(1);
    });

    test('a 1002 for an existing profile (invalid data) stays UpstreamRejectedError 1002 after the read', async () => {
      const error = await rejectionOf(client.updateProfile({ profileGuid: ZOE.profileGuid }, { customerData: { email: 'not-an-email' } }));
      expect(error).toMatchObject({ constructor: UpstreamRejectedError, code: 'UPSTREAM_REJECTED', errorCode: 1002 });
      expect(sandbox.stats().calls).toMatchObject({ updateProfile: 1, getProfile: 1 });
      expect(sandbox.writes().writes).toEqual([]);
    });
  });
});

describe('against a scripted upstream', () => {
  let server: ScriptedServer;
  let handler: Handler;
  useScriptedServer(
    () => handler,
    (started) => (server = started),
  );

  const operationOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);
  /** Answers writes with `write`, getProfile with `read`. */
  const script =
    (write: Handler, read: Handler): Handler =>
    (q, r, i) =>
      operationOf(q.url) === 'getProfile' ? read(q, r, i) : write(q, r, i);
  const notFoundRead: Handler = (_q, res) =>
    reply(res, 200, { success: false, profileExists: false, profileGuid: null, customer: null, paymentInstruments: [] });
  const foundRead: Handler = (_q, res) => reply(res, 200, profileBody());

  async function outcome(write: Handler, read: Handler, call: 'update' | 'delete' = 'update'): Promise<unknown> {
    handler = script(write, read);
    const client = clientFor(server.origin);
    try {
      return await rejectionOf(
        call === 'update'
          ? client.updateProfile({ customerIdentification: 'c-1' }, { customerData: { firstName: 'A' } })
          : client.deleteProfile({ profileGuid: UNKNOWN_GUID }),
      );
    } finally {
      await client.close();
    }
  }

  const sent = () => server.requests.map((r) => operationOf(r.url));

  test.each<[string, Handler]>([
    ['HTTP 200 + errorCode 1002', (_q, res) => reply(res, 200, { success: false, errorCode: 1002, errorMessage: 'Customer profile not found' })],
    ['HTTP 404 + errorCode 1002', (_q, res) => reply(res, 404, { success: false, errorCode: 1002, errorMessage: 'Invalid request data' })],
    ['HTTP 404 without a body', (_q, res) => reply(res, 404, '')],
  ])('%s, confirmed gone by getProfile → ProfileNotFoundError after exactly one write', async (_name, write) => {
    expect(await outcome(write, notFoundRead)).toBeInstanceOf(ProfileNotFoundError);
    expect(sent()).toEqual(['updateProfile', 'getProfile']);
    server.requests.length = 0;
    expect(await outcome(write, notFoundRead, 'delete')).toMatchObject({ constructor: ProfileNotFoundError, operation: 'deleteProfile' });
    expect(sent()).toEqual(['deleteProfile', 'getProfile']);
  });

  test('the message is never what decides: "not found" text with the profile present → the original 1002', async () => {
    const error = await outcome(
      (_q, res) => reply(res, 200, { success: false, errorCode: 1002, errorMessage: 'Customer profile not found' }),
      foundRead,
    );
    expect(error).toMatchObject({ constructor: UpstreamRejectedError, errorCode: 1002, httpStatus: 200 });
    expect(sent()).toEqual(['updateProfile', 'getProfile']);
  });

  test('a 404 (a wrong base path, say) with the profile present → the original error', async () => {
    const error = await outcome((_q, res) => reply(res, 404, '<html>Not Found</html>'), foundRead);
    expect(error).toMatchObject({ constructor: UpstreamUnavailableError, reason: 'http_status', httpStatus: 404 });
  });

  test("when the confirming read fails too, the write's own error surfaces", async () => {
    const error = await outcome(
      (_q, res) => reply(res, 200, { success: false, errorCode: 1002, errorMessage: 'Customer profile not found' }),
      (_q, res) => reply(res, 503, ''),
    );
    expect(error).toMatchObject({ constructor: UpstreamRejectedError, errorCode: 1002 });
    expect(sent().filter((op) => op === 'updateProfile')).toHaveLength(1);
  });

  test('profileExists:false is explicit: no confirming read', async () => {
    expect(await outcome((_q, res) => reply(res, 404, { success: false, profileExists: false }), foundRead)).toBeInstanceOf(ProfileNotFoundError);
    expect(sent()).toEqual(['updateProfile']);
  });

  test('other rejections are not questioned: no read', async () => {
    const error = await outcome((_q, res) => reply(res, 422, { success: false, errorCode: 1006, errorMessage: 'Logical error' }), notFoundRead);
    expect(error).toMatchObject({ constructor: UpstreamRejectedError, errorCode: 1006 });
    expect(sent()).toEqual(['updateProfile']);
  });
});
