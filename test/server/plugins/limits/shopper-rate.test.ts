/** LIMIT_SHOPPER_OPERATIONS_PER_MINUTE: a shopper's own rate, over HTTP, whichever path answers. */
import { startStack, type Stack } from '../../../support/stack';

const MY_PROFILE = '{ myCustomerProfile { profileGuid } }';

describe('a shopper token with a rate of 3 operations a minute', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { LIMIT_SHOPPER_OPERATIONS_PER_MINUTE: '3' } });
  });
  afterAll(() => stack.close());

  it('runs three operations (the third from the fast path), then is refused with RATE_LIMITED before any upstream call', async () => {
    const shopper = await stack.token({ sub: 'shop-user-000417', scope: undefined });
    for (let i = 0; i < 3; i++) {
      const { body } = await stack.graphql(MY_PROFILE, undefined, { token: shopper });
      expect(body).toEqual({ data: { myCustomerProfile: { profileGuid: 'CP-7a1e-33b0-5c9d-4e21-b8f0-0c6d' } } });
    }
    expect(stack.app.gateway.compiledExecutionStats()?.fastPath).toBeGreaterThanOrEqual(1);
    const before = stack.upstreamCalls();
    const refused = await stack.graphql(MY_PROFILE, undefined, { token: shopper });
    expect(refused.body.data).toBeUndefined();
    expect(refused.body.errors).toEqual([
      {
        message: expect.stringMatching(/^Too many operations for this shopper token; try again in \d+s$/),
        extensions: { code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) },
      },
    ]);
    expect(refused.body.errors?.[0].extensions?.retryAfterSeconds).toBeGreaterThan(0);
    expect(stack.upstreamCalls()).toBe(before);

    // Another shopper has a rate of its own, and operator tokens are not held to shopper rates.
    const other = await stack.token({ sub: 'cust-0001', scope: undefined });
    expect((await stack.graphql(MY_PROFILE, undefined, { token: other })).body.data.myCustomerProfile.profileGuid).toBe(
      'CP-3f9a-1c7e-0b52-4d86-a9e1-7c20',
    );
    for (let i = 0; i < 5; i++) {
      expect((await stack.graphql('{ customerProfile(customerIdentification: "cust-0001") { profileGuid } }')).body.errors).toBeUndefined();
    }
  });
});
