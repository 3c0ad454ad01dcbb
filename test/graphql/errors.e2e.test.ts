/**
 * The error contract end to end: each upstream failure mode (armed as a sandbox fault) maps to
 * its code and extras; bad input is refused before any upstream call; nothing internal leaks.
 */
import { startStack, type Stack } from '../support/stack';
import { MIRA, ZOE, ZOE_CARD_TOKEN } from './support/e2e';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    env: {
      // One attempt per call and no circuit breaking, so each armed fault maps 1:1 to an answer.
      IXOPAY_RETRY_MAX_ATTEMPTS: '1',
      IXOPAY_CIRCUIT_FAILURE_THRESHOLD: '1000',
      IXOPAY_TIMEOUT_MS: '300',
      // One call in flight per operation: the first ref of a batch is the one a count-1 fault hits.
      LOADER_CONCURRENCY: '1',
      MAX_PROFILE_REFS: '5',
      MAX_ENTITY_REPRESENTATIONS: '3',
    },
  });
});
afterAll(() => stack?.close());
beforeEach(() => stack.sandbox.reset());

const READ = 'query($id: String) { customerProfile(customerIdentification: $id) { profileGuid } }';
const UPDATE = 'mutation($input: UpdateCustomerProfileInput!) { updateCustomerProfile(input: $input) { changedFields } }';

/** No stack trace, no upstream URL or credentials, in any error. */
function expectNothingInternal(body: unknown): void {
  const text = JSON.stringify(body);
  for (const leak of ['stacktrace', '/api/v3', 'demo-api-key', 'customerProfiles/', '127.0.0.1', 'anyApiUser']) expect(text).not.toContain(leak);
}

describe('upstream failures', () => {
  it.each([
    ['HTTP 500', '500'],
    ['a hanging upstream', 'hang'],
    ['malformed JSON', 'malformed'],
    ['a reset connection', 'reset-connection'],
  ] as const)('maps %s to UPSTREAM_UNAVAILABLE', async (_label, mode) => {
    stack.sandbox.faults.add({ mode, operation: 'getProfile' });
    const { status, body } = await stack.graphql(READ, { id: ZOE.customerIdentification });
    expect(status).toBe(200);
    expect(body.data).toEqual({ customerProfile: null });
    expect(body.errors).toEqual([
      {
        message: 'IXOPAY is unavailable; try again later',
        path: ['customerProfile'],
        locations: expect.any(Array),
        extensions: { code: 'UPSTREAM_UNAVAILABLE' },
      },
    ]);
    expectNothingInternal(body);
  });

  it('maps HTTP 429 to UPSTREAM_RATE_LIMITED with retryAfterSeconds', async () => {
    // Its own stack: a 429 starts a cool-down every later call of that gateway honours.
    const throttled = await startStack({ env: { IXOPAY_RETRY_MAX_ATTEMPTS: '1' } });
    try {
      throttled.sandbox.faults.add({ mode: '429', operation: 'getProfile', retryAfterSeconds: 7 });
      const { body } = await throttled.graphql(READ, { id: ZOE.customerIdentification });
      expect(body.errors?.[0].extensions).toEqual({ code: 'UPSTREAM_RATE_LIMITED', retryAfterSeconds: 7 });
      expectNothingInternal(body);
    } finally {
      await throttled.close();
    }
  });

  it('maps an API rejection to UPSTREAM_REJECTED with upstreamErrorCode', async () => {
    // A real token of another profile: valid input, but IXOPAY refuses it for this profile.
    const { body } = await stack.graphql(UPDATE, {
      input: { profileGuid: MIRA.profileGuid, customerData: {}, preferredInstrument: ZOE_CARD_TOKEN },
    });
    expect(body.data).toBeNull();
    expect(body.errors).toEqual([
      expect.objectContaining({
        message: 'IXOPAY rejected the request (errorCode 1006)',
        extensions: { code: 'UPSTREAM_REJECTED', upstreamErrorCode: 1006 },
      }),
    ]);
    expect(JSON.stringify(body)).not.toContain('not a payment instrument');
  });

  it('fails only the affected ref of customerProfiles', async () => {
    stack.sandbox.faults.add({ mode: '500', operation: 'getProfile', count: 1 });
    const { body } = await stack.graphql('query($refs: [CustomerProfileRef!]!) { customerProfiles(refs: $refs) { customerIdentification } }', {
      refs: [{ customerIdentification: ZOE.customerIdentification }, { customerIdentification: MIRA.customerIdentification }],
    });
    expect(body.data).toEqual({ customerProfiles: [null, { customerIdentification: MIRA.customerIdentification }] });
    expect(body.errors).toEqual([expect.objectContaining({ path: ['customerProfiles', 0], extensions: { code: 'UPSTREAM_UNAVAILABLE' } })]);
  });

  it('reports a failed instrument re-fetch after a successful update', async () => {
    stack.sandbox.faults.add({ mode: '500', operation: 'getProfile' });
    const { body } = await stack.graphql(
      'mutation($input: UpdateCustomerProfileInput!) { updateCustomerProfile(input: $input) { changedFields profile { paymentInstruments { paymentToken } } } }',
      { input: { customerIdentification: ZOE.customerIdentification, customerData: { firstName: 'Zoe' } } },
    );
    expect(body.errors?.[0]).toMatchObject({
      path: ['updateCustomerProfile', 'profile', 'paymentInstruments'],
      extensions: { code: 'UPSTREAM_UNAVAILABLE' },
    });
    expect(stack.sandbox.stats().calls.updateProfile).toBe(1);
  });
});

describe('bad input costs no upstream call', () => {
  afterEach(() => expect(stack.upstreamCalls()).toBe(0));

  const badInput = async (query: string, variables?: Record<string, unknown>) => {
    const { body } = await stack.graphql(query, variables);
    expect(body.errors).toHaveLength(1);
    expect(body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expectNothingInternal(body);
    return { message: body.errors![0].message, field: body.errors![0].extensions?.field };
  };
  const update = (customerData: Record<string, unknown>) =>
    badInput(UPDATE, { input: { customerIdentification: ZOE.customerIdentification, customerData } });

  it.each([
    ['email', 'zoe-at-example'],
    ['billingCountry', 'XY'],
    ['birthDate', '1990-02-30'],
    ['gender', 'Q'],
    ['ipAddress', '1.2.3'],
    ['firstName', 'x'.repeat(51)],
    ['billingPostcode', 'x'.repeat(17)],
    ['nationalId', 'x'.repeat(15)],
    ['extraData', { nested: { no: 'objects' } }],
  ])('refuses customerData.%s = %j', async (field, value) => {
    const result = await update({ [field]: value });
    expect(result.field).toBe(`input.customerData.${field}`);
    expect(result.message).toContain(`input.customerData.${field}`);
  });

  it('refuses bad literal values in the document the same way', async () => {
    const result = await badInput(
      `mutation { updateCustomerProfile(input: { customerIdentification: "${ZOE.customerIdentification}", customerData: { birthDate: "1990-02-30" } }) { changedFields } }`,
    );
    expect(result.field).toBe('input.customerData.birthDate');
    const email = await badInput(
      `mutation { updateCustomerProfile(input: { customerIdentification: "${ZOE.customerIdentification}", customerData: { email: "nope" } }) { changedFields } }`,
    );
    expect(email).toEqual({ field: 'input.customerData.email', message: 'input.customerData.email: must be a valid e-mail address' });
  });

  it('refuses both or neither identifier, and bad identifier lengths', async () => {
    await expect(
      badInput(`{ customerProfile(profileGuid: "${ZOE.profileGuid}", customerIdentification: "${ZOE.customerIdentification}") { profileGuid } }`),
    ).resolves.toMatchObject({ field: 'profileGuid' });
    await expect(badInput('{ customerProfile { profileGuid } }')).resolves.toMatchObject({ field: 'profileGuid' });
    await expect(badInput('{ customerProfile(profileGuid: "CP-1") { profileGuid } }')).resolves.toEqual({
      field: 'profileGuid',
      message: 'profileGuid: must be exactly 32 characters',
    });
    await expect(badInput(`{ customerProfile(customerIdentification: "${'x'.repeat(37)}") { profileGuid } }`)).resolves.toMatchObject({
      field: 'customerIdentification',
    });
    await expect(badInput(UPDATE, { input: { customerData: {} } })).resolves.toMatchObject({ field: 'input' });
    await expect(
      badInput(UPDATE, { input: { customerIdentification: ZOE.customerIdentification, customerData: {}, preferredInstrument: 'pt::123' } }),
    ).resolves.toMatchObject({ field: 'input.preferredInstrument' });
  });

  it('refuses more refs or representations than allowed', async () => {
    const refs = Array.from({ length: 6 }, () => ({ customerIdentification: ZOE.customerIdentification }));
    await expect(badInput('query($refs: [CustomerProfileRef!]!) { customerProfiles(refs: $refs) { profileGuid } }', { refs })).resolves.toMatchObject(
      { field: 'refs' },
    );
    const representations = Array.from({ length: 4 }, () => ({ __typename: 'CustomerProfile', profileGuid: ZOE.profileGuid }));
    await expect(
      badInput('query($r: [_Any!]!) { _entities(representations: $r) { ... on CustomerProfile { profileGuid } } }', { r: representations }),
    ).resolves.toMatchObject({ field: 'representations' });
  });
});
