import { ApolloServer } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { Registry } from 'prom-client';
import { createMetrics } from '../../../../src/server/plugins/metrics';
import { BoundedNames } from '../../../../src/server/plugins/metrics/bounded-names';

const typeDefs = 'type Query { greeting: String, forbidden: String } type Mutation { touch: Boolean }';
const resolvers = {
  Query: {
    greeting: () => 'hello',
    forbidden: () => {
      throw new GraphQLError('no', { extensions: { code: 'FORBIDDEN' } });
    },
  },
  Mutation: { touch: () => true },
};

describe('createMetrics', () => {
  it('renders operation, upstream, loader and circuit metrics after events', async () => {
    const metrics = createMetrics({ collectDefault: false });
    const server = new ApolloServer({ typeDefs, resolvers, plugins: [metrics.apolloPlugin()] });
    await server.start();
    try {
      await server.executeOperation({ query: 'query Checkout { greeting }' });
      await server.executeOperation({ query: 'query Checkout { greeting }' });
      await server.executeOperation({ query: '{ forbidden }' });
      await server.executeOperation({ query: 'mutation Touch { touch }' });
      await server.executeOperation({ query: '{ nope }', operationName: 'Attacker-Chosen' });
    } finally {
      await server.stop();
    }
    metrics.onUpstreamCall({ operation: 'getProfile', status: 200, durationMs: 12, outcome: 'ok', attempt: 1 });
    metrics.onUpstreamCall({ operation: 'getProfile', status: 503, durationMs: 40, outcome: 'UPSTREAM_UNAVAILABLE', attempt: 1 });
    metrics.onLoaderBatch(100);
    metrics.onLoaderBatch(3);
    metrics.setCircuitState('open');

    const text = await metrics.render();
    expect(text).toContain('graphql_operations_total{operation_name="Checkout",operation_type="query",outcome="ok"} 2');
    expect(text).toContain('graphql_operations_total{operation_name="anonymous",operation_type="query",outcome="FORBIDDEN"} 1');
    expect(text).toContain('graphql_operations_total{operation_name="Touch",operation_type="mutation",outcome="ok"} 1');
    // A document that never resolved to an operation: the request's operationName is not a label.
    expect(text).toContain('graphql_operations_total{operation_name="unknown",operation_type="unknown",outcome="GRAPHQL_VALIDATION_FAILED"} 1');
    expect(text).not.toContain('Attacker-Chosen');
    expect(text).toContain('graphql_operation_duration_seconds_count{operation_name="Checkout",operation_type="query"} 2');
    expect(text).toContain('ixopay_upstream_calls_total{operation="getProfile",status="200",outcome="ok"} 1');
    expect(text).toContain('ixopay_upstream_calls_total{operation="getProfile",status="503",outcome="UPSTREAM_UNAVAILABLE"} 1');
    expect(text).toContain('ixopay_upstream_call_duration_seconds_bucket{le="0.025",operation="getProfile"} 1');
    expect(text).toContain('ixopay_upstream_call_duration_seconds_bucket{le="0.001",operation="getProfile"} 0');
    expect(text).toContain('graphql_loader_batch_size_bucket{le="5"} 1');
    expect(text).toContain('graphql_loader_batch_size_bucket{le="100"} 2');
    expect(text).toContain('ixopay_circuit_state 2');
    expect(metrics.contentType).toMatch(/^text\/plain/);
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
