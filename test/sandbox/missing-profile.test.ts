/**
 * The missingProfileWrite knob (API.md §8 item 6): update/delete of a missing profile answer
 * HTTP 200 with the 1002 error object by default, or 404 with profileExists:false; chosen at
 * start, at runtime (control endpoint and programmatically). getProfile's not-found never changes.
 */
import type { RunningSandbox } from '../../src/sandbox/server';
import { call, control, profilePath, startDemoSandbox } from './helpers';

const NOBODY = { customerIdentification: 'nobody-here' };
const GUID_NOBODY = { profileGuid: 'CP-0000-0000-0000-0000-0000-0000' };
const FORM_200 = { success: false, errorMessage: 'Customer profile not found', errorCode: 1002, details: null };
const FORM_404 = { success: false, profileExists: false, errorMessage: 'Customer profile not found', errorCode: 1002, details: null };
const GET_NOT_FOUND = {
  success: false,
  profileExists: false,
  profileGuid: null,
  customerIdentification: null,
  preferredMethod: null,
  customer: null,
  paymentInstruments: [],
};

describe('missing profile on update/delete', () => {
  const sandboxes: RunningSandbox[] = [];
  afterAll(() => Promise.all(sandboxes.map((s) => s.close())));
  const start = async (options: Parameters<typeof startDemoSandbox>[0] = {}) => {
    const sandbox = await startDemoSandbox(options);
    sandboxes.push(sandbox);
    return sandbox;
  };
  const writes = (sandbox: RunningSandbox, ref: object) => [
    call(sandbox, profilePath('updateProfile'), { ...ref, customerData: { lastName: 'X' } }),
    call(sandbox, profilePath('deleteProfile'), ref),
  ];

  it('answers HTTP 200 with the plain error object by default, by either identifier', async () => {
    const sandbox = await start();
    expect(sandbox.settings().missingProfileWrite).toBe('200');
    for (const res of await Promise.all([...writes(sandbox, NOBODY), ...writes(sandbox, GUID_NOBODY)])) {
      expect(res.status).toBe(200);
      expect(res.json()).toEqual(FORM_200);
    }
  });

  it("answers 404 with profileExists:false when started with missingProfileWrite: '404'", async () => {
    const sandbox = await start({ missingProfileWrite: '404' });
    for (const res of await Promise.all(writes(sandbox, NOBODY))) {
      expect(res.status).toBe(404);
      expect(res.json()).toEqual(FORM_404);
    }
  });

  it('switches at runtime through PUT /__sandbox/settings and programmatically', async () => {
    const sandbox = await start();
    const put = await control(sandbox, 'PUT', 'settings', { missingProfileWrite: '404' });
    expect(put.status).toBe(200);
    expect(put.json()).toMatchObject({ missingProfileWrite: '404', latencyMs: 0, rateLimitPerSecond: 0 });
    expect((await control(sandbox, 'GET', 'settings')).json().missingProfileWrite).toBe('404');
    expect((await call(sandbox, profilePath('deleteProfile'), NOBODY)).status).toBe(404);

    expect(sandbox.updateSettings({ missingProfileWrite: '200' })).toMatchObject({ missingProfileWrite: '200' });
    expect((await call(sandbox, profilePath('deleteProfile'), NOBODY)).status).toBe(200);
    // reset() restores data, not knobs.
    sandbox.updateSettings({ missingProfileWrite: '404' });
    await sandbox.reset();
    expect(sandbox.settings().missingProfileWrite).toBe('404');
  });

  it('leaves getProfile’s documented not-found body alone in both forms', async () => {
    for (const missingProfileWrite of ['200', '404'] as const) {
      const sandbox = await start({ missingProfileWrite });
      const res = await call(sandbox, profilePath('getProfile'), NOBODY);
      expect(res.status).toBe(200);
      expect(res.json()).toEqual(GET_NOT_FOUND);
    }
  });

  it('still answers an existing profile normally and validates before looking the profile up', async () => {
    const sandbox = await start({ missingProfileWrite: '404' });
    expect(
      (await call(sandbox, profilePath('updateProfile'), { customerIdentification: 'cust-0005', customerData: { lastName: 'Y' } })).json(),
    ).toMatchObject({ success: true });
    const invalid = await call(sandbox, profilePath('updateProfile'), { ...NOBODY, customerData: { gender: 'X' } });
    expect(invalid.status).toBe(400);
  });

  it('refuses an unknown form or setting with 400 (control) and a TypeError / SettingsError (programmatic)', async () => {
    const sandbox = await start();
    for (const body of [{ missingProfileWrite: '500' }, { missingProfileWrite: 404 }, { colour: 'blue' }, [], { rateLimitPerSecond: -1 }]) {
      const res = await control(sandbox, 'PUT', 'settings', body);
      expect(res.status).toBe(400);
      expect(res.json()).toMatchObject({ success: false, errorCode: 1002 });
    }
    expect(sandbox.settings().missingProfileWrite).toBe('200');
    expect(() => sandbox.updateSettings({ missingProfileWrite: 'x' as never })).toThrow(/missingProfileWrite/);
    await expect(start({ missingProfileWrite: 'gone' as never })).rejects.toThrow(TypeError);
  });
});
