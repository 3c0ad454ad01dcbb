/**
 * A counting stand-in for the upstream interface, for loader unit tests only (end-to-end tests
 * use the real client against the sandbox). Calls can be held open to observe concurrency.
 */
import { ProfileNotFoundError, UpstreamUnavailableError } from '../../../src/ixopay/errors';
import type { CustomerProfile, ProfileRef, ProfilesApi, UpdateProfileResult } from '../../../src/ixopay/types';

export interface CountingApi extends ProfilesApi {
  calls: ProfileRef[];
  inFlight: number;
  maxInFlight: number;
  /** Keys (`g:`/`c:` form) whose getProfile fails with UPSTREAM_UNAVAILABLE. */
  failing: Set<string>;
  /** When set, getProfile waits for this promise before answering. */
  gate?: Promise<void>;
}

/** A profile with a card instrument, derived from `n`. */
export function sampleProfile(n: number): CustomerProfile {
  const hex = n.toString(16).padStart(4, '0');
  return {
    profileGuid: `CP-0000-0000-0000-0000-0000-${hex}`,
    customerIdentification: `cust-${hex}`,
    preferredMethod: 'Creditcard',
    customer: {
      firstName: `First${n}`,
      lastName: `Last${n}`,
      birthDate: null,
      gender: null,
      billingAddress1: null,
      billingAddress2: null,
      billingCity: null,
      billingPostcode: null,
      billingState: null,
      billingCountry: 'AT',
      billingPhone: null,
      company: null,
      email: null,
      ipAddress: null,
      nationalId: null,
      extraData: {},
    },
    paymentInstruments: [
      {
        paymentToken: `pt::${hex.padStart(20, '0')}`,
        method: 'card',
        createdAt: null,
        isPreferred: true,
        associatedTokenType: null,
        networkTokenStatus: null,
        paymentData: {
          kind: 'card',
          brand: 'visa',
          cardHolder: null,
          expiryMonth: 1,
          expiryYear: 2030,
          firstSixDigits: '411111',
          lastFourDigits: '1111',
        },
      },
    ],
  };
}

export function createCountingApi(profiles: CustomerProfile[]): CountingApi {
  const find = (ref: ProfileRef) =>
    profiles.find((p) =>
      ref.profileGuid !== undefined ? p.profileGuid === ref.profileGuid : p.customerIdentification === ref.customerIdentification,
    ) ?? null;
  const keyOf = (ref: ProfileRef) => (ref.profileGuid !== undefined ? `g:${ref.profileGuid}` : `c:${ref.customerIdentification}`);
  const api: CountingApi = {
    calls: [],
    inFlight: 0,
    maxInFlight: 0,
    failing: new Set(),
    async getProfile(ref) {
      api.calls.push(ref);
      api.inFlight++;
      api.maxInFlight = Math.max(api.maxInFlight, api.inFlight);
      try {
        await (api.gate ?? new Promise((resolve) => setImmediate(resolve)));
        if (api.failing.has(keyOf(ref))) throw new UpstreamUnavailableError('getProfile', 'timeout', 'test');
        return find(ref);
      } finally {
        api.inFlight--;
      }
    },
    async updateProfile(ref, request): Promise<UpdateProfileResult> {
      const profile = find(ref);
      if (!profile) throw new ProfileNotFoundError('updateProfile');
      const customer = { ...profile.customer!, ...request.customerData } as CustomerProfile['customer'];
      return {
        profileGuid: profile.profileGuid,
        customerIdentification: profile.customerIdentification,
        customer,
        changedFields: Object.keys(request.customerData),
      };
    },
    async deleteProfile(ref) {
      if (!find(ref)) throw new ProfileNotFoundError('deleteProfile');
    },
    register: notUsed('register'),
    deregister: notUsed('deregister'),
    attachPaymentInstrument: notUsed('attachPaymentInstrument'),
    detachPaymentInstrument: notUsed('detachPaymentInstrument'),
  };
  return api;
}

/** Transaction and instrument operations: outside what the loader tests exercise. */
function notUsed(operation: string): () => Promise<never> {
  return async () => {
    throw new Error(`${operation} is not part of the counting stand-in`);
  };
}
