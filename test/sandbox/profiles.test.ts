/**
 * getProfile / updateProfile / deleteProfile semantics: the documented response shapes and quirks,
 * merge-update with exact changedFields, null clearing, preferred instrument rules, not-found.
 */
import { DEMO_PROFILES, type RunningSandbox } from '../../src/sandbox/server';
import { call, profilePath, useDemoSandbox } from './helpers';

const MIRA = { customerIdentification: 'shop-user-000417' };
const ZOE = { customerIdentification: 'cust-0001' };
const CUSTOMER_KEYS = [
  '_TYPE',
  'firstName',
  'lastName',
  'birthDate',
  'gender',
  'billingAddress1',
  'billingAddress2',
  'billingCity',
  'billingPostcode',
  'billingState',
  'billingCountry',
  'billingPhone',
  'company',
  'email',
  'ipAddress',
  'nationalId',
  'extraData',
];

describe('sandbox profile operations', () => {
  let sandbox: RunningSandbox;
  useDemoSandbox((started) => (sandbox = started));

  const get = async (ref: object) => (await call(sandbox, profilePath('getProfile'), ref)).json();
  const update = (body: object) => call(sandbox, profilePath('updateProfile'), body);

  describe('getProfile', () => {
    it('returns the full documented shape (the API reference example profile)', async () => {
      const res = await call(sandbox, profilePath('getProfile'), MIRA);
      expect(res.status).toBe(200);
      expect(res.json()).toEqual({
        success: true,
        profileExists: true,
        profileGuid: 'CP-7a1e-33b0-5c9d-4e21-b8f0-0c6d',
        customerIdentification: 'shop-user-000417',
        preferredMethod: 'Creditcard',
        customer: {
          _TYPE: 'customerData',
          firstName: 'Mira',
          lastName: 'Kovac',
          birthDate: '1988-07-14',
          gender: 'F',
          billingAddress1: 'Lindengasse 12',
          billingAddress2: null,
          billingCity: 'Graz',
          billingPostcode: '8010',
          billingState: 'Styria',
          billingCountry: 'AT',
          billingPhone: '+43 6641234567',
          company: null,
          email: 'mira.kovac@example.net',
          ipAddress: '203.0.113.45',
          nationalId: null,
          extraData: { loyaltyTier: 'gold' },
        },
        paymentInstruments: [
          {
            _TYPE: 'paymentInstrument',
            method: 'card',
            paymentToken: 'pt::4f0c2d9e81b7a65c3e10',
            createdAt: '2024-11-05 14:03:51',
            isPreferred: true,
            associatedTokenType: null,
            paymentData: {
              _TYPE: 'paymentData.card',
              brand: 'mastercard',
              cardHolder: 'Mira Kovac',
              expiryMonth: 9,
              expiryYear: 2029,
              firstSixDigits: '520000',
              lastFourDigits: '0007',
            },
          },
          {
            _TYPE: 'paymentInstrument',
            method: 'iban',
            paymentToken: 'pt::9b21e0c4d7f35a8e6c02',
            createdAt: '2025-01-20 08:41:10',
            isPreferred: false,
            associatedTokenType: null,
            paymentData: {
              _TYPE: 'paymentData.iban',
              iban: 'AT611904300234573201',
              bic: null,
              mandateId: 'MND-2025-0042',
              mandateDate: '2025-01-20 00:00:00',
            },
          },
          {
            _TYPE: 'paymentInstrument',
            method: 'wallet',
            paymentToken: 'pt::c3e8a17f02d94b6e5a11',
            createdAt: '2025-02-02 19:12:00',
            isPreferred: false,
            associatedTokenType: null,
            paymentData: {
              _TYPE: 'paymentData.wallet',
              walletReferenceId: 'BA-5TJ72913HX884210L',
              walletType: 'paypal',
              walletOwner: 'mira.k@example.net',
              walletOwnerFirstName: 'Mira',
              walletOwnerLastName: 'Kovac',
              walletOwnerCountryCode: 'AT',
              walletRegistrationId: 'e52b7c0d19a4f6e83d21',
            },
          },
        ],
      });
    });

    it('finds a profile by profileGuid as well', async () => {
      const body = await get({ profileGuid: 'CP-7a1e-33b0-5c9d-4e21-b8f0-0c6d' });
      expect(body.customerIdentification).toBe('shop-user-000417');
    });

    it('lists every customer key in API order, null when unset', async () => {
      const body = await get({ customerIdentification: 'cust-0005' });
      expect(Object.keys(body.customer)).toEqual(CUSTOMER_KEYS);
      expect(body.customer.birthDate).toBeNull();
      expect(body.customer.company).toBeNull();
    });

    it('serialises an empty extraData as [] like the platform, and no instruments as []', async () => {
      const res = await call(sandbox, profilePath('getProfile'), { customerIdentification: 'cust-0005' });
      expect(res.text).toContain('"extraData":[]');
      const body = res.json();
      expect(body.customer.extraData).toEqual([]);
      expect(body.paymentInstruments).toEqual([]);
      expect(body.preferredMethod).toBeNull();
    });

    it('adds networkTokenStatus only to instruments with a network token', async () => {
      const jose = await get({ customerIdentification: 'cust-0002' });
      expect(jose.paymentInstruments[0]).toMatchObject({
        associatedTokenType: 'network',
        networkTokenStatus: 'active',
        paymentData: { brand: 'amex' },
      });
      const amelie = await get({ customerIdentification: 'cust-0006' });
      for (const instrument of amelie.paymentInstruments) expect(instrument).not.toHaveProperty('networkTokenStatus');
      expect(amelie.paymentInstruments.map((i: { associatedTokenType: string }) => i.associatedTokenType)).toEqual(['applepay', 'googlepay']);
    });

    it('keeps unicode names intact', async () => {
      expect((await get({ customerIdentification: 'cust-0002' })).customer).toMatchObject({ firstName: 'José', lastName: 'Ñúñez' });
      expect((await get({ customerIdentification: 'cust-0003' })).customer).toMatchObject({ firstName: 'Łukasz', lastName: 'Żółć' });
      expect((await get({ customerIdentification: 'cust-0004' })).customer).toMatchObject({ firstName: '太郎', lastName: '山田' });
    });

    it('names the preferred method of IBAN and wallet profiles', async () => {
      expect((await get({ customerIdentification: 'cust-0003' })).preferredMethod).toBe('DirectDebit');
      expect((await get({ customerIdentification: 'cust-0004' })).preferredMethod).toBe('Paypal');
    });

    it('answers a missing profile with the documented HTTP 200 not-found body', async () => {
      for (const ref of [{ customerIdentification: 'nobody' }, { profileGuid: 'CP-0000-0000-0000-0000-0000-0000' }]) {
        const res = await call(sandbox, profilePath('getProfile'), ref);
        expect(res.status).toBe(200);
        expect(res.json()).toEqual({
          success: false,
          profileExists: false,
          profileGuid: null,
          customerIdentification: null,
          preferredMethod: null,
          customer: null,
          paymentInstruments: [],
        });
      }
    });

    it('serves every demo profile, with identifiers shaped like the platform’s', async () => {
      expect(DEMO_PROFILES.length).toBeGreaterThanOrEqual(7);
      for (const demo of DEMO_PROFILES) {
        expect(demo.profileGuid).toMatch(/^CP(-[0-9a-f]{4}){6}$/);
        expect(demo.profileGuid).toHaveLength(32);
        const body = await get({ profileGuid: demo.profileGuid });
        expect(body).toMatchObject({ success: true, customerIdentification: demo.customerIdentification });
        for (const instrument of body.paymentInstruments) {
          expect(instrument.paymentToken).toMatch(/^pt::[0-9a-f]{20}$/);
          expect(instrument.createdAt).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
        }
        expect(body.paymentInstruments.filter((i: { isPreferred: boolean }) => i.isPreferred).length).toBeLessThanOrEqual(1);
      }
    });
  });

  describe('updateProfile', () => {
    it('answers the documented shape with the updated customer', async () => {
      const res = await update({ ...ZOE, customerData: { lastName: 'Müller-Berg' } });
      expect(res.status).toBe(200);
      const body = res.json();
      expect(Object.keys(body)).toEqual(['success', 'profileGuid', 'customerIdentification', 'customer', 'changedFields']);
      expect(body).toMatchObject({
        success: true,
        profileGuid: 'CP-3f9a-1c7e-0b52-4d86-a9e1-7c20',
        customerIdentification: 'cust-0001',
        changedFields: ['lastName'],
      });
      expect(Object.keys(body.customer)).toEqual(CUSTOMER_KEYS);
      expect(body.customer).toMatchObject({ _TYPE: 'customerData', firstName: 'Zoë', lastName: 'Müller-Berg', billingCity: 'Wien' });
    });

    it('merges: omitted keys keep their values', async () => {
      await update({ ...ZOE, customerData: { billingCity: 'Graz' } });
      const body = await get(ZOE);
      expect(body.customer).toMatchObject({ firstName: 'Zoë', lastName: 'Müller', billingCity: 'Graz', email: 'zoe.mueller@example.com' });
    });

    it('lists exactly the fields whose value changed, in API order', async () => {
      const res = await update({
        ...ZOE,
        customerData: { email: 'zoe@example.org', firstName: 'Zoë', billingCity: 'Wien', lastName: 'Berg', gender: 'F', company: 'ACME' },
      });
      expect(res.json().changedFields).toEqual(['lastName', 'company', 'email']);
    });

    it('lists nothing when every value is already set', async () => {
      const res = await update({
        ...ZOE,
        customerData: {
          firstName: 'Zoë',
          lastName: 'Müller',
          billingAddress2: null,
          extraData: { website: 'https://zoe.example/profile', loyaltyTier: 'gold' },
        },
      });
      expect(res.status).toBe(200);
      expect(res.json().changedFields).toEqual([]);
    });

    it('clears a field with null or "" and reports it', async () => {
      const res = await update({ ...ZOE, customerData: { billingCity: null, billingPhone: '' } });
      const body = res.json();
      expect(body.changedFields).toEqual(['billingCity', 'billingPhone']);
      expect(body.customer).toMatchObject({ billingCity: null, billingPhone: null });
      expect((await get(ZOE)).customer).toMatchObject({ billingCity: null, billingPhone: null });
    });

    it('replaces extraData as a whole; [] or null clears it (answered as [])', async () => {
      const replaced = (await update({ ...ZOE, customerData: { extraData: { segment: 'b2c' } } })).json();
      expect(replaced.changedFields).toEqual(['extraData']);
      expect(replaced.customer.extraData).toEqual({ segment: 'b2c' });
      const cleared = (await update({ ...ZOE, customerData: { extraData: [] } })).json();
      expect(cleared.changedFields).toEqual(['extraData']);
      expect(cleared.customer.extraData).toEqual([]);
      const again = (await update({ ...ZOE, customerData: { extraData: null } })).json();
      expect(again.changedFields).toEqual([]);
    });

    it('round-trips a fetched customer unchanged (as the PHP client does when echoing it back)', async () => {
      const fetched = (await get(MIRA)).customer;
      const res = await update({ ...MIRA, customerData: fetched });
      expect(res.status).toBe(200);
      expect(res.json().changedFields).toEqual([]);
    });

    it('accepts the PHP client’s json_encode escapes and unicode', async () => {
      const body =
        '{"customerIdentification":"cust-0001","customerData":{"firstName":"Zo\\u00eb","lastName":"M\\u00fcller","extraData":{"website":"https:\\/\\/zoe.example\\/x"}}}';
      const res = await call(sandbox, profilePath('updateProfile'), body);
      expect(res.json().changedFields).toEqual(['extraData']);
      expect(res.json().customer.extraData).toEqual({ website: 'https://zoe.example/x' });
    });

    it('sets the preferred instrument of the profile without listing it in changedFields', async () => {
      const res = await update({ ...MIRA, customerData: {}, preferredInstrument: 'pt::9b21e0c4d7f35a8e6c02' });
      expect(res.status).toBe(200);
      expect(res.json().changedFields).toEqual([]);
      const body = await get(MIRA);
      expect(body.preferredMethod).toBe('DirectDebit');
      expect(body.paymentInstruments.map((i: { isPreferred: boolean }) => i.isPreferred)).toEqual([false, true, false]);
    });

    it('rejects a preferredInstrument of another profile with 422/1006 and changes nothing', async () => {
      const res = await update({ ...MIRA, customerData: { lastName: 'Changed' }, preferredInstrument: 'pt::0a1b2c3d4e5f60718293' });
      expect(res.status).toBe(422);
      expect(res.json()).toEqual({ success: false, errorMessage: expect.stringContaining('preferredInstrument'), errorCode: 1006, details: null });
      const body = await get(MIRA);
      expect(body.customer.lastName).toBe('Kovac');
      expect(body.preferredMethod).toBe('Creditcard');
    });

    it('rejects an unknown paymentToken as preferredInstrument with 422/1006', async () => {
      const res = await update({ ...MIRA, customerData: {}, preferredInstrument: 'pt::ffffffffffffffffffff' });
      expect(res.status).toBe(422);
      expect(res.json().errorCode).toBe(1006);
    });

    it('answers a missing profile with HTTP 200 and the 1002 error object (default form; both forms: missing-profile.test.ts)', async () => {
      const res = await update({ customerIdentification: 'nobody', customerData: { lastName: 'X' } });
      expect(res.status).toBe(200);
      expect(res.json()).toEqual({ success: false, errorMessage: 'Customer profile not found', errorCode: 1002, details: null });
    });
  });

  describe('deleteProfile', () => {
    it('deletes by customerIdentification; the profile is gone afterwards', async () => {
      const res = await call(sandbox, profilePath('deleteProfile'), ZOE);
      expect(res.status).toBe(200);
      expect(res.json()).toEqual({ success: true });
      expect((await get(ZOE)).profileExists).toBe(false);
    });

    it('deletes by profileGuid', async () => {
      const res = await call(sandbox, profilePath('deleteProfile'), { profileGuid: 'CP-e7a5-914c-bd36-7caf-f4b8-50cb' });
      expect(res.json()).toEqual({ success: true });
      expect((await get({ customerIdentification: 'cust-0005' })).profileExists).toBe(false);
    });

    it('answers a missing (or already deleted) profile with HTTP 200 and the 1002 error object (default form)', async () => {
      await call(sandbox, profilePath('deleteProfile'), ZOE);
      const res = await call(sandbox, profilePath('deleteProfile'), ZOE);
      expect(res.status).toBe(200);
      expect(res.json()).toEqual({ success: false, errorMessage: 'Customer profile not found', errorCode: 1002, details: null });
    });
  });
});
