/** Per-operation profile loading: de-duplication, key priming, bounded fan-out, per-key errors. */
import { createProfileLoaders } from '../../src/graphql/loaders/profile-loaders';
import { createCountingApi, sampleProfile } from './support/counting-api';

const profiles = Array.from({ length: 12 }, (_, i) => sampleProfile(i + 1));
const [p1, p2] = profiles;

describe('createProfileLoaders', () => {
  it('fetches a key repeated in one batch once', async () => {
    const api = createCountingApi(profiles);
    const loaders = createProfileLoaders(api, { concurrency: 8 });
    const results = await Promise.all(Array.from({ length: 5 }, () => loaders.load({ profileGuid: p1.profileGuid })));
    expect(api.calls).toHaveLength(1);
    expect(results.every((r) => r === results[0])).toBe(true);
    expect(results[0]?.customerIdentification).toBe(p1.customerIdentification);
  });

  it('keeps results aligned with 30 refs over 10 distinct keys and calls once per key', async () => {
    const api = createCountingApi(profiles);
    const batches: number[] = [];
    const loaders = createProfileLoaders(api, { concurrency: 8, onBatch: (size) => batches.push(size) });
    const refs = Array.from({ length: 30 }, (_, i) => ({ customerIdentification: profiles[i % 10].customerIdentification! }));
    const results = await Promise.all(refs.map((ref) => loaders.load(ref)));
    expect(api.calls).toHaveLength(10);
    expect(results.map((r) => r?.customerIdentification)).toEqual(refs.map((r) => r.customerIdentification));
    expect(batches).toEqual([10]);
  });

  it('answers the other key of a loaded profile from the cache', async () => {
    const api = createCountingApi(profiles);
    const loaders = createProfileLoaders(api, { concurrency: 8 });
    const byId = await loaders.load({ customerIdentification: p1.customerIdentification! });
    const byGuid = await loaders.load({ profileGuid: p1.profileGuid });
    expect(byGuid).toBe(byId);
    expect(api.calls).toHaveLength(1);
  });

  it('fetches a profile once when one batch asks for it by both keys', async () => {
    const api = createCountingApi(profiles);
    const loaders = createProfileLoaders(api, { concurrency: 8 });
    const [byGuid, byId, other] = await Promise.all([
      loaders.load({ profileGuid: p1.profileGuid }),
      loaders.load({ customerIdentification: p1.customerIdentification! }),
      loaders.load({ profileGuid: p2.profileGuid }),
    ]);
    expect(byGuid).toBe(byId);
    expect(other?.profileGuid).toBe(p2.profileGuid);
    expect(api.calls).toEqual([{ customerIdentification: p1.customerIdentification }, { profileGuid: p2.profileGuid }]);
  });

  it('resolves null for a missing profile without priming anything', async () => {
    const api = createCountingApi(profiles);
    const loaders = createProfileLoaders(api, { concurrency: 8 });
    await expect(loaders.load({ customerIdentification: 'nobody' })).resolves.toBeNull();
    await expect(loaders.load({ customerIdentification: 'nobody' })).resolves.toBeNull();
    expect(api.calls).toHaveLength(1);
    expect(loaders.peek({ customerIdentification: 'nobody' })).toBeUndefined();
  });

  it('bounds the calls in flight per operation', async () => {
    const api = createCountingApi(profiles);
    let open!: () => void;
    api.gate = new Promise((resolve) => (open = resolve));
    const loaders = createProfileLoaders(api, { concurrency: 3 });
    const pending = Promise.all(profiles.map((p) => loaders.load({ profileGuid: p.profileGuid })));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(api.inFlight).toBe(3);
    open();
    const results = await pending;
    expect(api.maxInFlight).toBe(3);
    expect(api.calls).toHaveLength(12);
    expect(results.map((r) => r?.profileGuid)).toEqual(profiles.map((p) => p.profileGuid));
  });

  it('rejects only the slot of a failed key', async () => {
    const api = createCountingApi(profiles);
    api.failing.add(`g:${p2.profileGuid}`);
    const loaders = createProfileLoaders(api, { concurrency: 8 });
    const [ok, failed] = await Promise.allSettled([loaders.load({ profileGuid: p1.profileGuid }), loaders.load({ profileGuid: p2.profileGuid })]);
    expect(ok).toMatchObject({ status: 'fulfilled', value: { profileGuid: p1.profileGuid } });
    expect(failed).toMatchObject({ status: 'rejected', reason: { code: 'UPSTREAM_UNAVAILABLE' } });
  });

  it('never shares data between two operations', async () => {
    const api = createCountingApi(profiles);
    const first = createProfileLoaders(api, { concurrency: 8 });
    const second = createProfileLoaders(api, { concurrency: 8 });
    await first.load({ profileGuid: p1.profileGuid });
    expect(second.peek({ profileGuid: p1.profileGuid })).toBeUndefined();
    await second.load({ profileGuid: p1.profileGuid });
    expect(api.calls).toHaveLength(2);
  });

  it('replaces a cached profile after an update that leaves the instruments alone', async () => {
    const api = createCountingApi(profiles);
    const loaders = createProfileLoaders(api, { concurrency: 8 });
    await loaders.load({ profileGuid: p1.profileGuid });
    const result = await api.updateProfile({ profileGuid: p1.profileGuid }, { customerData: { lastName: 'Changed' } });
    const updated = loaders.applyUpdate(result, { instrumentsChanged: false });
    expect(updated?.customer?.lastName).toBe('Changed');
    expect(updated?.paymentInstruments).toEqual(p1.paymentInstruments);
    const again = await loaders.load({ customerIdentification: p1.customerIdentification! });
    expect(again).toBe(updated);
    expect(api.calls).toHaveLength(1);
  });

  it('drops a cached profile after an update that changed the instruments', async () => {
    const api = createCountingApi(profiles);
    const loaders = createProfileLoaders(api, { concurrency: 8 });
    await loaders.load({ profileGuid: p1.profileGuid });
    const result = await api.updateProfile({ profileGuid: p1.profileGuid }, { customerData: {} });
    expect(loaders.applyUpdate(result, { instrumentsChanged: true })).toBeUndefined();
    await loaders.load({ customerIdentification: p1.customerIdentification! });
    expect(api.calls).toHaveLength(2);
  });

  it('forgets both keys of a profile known under one', async () => {
    const api = createCountingApi(profiles);
    const loaders = createProfileLoaders(api, { concurrency: 8 });
    await loaders.load({ profileGuid: p1.profileGuid });
    loaders.forget({ profileGuid: p1.profileGuid });
    expect(loaders.peek({ customerIdentification: p1.customerIdentification })).toBeUndefined();
    await loaders.load({ customerIdentification: p1.customerIdentification! });
    expect(api.calls).toHaveLength(2);
  });
});
