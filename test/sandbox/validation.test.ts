/**
 * Request validation of the profile calls (API.md §3–§4): each broken field answers 400/1002 with
 * a message naming the field, and a rejected update changes nothing.
 */
import type { RunningSandbox } from '../../src/sandbox/server';
import { call, profilePath, startDemoSandbox } from './helpers';

const ZOE = { customerIdentification: 'cust-0001' };

describe('sandbox request validation', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startDemoSandbox();
  });
  afterAll(() => sandbox.close());

  async function expectInvalid(op: 'getProfile' | 'updateProfile' | 'deleteProfile', body: unknown, field: string): Promise<void> {
    const res = await call(sandbox, profilePath(op), body);
    expect(res.status).toBe(400);
    const json = res.json();
    expect(json).toEqual({ success: false, errorMessage: expect.any(String), errorCode: 1002, details: null });
    expect(json.errorMessage).toMatch(/^Invalid request data: /);
    expect(json.errorMessage).toContain(field);
  }

  describe.each(['getProfile', 'updateProfile', 'deleteProfile'] as const)('%s identifiers', (op) => {
    const extra = op === 'updateProfile' ? { customerData: { lastName: 'X' } } : {};

    it('rejects both identifiers at once', async () => {
      await expectInvalid(
        op,
        { profileGuid: 'CP-3f9a-1c7e-0b52-4d86-a9e1-7c20', customerIdentification: 'cust-0001', ...extra },
        'profileGuid/customerIdentification',
      );
    });

    it('rejects neither identifier', async () => {
      await expectInvalid(op, { ...extra }, 'profileGuid/customerIdentification');
    });

    it('rejects a profileGuid that is not exactly 32 characters', async () => {
      await expectInvalid(op, { profileGuid: 'CP-3f9a-1c7e-0b52-4d86-a9e1-7c2', ...extra }, 'profileGuid');
      await expectInvalid(op, { profileGuid: 'CP-3f9a-1c7e-0b52-4d86-a9e1-7c200', ...extra }, 'profileGuid');
      await expectInvalid(op, { profileGuid: 12, ...extra }, 'profileGuid');
    });

    it('rejects a customerIdentification that is empty or longer than 36 characters', async () => {
      await expectInvalid(op, { customerIdentification: '', ...extra }, 'customerIdentification');
      await expectInvalid(op, { customerIdentification: 'x'.repeat(37), ...extra }, 'customerIdentification');
      await expectInvalid(op, { customerIdentification: ['cust-0001'], ...extra }, 'customerIdentification');
    });
  });

  it('accepts a customerIdentification of exactly 36 characters (then simply not found)', async () => {
    const res = await call(sandbox, profilePath('getProfile'), { customerIdentification: 'x'.repeat(36) });
    expect(res.status).toBe(200);
    expect(res.json().profileExists).toBe(false);
  });

  it('counts characters, not bytes or UTF-16 units, for lengths', async () => {
    // 36 astral characters = 72 UTF-16 units = 144 bytes: still a valid identifier.
    const res = await call(sandbox, profilePath('getProfile'), { customerIdentification: '😀'.repeat(36) });
    expect(res.status).toBe(200);
  });

  describe('updateProfile customerData', () => {
    const update = (customerData: unknown, more: object = {}) => ({ ...ZOE, customerData, ...more });

    it('requires customerData as an object', async () => {
      await expectInvalid('updateProfile', { ...ZOE }, 'customerData');
      await expectInvalid('updateProfile', update(null), 'customerData');
      await expectInvalid('updateProfile', update('Zoë'), 'customerData');
      await expectInvalid('updateProfile', update([]), 'customerData');
    });

    it.each([
      ['email', 'not-an-email'],
      ['email', 'a@b'],
      ['email', `${'a'.repeat(250)}@example.com`],
      ['billingCountry', 'at'],
      ['billingCountry', 'AUT'],
      ['billingCountry', 'A1'],
      ['birthDate', '1990-02-30'],
      ['birthDate', '12.04.1990'],
      ['birthDate', '1990-4-12'],
      ['gender', 'X'],
      ['gender', 'male'],
      ['ipAddress', '300.1.1.1'],
      ['ipAddress', 'localhost'],
      ['lastName', 42],
      ['billingCity', { city: 'Graz' }],
    ])('rejects customerData.%s = %j', async (field, value) => {
      await expectInvalid('updateProfile', update({ [field]: value }), `customerData.${field}`);
    });

    it.each([
      ['firstName', 50],
      ['lastName', 50],
      ['billingAddress1', 50],
      ['billingAddress2', 50],
      ['billingCity', 50],
      ['billingPostcode', 16],
      ['billingState', 30],
      ['billingPhone', 20],
      ['company', 50],
      ['nationalId', 14],
    ])('limits customerData.%s to %i characters', async (field, max) => {
      await expectInvalid('updateProfile', update({ [field]: 'ä'.repeat(max + 1) }), `customerData.${field}`);
      const ok = await call(sandbox, profilePath('updateProfile'), update({ [field]: 'ä'.repeat(max) }));
      expect(ok.status).toBe(200);
      await sandbox.reset();
    });

    it('accepts valid special formats', async () => {
      const res = await call(
        sandbox,
        profilePath('updateProfile'),
        update({ birthDate: '2000-02-29', ipAddress: '2001:db8::1', email: 'zoë@exämple.at', gender: 'M', billingCountry: 'DE' }),
      );
      expect(res.status).toBe(200);
      await sandbox.reset();
    });

    it('rejects extraData with a non-string value', async () => {
      await expectInvalid('updateProfile', update({ extraData: { points: 12 } }), 'customerData.extraData.points');
      await expectInvalid('updateProfile', update({ extraData: { nested: { a: 'b' } } }), 'customerData.extraData.nested');
    });

    it('rejects extraData that is not an object (a non-empty array, a string)', async () => {
      await expectInvalid('updateProfile', update({ extraData: ['a'] }), 'customerData.extraData');
      await expectInvalid('updateProfile', update({ extraData: 'a=b' }), 'customerData.extraData');
    });

    it('rejects an unknown customerData key', async () => {
      await expectInvalid('updateProfile', update({ shippingCity: 'Graz' }), 'customerData.shippingCity');
      await expectInvalid('updateProfile', update({ identification: 'x' }), 'customerData.identification');
    });

    it('accepts the _TYPE discriminator of an echoed customer object, and only "customerData"', async () => {
      const ok = await call(sandbox, profilePath('updateProfile'), update({ _TYPE: 'customerData', lastName: 'Müller' }));
      expect(ok.status).toBe(200);
      await expectInvalid('updateProfile', update({ _TYPE: 'paymentInstrument' }), 'customerData._TYPE');
    });

    it('rejects clearing firstName (required by the schema) but allows omitting it', async () => {
      await expectInvalid('updateProfile', update({ firstName: null }), 'customerData.firstName');
      await expectInvalid('updateProfile', update({ firstName: '' }), 'customerData.firstName');
      const ok = await call(sandbox, profilePath('updateProfile'), update({ lastName: 'Müller' }));
      expect(ok.status).toBe(200);
    });

    it('rejects a preferredInstrument that is not exactly 24 characters', async () => {
      await expectInvalid('updateProfile', update({}, { preferredInstrument: 'pt::0a1b2c3d4e5f6071829' }), 'preferredInstrument');
      await expectInvalid('updateProfile', update({}, { preferredInstrument: 'pt::0a1b2c3d4e5f607182930' }), 'preferredInstrument');
      await expectInvalid('updateProfile', update({}, { preferredInstrument: 24 }), 'preferredInstrument');
    });

    it('changes nothing when a request is rejected', async () => {
      await sandbox.reset();
      await expectInvalid('updateProfile', update({ lastName: 'Changed', email: 'broken' }), 'customerData.email');
      const res = await call(sandbox, profilePath('getProfile'), ZOE);
      expect(res.json().customer.lastName).toBe('Müller');
    });
  });
});
