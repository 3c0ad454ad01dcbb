/**
 * The demo identifiers: demoProfiles() builds them on first use; DEMO_PROFILES keeps working as
 * the array-like constant older callers index, search, map and destructure.
 */
import { DEMO_PROFILES, demoProfiles } from '../../src/sandbox/seed';
import { control, startDemoSandbox } from './helpers';

describe('sandbox demo profiles', () => {
  it('DEMO_PROFILES reads through to demoProfiles() like an array', () => {
    const list = demoProfiles();
    expect(demoProfiles()).toBe(list);
    expect(Array.isArray(DEMO_PROFILES)).toBe(true);
    expect(DEMO_PROFILES.length).toBe(list.length);
    expect(DEMO_PROFILES[0]).toBe(list[0]);
    const [first, second] = DEMO_PROFILES;
    expect([first, second]).toEqual(list.slice(0, 2));
    expect([...DEMO_PROFILES]).toEqual([...list]);
    expect(DEMO_PROFILES).toEqual(list);
    expect(DEMO_PROFILES.find((p) => p.customerIdentification === 'shop-user-000417')?.profileGuid).toBe('CP-7a1e-33b0-5c9d-4e21-b8f0-0c6d');
    expect(DEMO_PROFILES.map((p) => p.customerIdentification)).toContain('cust-0001');
    expect(JSON.parse(JSON.stringify(DEMO_PROFILES))).toEqual(list);
    expect(Object.keys(DEMO_PROFILES)).toEqual(Object.keys(list));
    expect(Object.isFrozen(list[0])).toBe(true);
  });

  it('lists exactly the profiles a fresh sandbox is seeded with', async () => {
    const sandbox = await startDemoSandbox();
    try {
      const { profiles } = (await control(sandbox, 'GET', 'profiles')).json();
      expect(
        profiles.map((p: { profileGuid: string; customerIdentification: string; description: string }) => ({ ...p, instruments: undefined })),
      ).toEqual(demoProfiles().map((p) => ({ ...p, instruments: undefined })));
    } finally {
      await sandbox.close();
    }
  });
});
