/**
 * The benchmark scenarios, each as the GraphQL operation sent to the gateway and the equivalent
 * request to the baseline server (same upstream calls, no GraphQL), plus a check that an answer is
 * complete and right, run on the probe requests before measuring.
 *
 * Scenario 5 depends on earlier answers: each connection registers a card on its bench profile
 * and then removes the instrument it got back, so its requests read and write a per-connection
 * state (`ConnectionState`). Scenario 6 mixes 1, 3 and 4 as a day's traffic might.
 */

/** A generated sandbox profile (`bench-0001`…). */
export interface BenchProfile {
  profileGuid: string;
  customerIdentification: string;
}

/** How many distinct profiles scenarios 2 and 3 address, and how many refs they send. */
export const DISTINCT_PROFILES = 40;
export const REFS_PER_OPERATION = 100;
/** Scenario 5's profiles come after those: bench-0041…, one per connection (modulo this count). */
export const INSTRUMENT_PROFILES = 20;

export type ScenarioId = 1 | 2 | 3 | 4 | 5 | 6;
export const ALL_SCENARIOS: readonly ScenarioId[] = [1, 2, 3, 4, 5, 6];

/** What one connection remembers between its requests (an autocannon `context`); starts empty. */
export type ConnectionState = Record<string, unknown>;

/** One request, ready for autocannon. */
export interface BenchRequest {
  path: string;
  body: string;
}

export interface Scenario {
  id: ScenarioId;
  name: string;
  /** Upstream calls one operation must make (what the baseline makes). */
  expectedUpstreamCalls: number;
  /** True when every request differs (scenario 4 alternates values). */
  varies: boolean;
  /** Sequential probe requests that make up whole cycles of the scenario (default 3). */
  probeOperations?: number;
  /**
   * Requests of one cycle of a connection that keeps state (default 1). The state lasts one cycle:
   * autocannon clears a connection's context whenever it starts over at its first request.
   */
  requestsPerCycle?: number;
  /** The n-th request to the gateway (n counts from 0 across the whole run), from a connection in `state`. */
  gateway(n: number, state: ConnectionState): BenchRequest;
  /** The n-th request to the baseline server. */
  baseline(n: number, state: ConnectionState): BenchRequest;
  /** Throws when a gateway answer is not what the request asked for. */
  checkGateway(n: number, json: any): void;
  /** Throws when a baseline answer is not what the request asked for. */
  checkBaseline(n: number, json: any): void;
  /** Records what an answer means for the connection's next request (scenario 5); the JSON is null when it was no 200. */
  observe?(state: ConnectionState, json: any): void;
}

/** Selection a checkout page needs (scenario 1). */
const CHECKOUT_SELECTION = `
    profileGuid
    customerIdentification
    preferredMethod
    customer { firstName lastName email billingAddress1 billingCity billingPostcode billingCountry }
    preferredInstrument {
      paymentToken
      method
      paymentData {
        ... on CardData { brand lastFourDigits expiryMonth expiryYear }
        ... on IbanData { iban }
        ... on WalletData { walletType walletOwner }
      }
    }
    paymentInstruments { paymentToken method isPreferred }`;

/** Selection per profile for the batch scenarios (2 and 3). */
const LIST_SELECTION = `
    profileGuid
    customerIdentification
    customer { firstName lastName email }
    preferredInstrument { paymentToken method paymentData { ... on CardData { brand lastFourDigits } } }`;

const CHECKOUT_QUERY = `query BenchCheckout($customerIdentification: String!) {
  customerProfile(customerIdentification: $customerIdentification) {${CHECKOUT_SELECTION}
  }
}`;

const PROFILES_QUERY = `query BenchProfiles($refs: [CustomerProfileRef!]!) {
  customerProfiles(refs: $refs) {${LIST_SELECTION}
  }
}`;

const ENTITIES_QUERY = `query BenchEntities($r: [_Any!]!) {
  _entities(representations: $r) {
    ... on CustomerProfile {${LIST_SELECTION}
    }
  }
}`;

const UPDATE_MUTATION = `mutation BenchUpdate($input: UpdateCustomerProfileInput!) {
  updateCustomerProfile(input: $input) {
    changedFields
    profile { profileGuid customerIdentification customer { firstName lastName email } }
  }
}`;

/** Saving a card from a checkout: the new instrument as the profile now holds it (a read after the register). */
const REGISTER_MUTATION = `mutation BenchRegister($input: RegisterPaymentInstrumentInput!) {
  registerPaymentInstrument(input: $input) {
    status
    merchantTransactionId
    paymentInstrument { paymentToken method paymentData { ... on CardData { brand lastFourDigits } } }
  }
}`;

/** Removing it again (the ownership read, then the deregister). */
const REMOVE_MUTATION = `mutation BenchRemove($input: RemovePaymentInstrumentInput!) {
  removePaymentInstrument(input: $input) { removedPaymentToken }
}`;

/** The sandbox's test token for a Visa card that registers at once. */
const TEST_CARD_TOKEN = 'tok_visa';

const graphqlBody = (query: string, variables: Record<string, unknown>, operationName: string) => JSON.stringify({ query, variables, operationName });

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

function noGraphQLErrors(json: any): void {
  if (json?.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(json.errors).slice(0, 600)}`);
}

/** Index of the profile the i-th of the 100 refs addresses: a permutation cycle over all 40. */
const refIndex = (i: number) => (i * 17) % DISTINCT_PROFILES;

/** Scenario 4: request n updates profile n mod 40, alternating firstName so every update changes it. */
const updateTarget = (n: number) => n % DISTINCT_PROFILES;
const updateValue = (n: number) => (Math.floor(n / DISTINCT_PROFILES) % 2 === 0 ? 'Bench A' : 'Bench B');

/** Scenario 6: of every 20 requests, 16 single reads (1), 3 `_entities` batches (3) and 1 update (4). */
const MIX: readonly ScenarioId[] = [1, 1, 1, 1, 3, 1, 1, 1, 1, 4, 1, 1, 1, 1, 3, 1, 1, 1, 1, 3];
const mixed = (n: number): ScenarioId => MIX[n % MIX.length];

/** Scenario 5's state: the connection's profile and the instrument it registered and has not removed yet. */
interface InstrumentState extends ConnectionState {
  profile?: string;
  paymentToken?: string;
}
let nextInstrumentProfile = 0;

/** Builds the scenarios over the generated profiles (at least 40, plus 20 for scenario 5). */
export function buildScenarios(profiles: readonly BenchProfile[], instrumentProfiles: readonly BenchProfile[] = []): Record<ScenarioId, Scenario> {
  if (profiles.length < DISTINCT_PROFILES) throw new Error(`need ${DISTINCT_PROFILES} profiles, got ${profiles.length}`);
  const checkout = profiles[0];
  const refsById = Array.from({ length: REFS_PER_OPERATION }, (_, i) => ({ customerIdentification: profiles[refIndex(i)].customerIdentification }));
  const refsByGuid = Array.from({ length: REFS_PER_OPERATION }, (_, i) => ({ profileGuid: profiles[refIndex(i)].profileGuid }));
  const representations = refsByGuid.map((ref) => ({ __typename: 'CustomerProfile', ...ref }));

  const s1Gateway = {
    path: '/graphql',
    body: graphqlBody(CHECKOUT_QUERY, { customerIdentification: checkout.customerIdentification }, 'BenchCheckout'),
  };
  const s1Baseline = { path: '/scenario/1', body: JSON.stringify({ ref: { customerIdentification: checkout.customerIdentification } }) };
  const s2Gateway = { path: '/graphql', body: graphqlBody(PROFILES_QUERY, { refs: refsById }, 'BenchProfiles') };
  const s2Baseline = { path: '/scenario/2', body: JSON.stringify({ refs: refsById }) };
  const s3Gateway = { path: '/graphql', body: graphqlBody(ENTITIES_QUERY, { r: representations }, 'BenchEntities') };
  const s3Baseline = { path: '/scenario/3', body: JSON.stringify({ refs: refsByGuid }) };

  const checkProfileList = (list: any, field: 'customerIdentification' | 'profileGuid', what: string) => {
    assert(
      Array.isArray(list) && list.length === REFS_PER_OPERATION,
      `${what}: expected ${REFS_PER_OPERATION} results, got ${Array.isArray(list) ? list.length : typeof list}`,
    );
    list.forEach((profile: any, i: number) => {
      const expected = profiles[refIndex(i)][field];
      assert(profile && profile[field] === expected, `${what}[${i}]: expected ${field} ${expected}, got ${JSON.stringify(profile)?.slice(0, 200)}`);
    });
  };

  /** Scenario 5: a connection's profile, assigned on its first request. */
  const instrumentProfileOf = (state: InstrumentState): string => {
    if (instrumentProfiles.length === 0) throw new Error('scenario 5 needs the instrument bench profiles');
    state.profile ??= instrumentProfiles[nextInstrumentProfile++ % instrumentProfiles.length].customerIdentification;
    return state.profile;
  };

  const scenarios: Record<ScenarioId, Scenario> = {
    1: {
      id: 1,
      name: 'customerProfile (checkout selection)',
      expectedUpstreamCalls: 1,
      varies: false,
      gateway: () => s1Gateway,
      baseline: () => s1Baseline,
      checkGateway(_n, json) {
        noGraphQLErrors(json);
        const profile = json?.data?.customerProfile;
        assert(
          profile?.customerIdentification === checkout.customerIdentification,
          `customerProfile: wrong or missing profile: ${JSON.stringify(json).slice(0, 300)}`,
        );
        assert(profile.preferredInstrument?.paymentToken, 'customerProfile: no preferredInstrument');
        assert(profile.preferredInstrument.paymentData?.lastFourDigits, 'customerProfile: no card data');
        assert(Array.isArray(profile.paymentInstruments) && profile.paymentInstruments.length > 0, 'customerProfile: no paymentInstruments');
      },
      checkBaseline(_n, json) {
        assert(
          json?.profile?.customerIdentification === checkout.customerIdentification,
          `baseline 1: wrong answer ${JSON.stringify(json).slice(0, 300)}`,
        );
      },
    },
    2: {
      id: 2,
      name: `customerProfiles (${REFS_PER_OPERATION} refs / ${DISTINCT_PROFILES} profiles)`,
      expectedUpstreamCalls: DISTINCT_PROFILES,
      varies: false,
      gateway: () => s2Gateway,
      baseline: () => s2Baseline,
      checkGateway(_n, json) {
        noGraphQLErrors(json);
        checkProfileList(json?.data?.customerProfiles, 'customerIdentification', 'customerProfiles');
      },
      checkBaseline(_n, json) {
        checkProfileList(json?.profiles, 'customerIdentification', 'baseline 2');
      },
    },
    3: {
      id: 3,
      name: `_entities (${REFS_PER_OPERATION} reps / ${DISTINCT_PROFILES} profiles)`,
      expectedUpstreamCalls: DISTINCT_PROFILES,
      varies: false,
      gateway: () => s3Gateway,
      baseline: () => s3Baseline,
      checkGateway(_n, json) {
        noGraphQLErrors(json);
        checkProfileList(json?.data?._entities, 'profileGuid', '_entities');
      },
      checkBaseline(_n, json) {
        checkProfileList(json?.profiles, 'profileGuid', 'baseline 3');
      },
    },
    4: {
      id: 4,
      name: 'updateCustomerProfile',
      expectedUpstreamCalls: 1,
      varies: true,
      gateway: (n) => ({
        path: '/graphql',
        body: graphqlBody(
          UPDATE_MUTATION,
          { input: { customerIdentification: profiles[updateTarget(n)].customerIdentification, customerData: { firstName: updateValue(n) } } },
          'BenchUpdate',
        ),
      }),
      baseline: (n) => ({
        path: '/scenario/4',
        body: JSON.stringify({
          ref: { customerIdentification: profiles[updateTarget(n)].customerIdentification },
          customerData: { firstName: updateValue(n) },
        }),
      }),
      checkGateway(n, json) {
        noGraphQLErrors(json);
        const payload = json?.data?.updateCustomerProfile;
        assert(
          payload?.profile?.customer?.firstName === updateValue(n),
          `updateCustomerProfile: firstName not updated: ${JSON.stringify(json).slice(0, 300)}`,
        );
        assert(Array.isArray(payload.changedFields), 'updateCustomerProfile: no changedFields');
      },
      checkBaseline(n, json) {
        assert(json?.result?.customer?.firstName === updateValue(n), `baseline 4: firstName not updated: ${JSON.stringify(json).slice(0, 300)}`);
      },
    },
    5: {
      id: 5,
      name: 'registerPaymentInstrument / removePaymentInstrument',
      // register + the read for the payload's instrument; the ownership read + deregister.
      expectedUpstreamCalls: 2,
      varies: true,
      probeOperations: 2,
      requestsPerCycle: 2,
      gateway: (_n, state: InstrumentState) => {
        const customerIdentification = instrumentProfileOf(state);
        return state.paymentToken
          ? {
              path: '/graphql',
              body: graphqlBody(REMOVE_MUTATION, { input: { customerIdentification, paymentToken: state.paymentToken } }, 'BenchRemove'),
            }
          : {
              path: '/graphql',
              body: graphqlBody(REGISTER_MUTATION, { input: { customerIdentification, transactionToken: TEST_CARD_TOKEN } }, 'BenchRegister'),
            };
      },
      baseline: (_n, state: InstrumentState) => {
        const customerIdentification = instrumentProfileOf(state);
        return state.paymentToken
          ? { path: '/scenario/5', body: JSON.stringify({ remove: { ref: { customerIdentification }, paymentToken: state.paymentToken } }) }
          : { path: '/scenario/5', body: JSON.stringify({ register: { ref: { customerIdentification }, transactionToken: TEST_CARD_TOKEN } }) };
      },
      checkGateway(_n, json) {
        noGraphQLErrors(json);
        const registered = json?.data?.registerPaymentInstrument;
        if (registered) {
          assert(registered.status === 'FINISHED', `registerPaymentInstrument: ${JSON.stringify(json).slice(0, 300)}`);
          assert(registered.paymentInstrument?.paymentData?.brand, 'registerPaymentInstrument: no card data');
        } else assert(json?.data?.removePaymentInstrument?.removedPaymentToken, `removePaymentInstrument: ${JSON.stringify(json).slice(0, 300)}`);
      },
      checkBaseline(_n, json) {
        assert(json?.paymentToken || json?.removed, `baseline 5: ${JSON.stringify(json).slice(0, 300)}`);
      },
      observe(state: InstrumentState, json) {
        // Registered (gateway or baseline answer): remove that one next. Removed, or failed: register anew.
        state.paymentToken = json?.data?.registerPaymentInstrument?.paymentInstrument?.paymentToken ?? json?.paymentToken ?? undefined;
      },
    },
    6: {
      id: 6,
      name: 'mixed: 80 % customerProfile, 15 % _entities, 5 % updateCustomerProfile',
      expectedUpstreamCalls: MIX.reduce((sum, id) => sum + (id === 3 ? DISTINCT_PROFILES : 1), 0) / MIX.length,
      varies: true,
      probeOperations: MIX.length,
      gateway: (n, state) => scenarios[mixed(n)].gateway(n, state),
      baseline: (n, state) => scenarios[mixed(n)].baseline(n, state),
      checkGateway: (n, json) => scenarios[mixed(n)].checkGateway(n, json),
      checkBaseline: (n, json) => scenarios[mixed(n)].checkBaseline(n, json),
    },
  };
  return scenarios;
}
