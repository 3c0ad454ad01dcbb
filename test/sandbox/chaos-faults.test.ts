/**
 * Fault injection for a chaos soak: writes whose answer is lost after they were applied
 * (applied-then-reset / applied-then-502), seeded random fault mixes, per-mode fault counts, the
 * applied-writes journal a ledger can query, and duplicate-write counting.
 */
import type { RunningSandbox } from '../../src/sandbox/server';
import { call, control, profilePath, useDemoSandbox, transactionPath } from './helpers';

const ZOE = { customerIdentification: 'cust-0001' };

describe('sandbox chaos faults', () => {
  let sandbox: RunningSandbox;
  useDemoSandbox((started) => (sandbox = started));

  const get = async (ref: object) => (await call(sandbox, profilePath('getProfile'), ref)).json();
  const update = (body: object) => call(sandbox, profilePath('updateProfile'), body);
  const register = (body: object) => call(sandbox, transactionPath('register'), body);

  describe('lost answers after apply', () => {
    it('applied-then-reset: the update is applied, the connection is reset, the journal knows', async () => {
      expect((await control(sandbox, 'POST', 'faults', { mode: 'applied-then-reset', operation: 'updateProfile', count: 1 })).status).toBe(201);
      await expect(update({ ...ZOE, customerData: { lastName: 'Lost' } })).rejects.toThrow();
      expect((await get(ZOE)).customer.lastName).toBe('Lost');
      const stats = sandbox.stats();
      expect(stats.faults['applied-then-reset']).toBe(1);
      expect(stats.applied.updateProfile).toBe(1);
      expect(sandbox.writes({ customerIdentification: 'cust-0001' })).toEqual({
        writes: [
          {
            seq: 1,
            at: expect.any(String),
            operation: 'updateProfile',
            customerIdentification: 'cust-0001',
            profileGuid: 'CP-3f9a-1c7e-0b52-4d86-a9e1-7c20',
            duplicate: false,
            answer: 'lost-reset',
          },
        ],
        dropped: 0,
      });
    });

    it('applied-then-502: the register is applied and answered by a bare 502; a retry counts as duplicate', async () => {
      sandbox.faults.add({ mode: 'applied-then-502', operation: 'register', count: 1 });
      const body = { merchantTransactionId: 'chaos-reg-1', transactionToken: 'tok_visa', customerProfileData: { customerIdentification: 'chaos-1' } };
      const lost = await register(body);
      expect(lost.status).toBe(502);
      expect(lost.headers['content-type']).toMatch(/^text\/plain/);
      expect(lost.text).toBe('Bad Gateway');
      expect((await get({ customerIdentification: 'chaos-1' })).paymentInstruments).toHaveLength(1);

      const ledger = await control(sandbox, 'GET', 'writes?merchantTransactionId=chaos-reg-1');
      const [entry] = ledger.json().writes;
      expect(entry).toMatchObject({ operation: 'register', customerIdentification: 'chaos-1', answer: 'lost-502', duplicate: false });
      expect(entry.transactionUuid).toMatch(/^[0-9a-f]{20}$/);
      expect(entry.paymentToken).toMatch(/^pt::/);
      expect(entry.profileGuid).toHaveLength(32);

      // The retry is applied again (a second instrument) and counted as a duplicate.
      expect((await register(body)).json().success).toBe(true);
      expect((await get({ customerIdentification: 'chaos-1' })).paymentInstruments).toHaveLength(2);
      expect(sandbox.stats().duplicateWrites).toEqual({ register: 1, updateProfile: 0, total: 1 });
      expect(sandbox.writes({ merchantTransactionId: 'chaos-reg-1' }).writes.map((w) => [w.answer, w.duplicate])).toEqual([
        ['lost-502', false],
        ['sent', true],
      ]);
    });

    it('fires only on writes: with operation "*" reads pass and keep the count', async () => {
      sandbox.faults.add({ mode: 'applied-then-502', count: 1 });
      expect((await call(sandbox, profilePath('getProfile'), ZOE)).status).toBe(200);
      expect(sandbox.faults.list()).toHaveLength(1);
      expect((await call(sandbox, profilePath('deleteProfile'), { customerIdentification: 'cust-0005' })).status).toBe(502);
      expect((await get({ customerIdentification: 'cust-0005' })).profileExists).toBe(false);
      expect(sandbox.writes({ operation: 'deleteProfile' }).writes).toHaveLength(1);
    });

    it('loses the answer of a write that was not applied too, and journals nothing', async () => {
      sandbox.faults.add({ mode: 'applied-then-502', operation: 'updateProfile', count: 2 });
      expect((await update({ ...ZOE, customerData: { gender: 'X' } })).status).toBe(502);
      expect((await update({ customerIdentification: 'nobody', customerData: { lastName: 'X' } })).status).toBe(502);
      expect(sandbox.stats()).toMatchObject({ applied: { updateProfile: 0 }, faults: { 'applied-then-502': 2 } });
      expect(sandbox.writes().writes).toEqual([]);
    });

    it('refuses a lost-answer mode aimed at getProfile', async () => {
      const res = await control(sandbox, 'POST', 'faults', { mode: 'applied-then-reset', operation: 'getProfile' });
      expect(res.status).toBe(400);
      expect(res.json().errorMessage).toContain('write');
    });
  });

  describe('journal and duplicates', () => {
    it('journals every applied write with its keys, filterable over HTTP and programmatically', async () => {
      const reg = (await register({ merchantTransactionId: 'j-1', transactionToken: 'tok_mastercard' })).json();
      await call(sandbox, profilePath('attachPaymentInstrument'), { transactionUuid: reg.uuid, customerIdentification: 'cust-0005' });
      await call(sandbox, profilePath('detachPaymentInstrument'), { transactionUuid: reg.uuid, customerIdentification: 'cust-0005' });
      await call(sandbox, transactionPath('deregister'), { merchantTransactionId: 'j-2', referenceUuid: reg.uuid });
      await update({ ...ZOE, customerData: { lastName: 'J' } });
      await call(sandbox, profilePath('deleteProfile'), ZOE);
      await update({ customerIdentification: 'nobody', customerData: { lastName: 'X' } }); // not applied
      expect(sandbox.stats().applied).toEqual({
        updateProfile: 1,
        deleteProfile: 1,
        attachPaymentInstrument: 1,
        detachPaymentInstrument: 1,
        register: 1,
        deregister: 1,
      });
      const byUuid = (await control(sandbox, 'GET', `writes?transactionUuid=${reg.uuid}`)).json().writes;
      expect(byUuid.map((w: { operation: string }) => w.operation)).toEqual([
        'register',
        'attachPaymentInstrument',
        'detachPaymentInstrument',
        'deregister',
      ]);
      expect(byUuid[1]).toMatchObject({
        profileGuid: 'CP-e7a5-914c-bd36-7caf-f4b8-50cb',
        customerIdentification: 'cust-0005',
        paymentToken: expect.stringMatching(/^pt::/),
      });
      expect(byUuid.map((w: { seq: number }) => w.seq)).toEqual([1, 2, 3, 4]);
      expect(sandbox.writes({ profileGuid: 'CP-3f9a-1c7e-0b52-4d86-a9e1-7c20' }).writes.map((w) => w.operation)).toEqual([
        'updateProfile',
        'deleteProfile',
      ]);
      expect(sandbox.writes({ operation: 'deregister', merchantTransactionId: 'j-2' }).writes).toHaveLength(1);
      expect((await control(sandbox, 'GET', 'writes?colour=red')).status).toBe(400);
      expect((await control(sandbox, 'GET', 'writes?operation=getProfile')).status).toBe(400);
    });

    it('counts an identical update body applied twice in a row to the same profile as a duplicate', async () => {
      const body = { ...ZOE, customerData: { lastName: 'Same' } };
      await update(body);
      await update(body);
      await update({ ...ZOE, customerData: { lastName: 'Other' } });
      await update(body);
      await update({ customerIdentification: 'shop-user-000417', customerData: { lastName: 'Same' } });
      expect(sandbox.stats().duplicateWrites).toEqual({ register: 0, updateProfile: 1, total: 1 });
      expect(sandbox.writes({ operation: 'updateProfile' }).writes.map((w) => w.duplicate)).toEqual([false, true, false, false, false]);
    });

    it('forgets the journal with the stats', async () => {
      await update({ ...ZOE, customerData: { lastName: 'Q' } });
      expect((await control(sandbox, 'POST', 'stats/reset')).status).toBe(200);
      expect(sandbox.writes()).toEqual({ writes: [], dropped: 0 });
      expect(sandbox.stats().applied.updateProfile).toBe(0);
    });
  });

  describe('random fault mixes', () => {
    const statuses = async (count: number) => {
      const out: string[] = [];
      for (let i = 0; i < count; i++) {
        const res = await call(sandbox, profilePath('getProfile'), ZOE);
        out.push(res.status === 200 && res.text.includes('hello') ? 'wrong-shape' : String(res.status));
      }
      return out;
    };

    it('is deterministic for a seed and injects roughly the asked share', async () => {
      const spec = { probability: 0.3, modes: ['500', 'wrong-shape', '429'] as const, seed: 20250115 };
      const armed = (await control(sandbox, 'POST', 'faults', spec)).json().fault;
      expect(armed).toMatchObject({ mode: 'random', probability: 0.3, modes: ['500', 'wrong-shape', '429'], seed: 20250115, remaining: null });
      const first = await statuses(60);
      sandbox.faults.clear();
      sandbox.faults.add({ ...spec, modes: [...spec.modes] });
      const second = await statuses(60);
      expect(second).toEqual(first);
      const faulted = first.filter((s) => s !== '200').length;
      expect(faulted).toBeGreaterThan(5);
      expect(faulted).toBeLessThan(40);
      expect(new Set(first)).toEqual(new Set(['200', '500', 'wrong-shape', '429']));
      const { faults } = sandbox.stats();
      expect(faults['500'] + faults['wrong-shape'] + faults['429']).toBe(2 * faulted);
      expect(faults.hang).toBe(0);
    });

    it('reports the seed it chose, so a run can be replayed', async () => {
      const { seed } = sandbox.faults.add({ probability: 0.5, modes: ['500'] });
      expect(Number.isInteger(seed)).toBe(true);
      const first = await statuses(30);
      sandbox.faults.clear();
      sandbox.faults.add({ probability: 0.5, modes: ['500'], seed });
      expect(await statuses(30)).toEqual(first);
    });

    it('with count, injects exactly that many faults and disarms', async () => {
      sandbox.faults.add({ probability: 1, modes: ['500'], count: 3, seed: 1 });
      expect(await statuses(5)).toEqual(['500', '500', '500', '200', '200']);
      expect(sandbox.faults.list()).toEqual([]);
    });

    it('draws write-only modes for writes only', async () => {
      sandbox.faults.add({ probability: 1, modes: ['applied-then-502'], seed: 7 });
      expect((await call(sandbox, profilePath('getProfile'), ZOE)).status).toBe(200);
      expect((await update({ ...ZOE, customerData: { lastName: 'R' } })).status).toBe(502);
      expect(sandbox.writes({ operation: 'updateProfile' }).writes[0].answer).toBe('lost-502');
    });

    it.each([
      [{ probability: 0, modes: ['500'] }],
      [{ probability: 1.5, modes: ['500'] }],
      [{ probability: 0.5, modes: [] }],
      [{ probability: 0.5, modes: ['explode'] }],
      [{ probability: 0.5 }],
      [{ mode: '500', probability: 0.5, modes: ['500'] }],
      [{ probability: 0.5, modes: ['500'], seed: -1 }],
      [{ probability: 0.5, modes: ['applied-then-reset'], operation: 'getProfile' }],
    ])('refuses the spec %j with 400', async (spec) => {
      const res = await control(sandbox, 'POST', 'faults', spec);
      expect(res.status).toBe(400);
      expect(res.json()).toMatchObject({ success: false, errorCode: 1002 });
    });
  });
});
