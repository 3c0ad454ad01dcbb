/**
 * Seeding the sandbox: the demo profiles' identifiers, adding the demo profiles to a store, plus
 * optional generated `bench-NNNN` profiles for load tests. The demo profiles' data lives in
 * seed-profiles.ts. Everything is invented; the bench cards use a public test PAN's BIN and last
 * four only.
 */
import { emptyCustomer } from './model';
import { seedDefinitions } from './seed-profiles';
import type { SandboxStore } from './store';

/** Identifiers of one seeded profile. */
export interface DemoProfile {
  profileGuid: string;
  customerIdentification: string;
  description: string;
}

let demoProfileList: DemoProfile[] | undefined;

/** The seeded profiles' identifiers, for banners, tests and the control endpoint (built on first use). */
export function demoProfiles(): ReadonlyArray<DemoProfile> {
  demoProfileList ??= seedDefinitions().map(({ profileGuid, customerIdentification, description }) =>
    Object.freeze({ profileGuid, customerIdentification, description }),
  );
  return demoProfileList;
}

/**
 * demoProfiles() as an array-like constant for code written against the former eagerly built
 * one (it is indexed, searched, mapped and destructured). Importing this module builds nothing:
 * the proxy reads through to demoProfiles() on first access.
 */
export const DEMO_PROFILES: ReadonlyArray<DemoProfile> = new Proxy([] as DemoProfile[], {
  get: (_target, key): unknown => Reflect.get(demoProfiles(), key),
  has: (_target, key) => Reflect.has(demoProfiles(), key),
  ownKeys: () => Reflect.ownKeys(demoProfiles()),
  getOwnPropertyDescriptor: (_target, key) => Reflect.getOwnPropertyDescriptor(demoProfiles(), key),
});

/** Adds the demo profiles (with their instruments and register transactions) to the store. */
export function seedStore(store: SandboxStore): void {
  for (const seed of seedDefinitions()) {
    const profile = store.createProfile(seed.customerIdentification, { ...emptyCustomer(), ...seed.customer }, seed.profileGuid);
    for (const item of seed.instruments) {
      store.addRegistration(
        {
          uuid: item.registrationUuid,
          merchantTransactionId: `seed-${item.registrationUuid}`,
          paymentToken: item.paymentToken,
          createdAt: item.createdAt,
          deregistered: false,
        },
        {
          paymentToken: item.paymentToken,
          createdAt: item.createdAt,
          associatedTokenType: item.associatedTokenType ?? null,
          networkTokenStatus: item.networkTokenStatus ?? null,
          details: item.details,
          registrationUuid: item.registrationUuid,
          profileGuid: null,
        },
      );
      const instrument = store.instrument(item.paymentToken);
      if (instrument) store.attach(instrument, profile, item.preferred === true);
    }
  }
}

/**
 * Adds `count` generated profiles `bench-0001`… (one preferred Visa card each) that are not in
 * the store yet. Identifiers are derived from the index, so every run produces the same ones.
 */
export function addBenchProfiles(store: SandboxStore, count: number): number {
  const width = Math.max(4, String(count).length);
  let added = 0;
  for (let i = 1; i <= count; i++) {
    const customerIdentification = `bench-${String(i).padStart(width, '0')}`;
    if (store.findProfile({ customerIdentification })) continue;
    const hex = i.toString(16).padStart(18, '0');
    const profileGuid = `CP-be00-0000-0000-0000-${hex.slice(10, 14)}-${hex.slice(14, 18)}`;
    const profile = store.createProfile(
      customerIdentification,
      { ...emptyCustomer(), firstName: 'Bench', lastName: `User ${i}`, billingCountry: 'AT', email: `${customerIdentification}@example.test` },
      profileGuid,
    );
    const paymentToken = `pt::be${hex}`;
    const uuid = `be${hex}`;
    const createdAt = '2025-01-01 00:00:00';
    store.addRegistration(
      { uuid, merchantTransactionId: `bench-${uuid}`, paymentToken, createdAt, deregistered: false },
      {
        paymentToken,
        createdAt,
        associatedTokenType: null,
        networkTokenStatus: null,
        details: {
          kind: 'card',
          brand: 'visa',
          cardHolder: `Bench User ${i}`,
          expiryMonth: 12,
          expiryYear: 2030,
          firstSixDigits: '411111',
          lastFourDigits: '1111',
        },
        registrationUuid: uuid,
        profileGuid: null,
      },
    );
    const instrument = store.instrument(paymentToken);
    if (instrument) store.attach(instrument, profile, true);
    added++;
  }
  return added;
}
