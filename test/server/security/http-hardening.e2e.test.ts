/**
 * Issue 13 §7, the HTTP and identifier items:
 * - a malformed absolute-form request target (`GET http://[`) logged "unhandled request error"
 *   and answered 500: it is the client's error, 400;
 * - a slow request body was held for Node's default 300 s: SERVER_REQUEST_TIMEOUT_MS cuts it off;
 * - SERVER_MAX_CONNECTIONS caps concurrent connections;
 * - a `profileGuid` of 32 spaces reached the upstream; a shopper token's malformed `sub` too.
 * Raw sockets, because fetch cannot send a malformed target or stall mid-body.
 */
import { connect, type Socket } from 'node:net';
import { DEMO_PROFILES } from '../../../src/sandbox/server';
import { startStack, type Stack } from '../../support/stack';
import { gatewayAddress, rawExchange, shopperToken, sleep } from './support';

describe('request target and identifiers', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ captureLogs: true });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.sandbox.resetStats());

  test.each(['GET http://[ HTTP/1.1', 'GET http://[/graphql HTTP/1.1', 'POST http://[::1/graphql HTTP/1.1'])(
    'a malformed request target (%s) is answered 400, not 500, and logs no unhandled error',
    async (requestLine) => {
      const logsBefore = stack.logs.length;
      const exchange = await rawExchange(
        gatewayAddress(stack),
        [`${requestLine}\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`],
        {
          waitMs: 5000,
        },
      );
      expect(exchange.status).toBe(400);
      const newLogs = stack.logs.slice(logsBefore).join('\n');
      expect(newLogs).not.toMatch(/unhandled request error/);
      expect(newLogs).not.toMatch(/"level":50/);
    },
  );

  const blank = ' '.repeat(32);
  test.each([
    ['customerProfile', '{ customerProfile(profileGuid: "' + blank + '") { profileGuid } }', undefined],
    [
      'customerProfiles',
      'query($refs: [CustomerProfileRef!]!) { customerProfiles(refs: $refs) { profileGuid } }',
      { refs: [{ profileGuid: blank }] },
    ],
    [
      '_entities',
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on CustomerProfile { profileGuid } } }',
      { r: [{ __typename: 'CustomerProfile', profileGuid: blank }] },
    ],
    [
      'updateCustomerProfile',
      'mutation($input: UpdateCustomerProfileInput!) { updateCustomerProfile(input: $input) { changedFields } }',
      { input: { profileGuid: blank, customerData: { lastName: 'X' } } },
    ],
    [
      'deleteCustomerProfile',
      'mutation($input: DeleteCustomerProfileInput!) { deleteCustomerProfile(input: $input) { success } }',
      { input: { profileGuid: blank } },
    ],
  ] as const)('%s: a profileGuid of 32 spaces is BAD_USER_INPUT and never reaches the upstream', async (_field, query, variables) => {
    const res = await stack.graphql(query, variables);
    expect(res.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(String(res.body.errors?.[0].extensions?.field)).toMatch(/profileGuid$/);
    expect(stack.upstreamCalls()).toBe(0);
  });

  test.each([
    ['a 40-character sub', 'c'.repeat(40)],
    ['a sub with surrounding spaces', ` ${DEMO_PROFILES[0].customerIdentification} `],
  ])('a shopper token with %s is refused (UNAUTHENTICATED) without an upstream call', async (_what, sub) => {
    const res = await stack.graphql('{ myCustomerProfile { profileGuid } }', undefined, { token: await shopperToken(stack, sub) });
    expect(res.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(stack.upstreamCalls()).toBe(0);
  });
});

describe('slow clients (SERVER_REQUEST_TIMEOUT_MS=1000)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { SERVER_REQUEST_TIMEOUT_MS: '1000' } });
  });
  afterAll(() => stack.close());

  /**
   * Not a timing assertion: the bound is fifteen times the configured timeout, to tell "the
   * configured timeout is enforced" from "Node's defaults apply" (300 s, or a 30 s check interval).
   */
  const CUT_OFF_BOUND_MS = 15_000;

  test('headers sent, then the body stalls: the connection is cut off (408)', async () => {
    const headers = `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n`;
    const exchange = await rawExchange(gatewayAddress(stack), [headers, '{"query":"{ __typ'], { waitMs: CUT_OFF_BOUND_MS, gapMs: 100 });
    console.log(`slow body: connection closed=${exchange.closed} after ${exchange.closedAfterMs ?? '-'} ms, status ${exchange.status ?? 'none'}`);
    expect(exchange.closed).toBe(true);
    expect(exchange.status === undefined || exchange.status === 408).toBe(true);
    expect(stack.upstreamCalls()).toBe(0);
  }, 30_000);

  test('headers that never end: the connection is cut off', async () => {
    const exchange = await rawExchange(gatewayAddress(stack), ['POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\n', 'X-Slow: 1\r\n'], {
      waitMs: CUT_OFF_BOUND_MS,
      gapMs: 100,
    });
    console.log(`slow headers: connection closed=${exchange.closed} after ${exchange.closedAfterMs ?? '-'} ms, status ${exchange.status ?? 'none'}`);
    expect(exchange.closed).toBe(true);
    expect(exchange.status === undefined || exchange.status === 408).toBe(true);
  }, 30_000);

  test('a request that arrives in time is answered', async () => {
    const res = await stack.graphql('{ __typename }');
    expect(res.body).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('SERVER_MAX_CONNECTIONS', () => {
  const MAX = 3;
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { SERVER_MAX_CONNECTIONS: String(MAX) } });
  });
  afterAll(() => stack.close());

  test('connections beyond the cap are refused; once one closes, a new one is served', async () => {
    const address = gatewayAddress(stack);
    const held = await Promise.all(
      Array.from(
        { length: MAX },
        () =>
          new Promise<Socket>((resolve, reject) => {
            // A kept-alive connection that has been answered once: it counts until it closes.
            const socket = connect(address.port, address.host, () => socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'));
            socket.once('data', () => resolve(socket));
            socket.once('error', reject);
          }),
      ),
    );
    try {
      const refused = await rawExchange(address, ['GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n'], { waitMs: 5000 });
      expect(refused.closed).toBe(true);
      expect(refused.status).toBeUndefined();

      held.pop()!.destroy();
      // The server learns of the close asynchronously; poll until a connection is served again.
      let served: number | undefined;
      for (let i = 0; i < 50 && served !== 200; i++) {
        served = (await rawExchange(address, ['GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n'], { waitMs: 2000 })).status;
        if (served !== 200) await sleep(50);
      }
      expect(served).toBe(200);
    } finally {
      for (const socket of held) socket.destroy();
    }
  });
});
