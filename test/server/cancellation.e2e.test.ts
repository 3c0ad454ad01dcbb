/**
 * Issue 14 §4: a client that goes away stops the work it started. Queued upstream reads never
 * start, in-flight ones are aborted (the upstream sees the connection close), and a write that
 * has been sent is never aborted (its outcome must be known).
 *
 * A tiny raw node:http proxy sits between the gateway and the sandbox: it counts every upstream
 * request the gateway started and sees whether the gateway closed its connection before the
 * answer was complete. The sandbox has latency so that calls are in flight when the client leaves.
 */
import { createServer, request, type ClientRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO_PROFILES } from '../../src/sandbox/server';
import { startStack, type Stack } from '../support/stack';
import { sleep, waitFor } from './security/support';

const LATENCY_MS = 1000;
const REFS = 40;

/** One upstream request as the proxy saw it. */
interface ProxiedCall {
  operation: string;
  /** The gateway closed the connection before the proxy had sent the whole answer. */
  aborted: boolean;
  answered: boolean;
}

interface UpstreamProxy {
  url: string;
  calls: ProxiedCall[];
  target: string;
  open(): number;
  close(): Promise<void>;
}

async function startProxy(): Promise<UpstreamProxy> {
  const calls: ProxiedCall[] = [];
  const upstreams = new Set<ClientRequest>();
  const proxy: UpstreamProxy = {
    url: '',
    calls,
    target: '',
    open: () => calls.filter((c) => !c.aborted && !c.answered).length,
    close: () =>
      new Promise<void>((resolve) => {
        for (const upstream of upstreams) upstream.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  const server: Server = createServer((req: IncomingMessage, res) => {
    const call: ProxiedCall = { operation: (req.url ?? '').split('?')[0].split('/').pop() ?? '', aborted: false, answered: false };
    calls.push(call);
    const upstream = request(`${proxy.target}${req.url}`, { method: req.method, headers: req.headers, agent: false }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstreams.add(upstream);
    upstream.on('close', () => upstreams.delete(upstream));
    upstream.on('error', () => res.destroy());
    res.on('close', () => {
      if (res.writableFinished) call.answered = true;
      else {
        // The gateway went away mid-call: pass the abort on, as a real connection close would.
        call.aborted = true;
        upstream.destroy();
      }
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}

let proxy: UpstreamProxy;
let stack: Stack;
beforeAll(async () => {
  proxy = await startProxy();
  try {
    stack = await startStack({
      sandbox: { latencyMs: LATENCY_MS },
      env: { IXOPAY_BASE_URL: proxy.url, LOADER_CONCURRENCY: '2', IXOPAY_TIMEOUT_MS: '10000' },
    });
  } catch (error) {
    await proxy.close();
    throw error;
  }
  proxy.target = stack.sandbox.url;
});
afterAll(async () => {
  await stack?.close();
  await proxy.close();
});
beforeEach(async () => {
  await stack.sandbox.reset();
  stack.sandbox.setLatency(LATENCY_MS);
  proxy.calls.length = 0;
});

/**
 * POSTs an operation on its own connection and returns a handle that can destroy the socket. The
 * response (if the test lets one arrive) resolves `answered`.
 */
async function sendOperation(query: string, variables: Record<string, unknown>) {
  const token = await stack.token();
  const url = new URL(stack.gatewayUrl);
  const body = JSON.stringify({ query, variables });
  let status: number | undefined;
  const req = request({
    host: url.hostname,
    port: url.port,
    path: url.pathname,
    method: 'POST',
    agent: false,
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}` },
  });
  const answered = new Promise<string | undefined>((resolve) => {
    req.on('response', (res) => {
      status = res.statusCode;
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve(text));
      res.on('error', () => resolve(undefined));
    });
    req.on('error', () => resolve(undefined));
    req.on('close', () => setImmediate(() => resolve(undefined)));
  });
  req.end(body);
  return { answered, goAway: () => req.destroy(), status: () => status };
}

const count = (operation: string) => proxy.calls.filter((c) => c.operation === operation);

/** Waits until every upstream call has ended and no new one started for a few latencies. */
async function settled(): Promise<void> {
  for (;;) {
    await waitFor(() => proxy.open() === 0, 'every upstream call to end', 30_000);
    const seen = proxy.calls.length;
    await sleep(3 * LATENCY_MS);
    if (proxy.calls.length === seen && proxy.open() === 0) return;
  }
}

const BATCH = 'query Batch($refs: [CustomerProfileRef!]!) { customerProfiles(refs: $refs) { profileGuid customer { lastName } } }';
const refs = () => Array.from({ length: REFS }, (_, i) => ({ customerIdentification: `cancel-${String(i).padStart(3, '0')}` }));

test('control: with the client staying, all 40 refs are read', async () => {
  stack.sandbox.setLatency(50);
  const operation = await sendOperation(BATCH, { refs: refs() });
  const text = await operation.answered;
  expect(JSON.parse(text!).data.customerProfiles).toHaveLength(REFS);
  expect(count('getProfile')).toHaveLength(REFS);
  expect(count('getProfile').every((c) => c.answered)).toBe(true);
}, 30_000);

test('a client that goes away mid-batch: queued reads never start, in-flight reads are aborted', async () => {
  const operation = await sendOperation(BATCH, { refs: refs() });
  // The first calls (LOADER_CONCURRENCY of them) are in flight at the sandbox.
  await waitFor(() => count('getProfile').length >= 2, 'the first getProfile calls');
  operation.goAway();
  await settled();

  const reads = count('getProfile');
  const aborted = reads.filter((c) => c.aborted).length;
  console.log(
    `cancellation: ${reads.length} of ${REFS} getProfile calls started, ${aborted} aborted by the gateway, sandbox counted ${stack.upstreamCalls('getProfile')}`,
  );
  // Far fewer than the batch: at most the in-flight pair plus a pair that started meanwhile.
  expect(reads.length).toBeLessThanOrEqual(4);
  // The calls in flight when the client left were aborted, not awaited.
  expect(aborted).toBeGreaterThanOrEqual(1);
  expect(stack.upstreamCalls('getProfile')).toBeLessThan(REFS);
}, 60_000);

test('the gateway serves normally after a cancelled request', async () => {
  stack.sandbox.setLatency(0);
  const res = await stack.graphql(
    `{ customerProfile(customerIdentification: "${DEMO_PROFILES[0].customerIdentification}") { customerIdentification } }`,
  );
  expect(res.body).toEqual({ data: { customerProfile: { customerIdentification: DEMO_PROFILES[0].customerIdentification } } });
});

test('a mutation already sent upstream is not aborted when its client goes away: the update is applied', async () => {
  const ZOE = DEMO_PROFILES[0];
  const operation = await sendOperation('mutation($input: UpdateCustomerProfileInput!) { updateCustomerProfile(input: $input) { changedFields } }', {
    input: { customerIdentification: ZOE.customerIdentification, customerData: { lastName: 'Left-Before-Answer' } },
  });
  await waitFor(() => count('updateProfile').length >= 1, 'the updateProfile call');
  operation.goAway();
  await settled();

  const updates = count('updateProfile');
  expect(updates).toHaveLength(1);
  expect(updates[0]).toMatchObject({ aborted: false, answered: true });
  expect(stack.sandbox.writes({ operation: 'updateProfile', customerIdentification: ZOE.customerIdentification }).writes).toHaveLength(1);

  stack.sandbox.setLatency(0);
  const read = await stack.graphql(`{ customerProfile(customerIdentification: "${ZOE.customerIdentification}") { customer { lastName } } }`);
  expect(read.body.data.customerProfile.customer.lastName).toBe('Left-Before-Answer');
}, 60_000);
