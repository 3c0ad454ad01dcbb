/**
 * Prometheus metrics: the registry fed from operation reports, upstream calls, loader batches and
 * the circuit state; and, over real HTTP, the same counts whichever path answered an operation,
 * operation-name labels only for resolved operations of authenticated callers, and METRICS_TOKEN.
 */
import { Registry } from 'prom-client';
import { createMetrics } from '../../../../src/server/plugins/metrics';
import { BoundedNames } from '../../../../src/server/plugins/metrics/bounded-names';
import type { OperationReport } from '../../../../src/server/operations/report';
import type { OperationOutcome } from '../../../../src/server/operations/outcome';
import { startStack, type Stack } from '../../../support/stack';
import { ZOE } from '../../../graphql/support/e2e';
import { fresh, json, post, stats, statsSince } from '../over-http';

/** A report as the operation-report plugin or the fast path would send it. */
function report(outcome: Partial<OperationOutcome>, labelled = true, durationMs = 3): OperationReport {
  return {
    requestId: 'r',
    outcome: { operationName: null, operationType: 'query', outcome: 'ok', errorCodes: [], ...outcome },
    labelled,
    durationMs,
    httpStatus: 200,
  };
}

describe('createMetrics', () => {
  it('renders operation, upstream, loader and circuit metrics after events', async () => {
    const metrics = createMetrics({ collectDefault: false });
    metrics.onOperation(report({ operationName: 'Checkout' }));
    metrics.onOperation(report({ operationName: 'Checkout' }, true, 30));
    metrics.onOperation(report({ outcome: 'FORBIDDEN', errorCodes: ['FORBIDDEN'] }));
    metrics.onOperation(report({ operationName: 'Touch', operationType: 'mutation' }));
    // A document that never resolved to an operation: the request's operationName is not a label.
    metrics.onOperation(report({ operationName: 'Attacker-Chosen', operationType: 'unknown', outcome: 'GRAPHQL_VALIDATION_FAILED' }, false));
    metrics.onUpstreamCall({ operation: 'getProfile', status: 200, durationMs: 12, outcome: 'ok', attempt: 1 });
    metrics.onUpstreamCall({ operation: 'getProfile', status: 503, durationMs: 40, outcome: 'UPSTREAM_UNAVAILABLE', attempt: 1 });
    metrics.onLoaderBatch(100);
    metrics.onLoaderBatch(3);
    metrics.setCircuitState('open');

    const text = await metrics.render();
    expect(text).toContain('graphql_operations_total{operation_name="Checkout",operation_type="query",outcome="ok"} 2');
    expect(text).toContain('graphql_operations_total{operation_name="anonymous",operation_type="query",outcome="FORBIDDEN"} 1');
    expect(text).toContain('graphql_operations_total{operation_name="Touch",operation_type="mutation",outcome="ok"} 1');
    expect(text).toContain('graphql_operations_total{operation_name="unknown",operation_type="unknown",outcome="GRAPHQL_VALIDATION_FAILED"} 1');
    expect(text).not.toContain('Attacker-Chosen');
    expect(text).toContain('graphql_operation_duration_seconds_count{operation_name="Checkout",operation_type="query"} 2');
    expect(text).toContain('graphql_operation_duration_seconds_bucket{le="0.005",operation_name="Checkout",operation_type="query"} 1');
    expect(text).toContain('graphql_operation_duration_seconds_bucket{le="0.05",operation_name="Checkout",operation_type="query"} 2');
    expect(text).toContain('ixopay_upstream_calls_total{operation="getProfile",status="200",outcome="ok"} 1');
    expect(text).toContain('ixopay_upstream_calls_total{operation="getProfile",status="503",outcome="UPSTREAM_UNAVAILABLE"} 1');
    expect(text).toContain('ixopay_upstream_call_duration_seconds_bucket{le="0.025",operation="getProfile"} 1');
    expect(text).toContain('ixopay_upstream_call_duration_seconds_bucket{le="0.001",operation="getProfile"} 0');
    expect(text).toContain('graphql_loader_batch_size_bucket{le="5"} 1');
    expect(text).toContain('graphql_loader_batch_size_bucket{le="100"} 2');
    expect(text).toContain('ixopay_circuit_state 2');
    expect(metrics.contentType).toMatch(/^text\/plain/);
  });

  it('gives unlabelled reports no name slot: 250 junk names, then a real name is still its own label', async () => {
    const metrics = createMetrics({ collectDefault: false });
    for (let i = 0; i < 250; i++) metrics.onOperation(report({ operationName: `Junk${i}` }, false));
    metrics.onOperation(report({ operationName: 'Checkout' }));
    const text = await metrics.render();
    expect(text).toContain('graphql_operations_total{operation_name="unknown",operation_type="query",outcome="ok"} 250');
    expect(text).toContain('graphql_operations_total{operation_name="Checkout",operation_type="query",outcome="ok"} 1');
    expect(text).not.toContain('Junk');
  });

  it('maps circuit states to 0 closed, 1 half-open, 2 open', async () => {
    const metrics = createMetrics({ collectDefault: false });
    expect(await metrics.render()).toContain('ixopay_circuit_state 0');
    metrics.setCircuitState('half-open');
    expect(await metrics.render()).toContain('ixopay_circuit_state 1');
    metrics.setCircuitState('closed');
    expect(await metrics.render()).toContain('ixopay_circuit_state 0');
  });

  it('adds process default metrics to the given registry', async () => {
    const registry = new Registry();
    const metrics = createMetrics({ registry, collectDefault: true });
    expect(metrics.registry).toBe(registry);
    const text = await metrics.render();
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('nodejs_heap_size_used_bytes');
  });

  it('can be created twice (one registry each)', () => {
    expect(() => [createMetrics({ collectDefault: false }), createMetrics({ collectDefault: false })]).not.toThrow();
  });
});

describe('BoundedNames', () => {
  it('names unnamed operations anonymous and truncates long names', () => {
    const names = new BoundedNames(10, 64);
    expect(names.label(null)).toBe('anonymous');
    expect(names.label('')).toBe('anonymous');
    expect(names.label('x'.repeat(100))).toBe('x'.repeat(64));
  });

  it('keeps the first distinct names and collapses later new ones into other', () => {
    const names = new BoundedNames(200);
    for (let i = 0; i < 200; i++) expect(names.label(`Op${i}`)).toBe(`Op${i}`);
    expect(names.label('Op200')).toBe('other');
    expect(names.label('Op7')).toBe('Op7');
  });
});

/** GET /metrics of a stack. */
function scrape(stack: Stack, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(stack.gatewayUrl.replace(/\/graphql$/, '/metrics'), { headers });
}

/** Reads one sample of the exposition text (0 when absent). */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

describe('/metrics over HTTP', () => {
  let compiled: Stack;
  let interpreted: Stack;
  beforeAll(async () => {
    [compiled, interpreted] = await Promise.all([startStack(), startStack({ env: { GRAPHQL_COMPILED_EXECUTION: 'false' } })]);
  });
  afterAll(async () => {
    await Promise.all([compiled?.close(), interpreted?.close()]);
  });

  it('counts operations the same whichever path answered them', async () => {
    const query = fresh('query CountMe($id: String!) { customerProfile(customerIdentification: $id) { profileGuid } }');
    const stranger = await compiled.token({ scope: '', sub: 'cust-someone-else' });
    const before = stats(compiled);
    for (const stack of [compiled, interpreted]) {
      for (let i = 0; i < 5; i++) expect(json(await post(stack, { query, variables: { id: ZOE.customerIdentification } })).errors).toBeUndefined();
      // Refused once admitted: the fast path hands it on to Apollo, which reports it once.
      expect(
        json(await post(stack, { query, variables: { id: ZOE.customerIdentification } }, { token: stranger })).errors?.[0].extensions?.code,
      ).toBe('FORBIDDEN');
    }
    expect(statsSince(compiled, before)).toMatchObject({ compiled: 1, fastPath: 3 });

    const counts = async (stack: Stack) => {
      const text = await (await scrape(stack)).text();
      return {
        ok: sample(text, 'graphql_operations_total{operation_name="CountMe",operation_type="query",outcome="ok"}'),
        forbidden: sample(text, 'graphql_operations_total{operation_name="CountMe",operation_type="query",outcome="FORBIDDEN"}'),
        durations: sample(text, 'graphql_operation_duration_seconds_count{operation_name="CountMe",operation_type="query"}'),
      };
    };
    expect(await counts(compiled)).toEqual({ ok: 5, forbidden: 1, durations: 6 });
    expect(await counts(interpreted)).toEqual({ ok: 5, forbidden: 1, durations: 6 });
  });

  it('never gives names of anonymous or unresolved requests a label slot', async () => {
    // More distinct names than there are slots (200), of each kind.
    for (let i = 0; i < 250; i++) {
      // An anonymous caller's operation, resolved.
      expect((await post(compiled, { query: `query Junk${i} { __typename }`, operationName: `Junk${i}` }, { token: null })).status).toBe(200);
      // An authenticated caller's operationName that names no operation of the document.
      const unresolved = await post(compiled, { query: '{ __typename }', operationName: `Unresolved${i}` });
      expect(json(unresolved).errors?.[0].extensions?.code).toBe('OPERATION_RESOLUTION_FAILURE');
    }
    const named = await post(compiled, {
      query: 'query RealCheckout($id: String!) { customerProfile(customerIdentification: $id) { profileGuid } }',
      variables: { id: ZOE.customerIdentification },
      operationName: 'RealCheckout',
    });
    expect(json(named).errors).toBeUndefined();

    const text = await (await scrape(compiled)).text();
    expect(sample(text, 'graphql_operations_total{operation_name="RealCheckout",operation_type="query",outcome="ok"}')).toBe(1);
    expect(text).not.toMatch(/operation_name="(Junk|Unresolved)\d+"/);
    expect(text).not.toContain('operation_name="other"');
    expect(sample(text, 'graphql_operations_total{operation_name="unknown",operation_type="query",outcome="ok"}')).toBe(250);
    expect(sample(text, 'graphql_operations_total{operation_name="unknown",operation_type="unknown",outcome="OPERATION_RESOLUTION_FAILURE"}')).toBe(
      250,
    );
  });
});

describe('METRICS_TOKEN', () => {
  const TOKEN = 'metrics-scrape-token-0123456789';
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { METRICS_TOKEN: TOKEN } });
  });
  afterAll(() => stack?.close());

  it('answers 401 without the bearer token, and with a wrong one', async () => {
    for (const headers of [
      {} as Record<string, string>,
      { authorization: 'Bearer wrong-token-0123456789abcdef' },
      { authorization: TOKEN },
      { authorization: `Basic ${TOKEN}` },
    ]) {
      const response = await scrape(stack, headers);
      expect({ headers, status: response.status, challenge: response.headers.get('www-authenticate') }).toEqual({
        headers,
        status: 401,
        challenge: 'Bearer',
      });
      expect(await response.text()).not.toContain('graphql_operations_total');
    }
  });

  it('answers 200 with `Authorization: Bearer <METRICS_TOKEN>`', async () => {
    const response = await scrape(stack, { authorization: `Bearer ${TOKEN}` });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await response.text()).toContain('# TYPE graphql_operations_total counter');
  });
});
