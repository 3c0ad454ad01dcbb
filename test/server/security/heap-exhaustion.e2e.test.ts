/**
 * Issue 13 §1: an anonymous client could exhaust the heap. ~150 distinct valid documents of
 * ~0.5 MB (a long comment, then `{ __typename }`) killed a `--max-old-space-size=96` process:
 * each document's text stayed alive in Apollo's document store (capped by the parsed document's
 * size, which leaves out the text) and in the compiled-operation store (capped by count).
 *
 * Here the built gateway runs as its own process with the production heap flag, and a few hundred
 * distinct documents just under LIMIT_MAX_QUERY_BYTES are each sent twice (the second sighting is
 * the one that compiles and admits). The process must stay alive with its heap under the limit.
 * LIMIT_MAX_QUERY_BYTES is raised to 512 KiB for it: at the default 64 KiB a few hundred documents
 * are only ~20 MB of text, which would not prove that the caches are bounded by bytes.
 * The refusal of a larger document, before parsing, is checked at the default limit too.
 */
import { SignJWT } from 'jose';
import { DEMO_CREDENTIALS, startSandbox, type RunningSandbox } from '../../../src/sandbox/server';
import { startStack, TEST_JWT_SECRET, type Stack } from '../../support/stack';
import { buildGateway, metricValue, MiB, sleep, startGatewayProcess, type GatewayProcess } from './support';

const HEAP_LIMIT_MB = 96;
const MAX_QUERY_BYTES = 512 * 1024;
const DOCUMENTS = 300;
const CONCURRENCY = 4;

/** A distinct valid document of exactly `bytes` bytes: a comment naming `i`, then `{ __typename }`. */
function bigDocument(i: number, bytes: number): string {
  const tail = '\n{ __typename }';
  const head = `# document ${i} `;
  return head + 'x'.repeat(bytes - head.length - tail.length) + tail;
}

describe('distinct large documents (child process, --max-old-space-size=96)', () => {
  let build: ReturnType<typeof buildGateway> | undefined;
  let sandbox: RunningSandbox | undefined;
  let gateway: GatewayProcess | undefined;

  beforeAll(async () => {
    build = buildGateway();
    sandbox = await startSandbox({ credentials: DEMO_CREDENTIALS, port: 0 });
    gateway = await startGatewayProcess(build.dir, [`--max-old-space-size=${HEAP_LIMIT_MB}`], {
      NODE_ENV: 'test',
      IXOPAY_BASE_URL: sandbox.url,
      IXOPAY_USERNAME: DEMO_CREDENTIALS.username,
      IXOPAY_PASSWORD: DEMO_CREDENTIALS.password,
      IXOPAY_API_KEY: DEMO_CREDENTIALS.apiKey,
      IXOPAY_SHARED_SECRET: DEMO_CREDENTIALS.sharedSecret,
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
      LIMIT_MAX_QUERY_BYTES: String(MAX_QUERY_BYTES),
      LOG_LEVEL: 'warn',
    });
  }, 240_000);

  afterAll(async () => {
    await gateway?.kill();
    await sandbox?.close();
    build?.remove();
  });

  const post = (query: string) =>
    fetch(`${gateway!.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query }),
    });

  const heapUsed = async () => metricValue(await (await fetch(`${gateway!.baseUrl}/metrics`)).text(), 'nodejs_heap_size_used_bytes');

  test('a few hundred distinct documents just under LIMIT_MAX_QUERY_BYTES, each sent twice, leave the process alive within its heap', async () => {
    const g = gateway!;
    const rssBefore = g.rssBytes();
    const heapBefore = await heapUsed();
    let rssPeak = rssBefore ?? 0;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, g.rssBytes() ?? 0)), 50);

    const statuses = new Map<number, number>();
    let answeredTypename = 0;
    let failures = 0;
    let next = 0;
    const worker = async () => {
      while (next < DOCUMENTS && g.alive()) {
        const document = bigDocument(next++, MAX_QUERY_BYTES - 16);
        for (let sighting = 0; sighting < 2; sighting++) {
          try {
            const res = await post(document);
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
            const body = (await res.json()) as { data?: { __typename?: string } };
            if (body.data?.__typename === 'Query') answeredTypename++;
          } catch {
            failures++;
          }
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      // Let a collection run, so "after" is what the caches retain, not garbage not yet collected.
      await sleep(500);
    } finally {
      clearInterval(sampler);
    }

    const alive = g.alive();
    const rssAfter = g.rssBytes();
    const heapAfter = alive ? await heapUsed() : undefined;
    const mb = (bytes: number | undefined) => (bytes === undefined ? 'n/a' : `${(bytes / MiB).toFixed(1)} MB`);
    console.log(
      `heap-exhaustion abuse test: ${DOCUMENTS} distinct documents x2 of ${MAX_QUERY_BYTES - 16} bytes; ` +
        `RSS before ${mb(rssBefore)}, peak ${mb(rssPeak)}, after ${mb(rssAfter)}; heap used before ${mb(heapBefore)}, after ${mb(heapAfter)}; ` +
        `process ${alive ? 'alive' : `DEAD (exit ${g.child.exitCode ?? g.child.signalCode})`}`,
    );

    expect({ alive, output: alive ? '' : g.output().slice(-2000) }).toEqual({ alive: true, output: '' });
    expect(g.output()).not.toMatch(/heap out of memory/i);
    expect(failures).toBe(0);
    expect(answeredTypename).toBe(2 * DOCUMENTS);
    expect(heapAfter).toBeDefined();
    expect(heapAfter!).toBeLessThan(HEAP_LIMIT_MB * MiB);
    expect((await fetch(`${g.baseUrl}/healthz`)).status).toBe(200);
  }, 180_000);

  test("an operator's 100-ref batch leaves nothing on stderr (no listener-leak warning per request)", async () => {
    // Every queued read of a batch listens to the request's disconnect signal; past ten listeners
    // Node prints a MaxListenersExceededWarning to stderr, once per request, outside the JSON logs.
    const token = await new SignJWT({ sub: 'heap-test-operator', scope: 'profiles:read' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(TEST_JWT_SECRET));
    const refs = Array.from({ length: 100 }, (_, i) => ({ customerIdentification: `batch-${String(i).padStart(3, '0')}` }));
    const res = await fetch(`${gateway!.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: 'query($refs: [CustomerProfileRef!]!) { customerProfiles(refs: $refs) { profileGuid } }', variables: { refs } }),
    });
    const body = (await res.json()) as { data?: { customerProfiles: unknown[] } };
    expect(body.data?.customerProfiles).toHaveLength(100);
    await sleep(100);
    expect(gateway!.stderr()).not.toMatch(/MaxListenersExceededWarning/);
  });

  test('a document over LIMIT_MAX_QUERY_BYTES is refused with QUERY_TOO_COMPLEX before parsing', async () => {
    // Not even valid GraphQL: parsing it would answer GRAPHQL_PARSE_FAILED.
    const res = await post(`{ ${'x'.repeat(MAX_QUERY_BYTES)}`);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      errors: [{ message: expect.stringMatching(/LIMIT_MAX_QUERY_BYTES/), extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'maxQueryBytes' } }],
    });
    expect(gateway!.alive()).toBe(true);
  });
});

describe('LIMIT_MAX_QUERY_BYTES at its default (in process)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  const DEFAULT_MAX_QUERY_BYTES = 65_536;

  test('a document over the limit (counted in UTF-8 bytes) is refused before parsing; one at the limit is answered', async () => {
    const send = async (query: string) => {
      const res = await fetch(stack.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
      return { status: res.status, body: (await res.json()) as { data?: unknown; errors?: Array<{ extensions?: Record<string, unknown> }> } };
    };
    // 'é' is two bytes: this document is about half the limit in characters and over it in bytes.
    const refused = await send(`{ __typename } # ${'é'.repeat(DEFAULT_MAX_QUERY_BYTES / 2)}`);
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.[0].extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'maxQueryBytes' });

    // Not valid GraphQL: had it been parsed, the answer would be GRAPHQL_PARSE_FAILED.
    const unparsable = await send(`{ ${'y'.repeat(DEFAULT_MAX_QUERY_BYTES)}`);
    expect(unparsable.status).toBe(400);
    expect(unparsable.body.errors?.[0].extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'maxQueryBytes' });

    const answered = await send(bigDocument(1, DEFAULT_MAX_QUERY_BYTES));
    expect(answered.body).toEqual({ data: { __typename: 'Query' } });
    expect(stack.upstreamCalls()).toBe(0);
  });
});
