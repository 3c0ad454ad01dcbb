/**
 * Prometheus metrics: GraphQL operations, IXOPAY upstream calls, DataLoader batch sizes and the
 * circuit breaker state, plus Node process defaults. Served as text by the gateway at /metrics.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { UpstreamCallEvent } from '../../../ixopay/types';
import type { CircuitState } from '../../../ixopay/resilience/circuit';
import type { OperationReport } from '../../operations/report';
import { BoundedNames } from './bounded-names';

/** The gateway's metrics and the hooks that feed them. */
export interface Metrics {
  readonly registry: Registry;
  /** Content-Type of `render()`'s output (Prometheus text format). */
  readonly contentType: string;
  /** Counts and times one operation (whichever path answered it). */
  onOperation(report: OperationReport): void;
  /** Feed from the IXOPAY client's `onCall`. */
  onUpstreamCall(event: UpstreamCallEvent): void;
  /** Feed from the profile DataLoader: keys in one batch. */
  onLoaderBatch(size: number): void;
  setCircuitState(state: CircuitState): void;
  /** The exposition text for a scrape. */
  render(): Promise<string>;
}

/** Where metrics register; `collectDefault` (default true) adds process and Node runtime metrics. */
export interface MetricsOptions {
  registry?: Registry;
  collectDefault?: boolean;
}

/** Latencies from a cached in-memory answer (~1 ms) up to the upstream timeout (10 s). */
export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Up to MAX_PROFILE_REFS / MAX_ENTITY_REPRESENTATIONS (default 100) and beyond. */
export const BATCH_SIZE_BUCKETS = [1, 2, 5, 10, 20, 50, 100, 200, 500];

const CIRCUIT_VALUE: Record<CircuitState, number> = { closed: 0, 'half-open': 1, open: 2 };

/** Creates and registers every metric; use one registry per gateway (tests create several). */
export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = options.registry ?? new Registry();
  if (options.collectDefault ?? true) collectDefaultMetrics({ register: registry });

  const operations = new Counter({
    name: 'graphql_operations_total',
    help: 'GraphQL operations by name, type and outcome (ok or the first error code).',
    labelNames: ['operation_name', 'operation_type', 'outcome'] as const,
    registers: [registry],
  });
  const operationDuration = new Histogram({
    name: 'graphql_operation_duration_seconds',
    help: 'GraphQL operation duration, from request start to response.',
    labelNames: ['operation_name', 'operation_type'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const upstreamCalls = new Counter({
    name: 'ixopay_upstream_calls_total',
    help: 'IXOPAY API calls (each retry attempt counts) by operation, HTTP status (0 = no response) and outcome.',
    labelNames: ['operation', 'status', 'outcome'] as const,
    registers: [registry],
  });
  const upstreamDuration = new Histogram({
    name: 'ixopay_upstream_call_duration_seconds',
    help: 'IXOPAY API call duration per attempt.',
    labelNames: ['operation'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const loaderBatchSize = new Histogram({
    name: 'graphql_loader_batch_size',
    help: 'Profile references resolved per DataLoader batch.',
    buckets: BATCH_SIZE_BUCKETS,
    registers: [registry],
  });
  const circuitState = new Gauge({
    name: 'ixopay_circuit_state',
    help: 'IXOPAY circuit breaker: 0 closed, 1 half-open, 2 open.',
    registers: [registry],
  });
  circuitState.set(0);

  const names = new BoundedNames();

  return {
    registry,
    contentType: registry.contentType,
    onOperation({ outcome, labelled, durationMs }) {
      // Only names of resolved operations of authenticated callers take a label slot: a request's
      // operationName may be any string, and anonymous junk must not crowd out real operations.
      const name = labelled ? names.label(outcome.operationName) : 'unknown';
      operations.inc({ operation_name: name, operation_type: outcome.operationType, outcome: outcome.outcome });
      operationDuration.observe({ operation_name: name, operation_type: outcome.operationType }, durationMs / 1000);
    },
    onUpstreamCall(event) {
      upstreamCalls.inc({ operation: event.operation, status: String(event.status), outcome: event.outcome });
      upstreamDuration.observe({ operation: event.operation }, event.durationMs / 1000);
    },
    onLoaderBatch(size) {
      loaderBatchSize.observe(size);
    },
    setCircuitState(state) {
      circuitState.set(CIRCUIT_VALUE[state]);
    },
    render: () => registry.metrics(),
  };
}
