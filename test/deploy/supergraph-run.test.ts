/**
 * `npm run supergraph` for real (deploy/supergraph/run.mjs): Hive Gateway from deploy/supergraph's
 * own install, in front of two replicas of this gateway (built from src/ into a private directory,
 * run with the production node flags against one shared IXOPAY sandbox, behind the script's
 * round-robin) and the example orders subgraph. One query through the router reaches both
 * replicas; the orders' customers arrive at one of them as one `_entities` batch, whose IXOPAY
 * calls the sandbox counts; and the router's spans (Hive Gateway's OpenTelemetry plugin), the
 * replicas' spans and their IXOPAY call spans form one trace, received by an OTLP/HTTP receiver
 * the test runs. Every process runs on loopback and is stopped at the end.
 *
 * Needs `npm ci --prefix deploy/supergraph` (CI runs it); without that install the file reports
 * itself skipped.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const SUPERGRAPH_DIR = path.join(ROOT, 'deploy', 'supergraph');
const installed = existsSync(path.join(SUPERGRAPH_DIR, 'node_modules', '@graphql-hive', 'gateway', 'package.json'));
if (!installed) {
  console.log('test/deploy/supergraph-run.test.ts SKIPPED: Hive Gateway is not installed; run `npm ci --prefix deploy/supergraph` first.');
}

const ZOE = { profileGuid: 'CP-3f9a-1c7e-0b52-4d86-a9e1-7c20', customerIdentification: 'cust-0001', firstName: 'Zoë', lastName: 'Müller' };
const MIRA = { profileGuid: 'CP-7a1e-33b0-5c9d-4e21-b8f0-0c6d', customerIdentification: 'shop-user-000417', firstName: 'Mira', lastName: 'Kovac' };
const JOSE = { profileGuid: 'CP-b4d2-6e19-8a03-4f7c-c1e5-2d98', customerIdentification: 'cust-0002' };

/**
 * Two customer-profiles fetches in one operation: the root field `customerProfile` (planned in
 * parallel with the orders fetch), then `_entities` for the orders' customers.
 */
const FLEET_QUERY = `query FleetCheck {
  customerProfile(customerIdentification: "${JOSE.customerIdentification}") { profileGuid }
  ordersByCustomer(profileGuid: "${ZOE.profileGuid}") {
    id
    customer { profileGuid customerIdentification customer { firstName lastName } }
  }
  order(id: "order-2") { id customer { customerIdentification customer { firstName lastName } } }
}`;

interface Running {
  child: ChildProcess;
  output: () => string;
  routerUrl: string;
  replicas: string[];
  sandboxUrl: string;
  operatorToken: string;
}

/** Sum of a Prometheus metric's samples whose labels include `labels`. */
function metric(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const sampleLabels = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => sampleLabels[k] === v)) sum += Number(match[3]);
  }
  return sum;
}

interface ReplicaCounters {
  operations: number;
  fleetChecks: number;
  batches: number;
  batchedRefs: number;
  upstreamCalls: number;
}

async function replicaCounters(graphqlUrl: string): Promise<ReplicaCounters> {
  const text = await (await fetch(`${new URL(graphqlUrl).origin}/metrics`)).text();
  return {
    operations: metric(text, 'graphql_operations_total'),
    fleetChecks: metric(text, 'graphql_operations_total', { operation_name: 'FleetCheck', outcome: 'ok' }),
    batches: metric(text, 'graphql_loader_batch_size_count'),
    batchedRefs: metric(text, 'graphql_loader_batch_size_sum'),
    upstreamCalls: metric(text, 'ixopay_upstream_calls_total', { operation: 'getProfile', status: '200' }),
  };
}

function delta(after: ReplicaCounters, before: ReplicaCounters): ReplicaCounters {
  return Object.fromEntries(
    Object.keys(after).map((k) => [k, after[k as keyof ReplicaCounters] - before[k as keyof ReplicaCounters]]),
  ) as unknown as ReplicaCounters;
}

async function routerQuery(running: Running, query: string, headers: Record<string, string> = {}): Promise<any> {
  const res = await fetch(running.routerUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  expect(res.status).toBe(200);
  return res.json();
}

async function refused(url: string): Promise<boolean> {
  try {
    await fetch(url);
    return false;
  } catch {
    return true;
  }
}

/** A span as an OTLP/HTTP JSON receiver gets it, with its resource's service.name. */
interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  /** OTLP SpanKind: 1 internal, 2 server, 3 client. */
  kind: number;
  name: string;
}

const SERVER = 2;
const CLIENT = 3;

/** An OTLP/HTTP trace receiver on 127.0.0.1 (JSON encoding): keeps every span it is sent. */
async function startOtlpReceiver(): Promise<{ endpoint: string; spans: ReceivedSpan[]; close(): Promise<void> }> {
  const spans: ReceivedSpan[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/v1/traces') {
        const request = JSON.parse(body);
        for (const resourceSpans of request.resourceSpans ?? []) {
          const service = resourceSpans.resource?.attributes?.find((a: any) => a.key === 'service.name')?.value?.stringValue ?? '';
          for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
            for (const span of scopeSpans.spans ?? []) {
              spans.push({
                service,
                traceId: span.traceId,
                spanId: span.spanId,
                parentSpanId: span.parentSpanId || undefined,
                kind: span.kind,
                name: span.name,
              });
            }
          }
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

(installed ? describe : describe.skip)('npm run supergraph: Hive Gateway, two customer-profiles replicas, orders', () => {
  let buildDir: string;
  let running: Running;
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    // A private build of src/ (dist/ may be stale or being rewritten by someone else).
    buildDir = mkdtempSync(path.join(ROOT, 'dist-test-supergraph-'));
    try {
      execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', buildDir], {
        cwd: ROOT,
        stdio: 'pipe',
      });
    } catch (error) {
      // tsc emits despite type errors (the typecheck step reports those); only a missing build is fatal.
      if (!existsSync(path.join(buildDir, 'main.js'))) throw error;
    }

    // Its own process group, so that a failed run can be cleaned up whole.
    const child = spawn(process.execPath, [path.join(SUPERGRAPH_DIR, 'run.mjs')], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        SUPERGRAPH_PORT: '0',
        SUPERGRAPH_REPLICAS: '2',
        SUPERGRAPH_GATEWAY_BUILD: buildDir,
        // Traces from the router and the replicas, as JSON, exported soon after each span ends.
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_BSP_SCHEDULE_DELAY: '100',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    running = { child, output: () => output } as Running;
    await new Promise<void>((resolve, reject) => {
      const check = setInterval(() => {
        if (output.includes('Ctrl+C stops everything.')) {
          clearInterval(check);
          resolve();
        } else if (child.exitCode !== null) {
          clearInterval(check);
          reject(new Error(`run.mjs exited with ${child.exitCode}:\n${output}`));
        }
      }, 100);
    });
    running.routerUrl = /^Router .*?(http:\/\/\S+)$/m.exec(output)![1];
    running.replicas = [...output.matchAll(/^\s+replica \d+\s+(http:\/\/\S+)/gm)].map((m) => m[1]);
    running.sandboxUrl = /^IXOPAY sandbox.*?(http:\/\/[\d.:]+)/m.exec(output)![1];
    running.operatorToken = /OPERATOR=(\S+)/.exec(output)![1];
  }, 240_000);

  afterAll(async () => {
    if (running?.child && running.child.exitCode === null) {
      const exited = new Promise((resolve) => running.child.once('exit', resolve));
      running.child.kill('SIGTERM');
      const timer = setTimeout(() => process.kill(-running.child.pid!, 'SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    }
    if (buildDir) rmSync(buildDir, { recursive: true, force: true });
    await receiver?.close();
  }, 60_000);

  it('starts two replicas behind one subgraph URL and prints the router URL and an operator token', () => {
    expect(running.replicas).toHaveLength(2);
    expect(new Set(running.replicas).size).toBe(2);
    expect(running.operatorToken.split('.')).toHaveLength(3);
    expect(running.output()).toContain('query OrdersWithCustomers');
  });

  it('serves the printed example query through the router', async () => {
    const printed = /^query OrdersWithCustomers \{[\s\S]*?^\}$/m.exec(running.output())![0];
    const body = await routerQuery(running, printed, { authorization: `Bearer ${running.operatorToken}` });
    expect(body.errors).toBeUndefined();
    expect(body.data.ordersByCustomer.map((o: any) => o.customer.customer.firstName)).toEqual([ZOE.firstName, ZOE.firstName]);
    expect(body.data.order.customer.customer.firstName).toBe(MIRA.firstName);
  });

  it("one query reaches both replicas; the orders' customers arrive as one _entities batch; the sandbox sees the IXOPAY calls", async () => {
    const before = await Promise.all(running.replicas.map(replicaCounters));
    expect((await fetch(`${running.sandboxUrl}/__sandbox/stats/reset`, { method: 'POST' })).status).toBe(200);

    const body = await routerQuery(running, FLEET_QUERY, {
      authorization: `Bearer ${running.operatorToken}`,
      'x-request-id': 'supergraph-fleet-check',
    });
    expect(body.errors).toBeUndefined();
    expect(body.data.customerProfile).toEqual({ profileGuid: JOSE.profileGuid });
    expect(body.data.ordersByCustomer).toEqual([
      {
        id: 'order-3',
        customer: {
          profileGuid: ZOE.profileGuid,
          customerIdentification: ZOE.customerIdentification,
          customer: { firstName: ZOE.firstName, lastName: ZOE.lastName },
        },
      },
      {
        id: 'order-1',
        customer: {
          profileGuid: ZOE.profileGuid,
          customerIdentification: ZOE.customerIdentification,
          customer: { firstName: ZOE.firstName, lastName: ZOE.lastName },
        },
      },
    ]);
    expect(body.data.order).toEqual({
      id: 'order-2',
      customer: { customerIdentification: MIRA.customerIdentification, customer: { firstName: MIRA.firstName, lastName: MIRA.lastName } },
    });

    const after = await Promise.all(running.replicas.map(replicaCounters));
    const deltas = after.map((a, i) => delta(a, before[i]));
    // Each replica served one of the two customer-profiles requests of this operation (the router
    // passes the client's operation name on).
    expect(deltas.map((d) => [d.operations, d.fleetChecks])).toEqual([
      [1, 1],
      [1, 1],
    ]);
    // One replica resolved customerProfile: a batch of one reference. The other got `_entities`
    // for the three orders' customers, two distinct profiles: one batch of two references.
    const byBatch = [...deltas].sort((a, b) => a.batchedRefs - b.batchedRefs);
    expect(byBatch.map((d) => [d.batches, d.batchedRefs, d.upstreamCalls])).toEqual([
      [1, 1, 1],
      [1, 2, 2],
    ]);
    // The one IXOPAY both replicas share answered exactly those calls.
    const stats: any = await (await fetch(`${running.sandboxUrl}/__sandbox/stats`)).json();
    expect(stats.calls.getProfile).toBe(3);
    expect(stats.total).toBe(3);
  });

  it("one trace spans the router, both replicas and each IXOPAY call, continuing the client's traceparent", async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const clientSpanId = '00f067aa0ba902b7';
    const body = await routerQuery(running, FLEET_QUERY.replace('FleetCheck', 'FleetTrace'), {
      authorization: `Bearer ${running.operatorToken}`,
      traceparent: `00-${traceId}-${clientSpanId}-01`,
    });
    expect(body.errors).toBeUndefined();

    // Exported in batches: wait (up to 20 s) until the router's and both replicas' server spans and
    // the three IXOPAY call spans have arrived.
    const inTrace = () => receiver.spans.filter((span) => span.traceId === traceId);
    const upstreamCalls = () => inTrace().filter((span) => span.service === 'customer-profiles' && span.kind === CLIENT);
    const replicaServers = () => inTrace().filter((span) => span.service === 'customer-profiles' && span.kind === SERVER);
    const routerServer = () => inTrace().find((span) => span.service === 'router' && span.kind === SERVER);
    for (let i = 0; i < 200 && (routerServer() === undefined || replicaServers().length < 2 || upstreamCalls().length < 3); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const spans = inTrace();
    const byId = new Map(spans.map((span) => [span.spanId, span]));
    const describeSpans = () => spans.map((s) => `${s.service} ${s.kind} ${s.name} ${s.spanId} <- ${s.parentSpanId ?? '-'}`).join('\n');

    // The router continues the client's trace.
    expect(routerServer()?.parentSpanId).toBe(clientSpanId);
    // Each replica's server span is the child of a router span (the call to that subgraph).
    expect(replicaServers()).toHaveLength(2);
    for (const server of replicaServers()) {
      const parent = byId.get(server.parentSpanId ?? '');
      expect({ parent: parent?.service, kind: parent?.kind }).toEqual({ parent: 'router', kind: CLIENT });
    }
    // One client span per IXOPAY call (the sandbox answered three), each below a replica's server span.
    expect(upstreamCalls()).toHaveLength(3);
    // And no span of the trace hangs loose: every chain of parents ends at the client's span.
    for (const span of spans) {
      let node: ReceivedSpan | undefined = span;
      const path: string[] = [];
      while (node && node.parentSpanId !== clientSpanId) {
        path.push(`${node.service}:${node.name}`);
        node = byId.get(node.parentSpanId ?? '');
      }
      if (!node)
        throw new Error(`span ${span.name} (${span.service}) is not connected to the client's span: ${path.join(' <- ')}\n${describeSpans()}`);
    }
    for (const call of upstreamCalls()) {
      const services = [];
      for (let node = byId.get(call.parentSpanId ?? ''); node; node = byId.get(node.parentSpanId ?? ''))
        services.push(`${node.service}/${node.kind}`);
      expect(services).toContain('customer-profiles/2');
      expect(services).toContain('router/2');
    }
  }, 60_000);

  it('forwards authorization to customer-profiles: without a token its fields fail with its own code, orders still resolve', async () => {
    const body = await routerQuery(running, FLEET_QUERY.replace('FleetCheck', 'FleetCheckWithoutToken'));
    expect(body.data.order.id).toBe('order-2');
    expect(body.data.order.customer.customerIdentification).toBeNull();
    expect(body.errors.length).toBeGreaterThan(0);
    for (const error of body.errors) {
      expect(error.extensions).toMatchObject({ code: 'UNAUTHENTICATED', serviceName: 'customer-profiles' });
      // Production mode: no stack traces leave the replicas.
      expect(error.extensions.stacktrace).toBeUndefined();
    }
  });

  it('stops the router, the replicas, the orders subgraph and the sandbox on SIGTERM', async () => {
    const orders = /subgraph orders\s+(http:\/\/\S+)/.exec(running.output())![1];
    const exited = new Promise<number | null>((resolve) => running.child.once('exit', (code) => resolve(code)));
    running.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    for (const url of [running.routerUrl, ...running.replicas, orders, running.sandboxUrl]) expect(await refused(url)).toBe(true);
    // The run's temporary directory (supergraph SDL, logs) is gone too.
    const runDir = path.dirname(/^Supergraph SDL:\s+(\S+)$/m.exec(running.output())![1]);
    expect(existsSync(runDir)).toBe(false);
  }, 60_000);
});

// The package folder stays apart from the gateway's dependencies.
it('deploy/supergraph pins its router apart from the root project', () => {
  const own = JSON.parse(readFileSync(path.join(SUPERGRAPH_DIR, 'package.json'), 'utf8'));
  const root = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  expect(own.dependencies['@graphql-hive/gateway']).toMatch(/^\d+\.\d+\.\d+$/);
  expect(Object.keys({ ...root.dependencies, ...root.devDependencies }).filter((name) => name.startsWith('@graphql-hive/'))).toEqual([]);
  const lock = JSON.parse(readFileSync(path.join(SUPERGRAPH_DIR, 'package-lock.json'), 'utf8'));
  expect(lock.packages['node_modules/@graphql-hive/gateway'].version).toBe(own.dependencies['@graphql-hive/gateway']);
});

// Resolved for the root project's Node floor (package.json engines): later @graphql-tools and
// @whatwg-node releases in Hive Gateway's tree want Node >= 22.15. Checks the plain `>=x.y.z` form
// those use; other range forms in the lock all admit Node 20.
it("deploy/supergraph's lock holds nothing that needs a newer Node than the gateway supports", () => {
  const floor = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).engines.node as string).replace(/^>=\s*/, '');
  const lock = JSON.parse(readFileSync(path.join(SUPERGRAPH_DIR, 'package-lock.json'), 'utf8'));
  const version = (v: string) => v.split('.').map(Number).concat(0, 0).slice(0, 3);
  const above = (a: number[], b: number[]) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
  const tooNew = Object.entries<any>(lock.packages)
    .map(([name, entry]) => [name, entry.engines?.node] as const)
    .filter(([, range]) => typeof range === 'string' && /^>=\s*\d+(\.\d+){0,2}$/.test(range.trim()))
    .filter(([, range]) => above(version(range.trim().replace(/^>=\s*/, '')), version(floor)) > 0);
  expect(tooNew).toEqual([]);
});
