/**
 * Hive Gateway configuration for the local supergraph (`npm run supergraph`): the same rules as
 * the Apollo Router's deploy/router/router.yaml, written in Hive Gateway's terms.
 *
 * - `authorization` only to customer-profiles: the gateway decides access per caller; the token is
 *   not sprayed to every subgraph.
 * - `x-request-id`: Hive Gateway's request-id plugin (on by default) forwards the client's id to
 *   every subgraph, or generates one, and echoes it in the response.
 * - Tracing, when OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) is set: Hive
 *   Gateway's OpenTelemetry plugin continues the client's W3C trace, makes spans for the request,
 *   the operation and each subgraph call, and sends its subgraph-call span as the parent
 *   (`traceparent`); spans go out over OTLP/HTTP (JSON), service name OTEL_SERVICE_NAME or
 *   "router". Off: `traceparent`/`tracestate` are forwarded as they came.
 * - Timeouts: 15 s per subgraph request, above IXOPAY_TIMEOUT_MS (10 s), so a slow IXOPAY call
 *   reaches the client as the gateway's UPSTREAM_UNAVAILABLE rather than as a router timeout.
 */
import process from 'node:process';
import { defineConfig } from '@graphql-hive/gateway';

const PROFILES_SUBGRAPH = 'customer-profiles';
const set = (name) => (process.env[name] ?? '').trim() !== '';
const tracing = set('OTEL_EXPORTER_OTLP_ENDPOINT') || set('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');

/**
 * Attributes Hive Gateway records that may carry customer data: the client's document (literal
 * arguments such as a customerIdentification), a GET request's URL (the query string holds the
 * document and variables), the client's address. Blanked before the span ends; operation name,
 * type and hash stay.
 */
const redactPersonalAttributes = {
  onStart() {},
  onEnding(span) {
    if (span.attributes['graphql.document'] !== undefined) span.setAttribute('graphql.document', '[not recorded]');
    if (span.attributes['http.client_ip'] !== undefined) span.setAttribute('http.client_ip', '[not recorded]');
    const url = span.attributes['http.url'];
    if (typeof url === 'string' && url.includes('?')) span.setAttribute('http.url', url.slice(0, url.indexOf('?')));
  },
  onEnd() {},
  forceFlush: async () => {},
  shutdown: async () => {},
};

if (tracing) {
  const [
    { openTelemetrySetup },
    { AsyncLocalStorageContextManager },
    { OTLPTraceExporter },
    { AlwaysOnSampler, BatchSpanProcessor, ParentBasedSampler },
  ] = await Promise.all([
    import('@graphql-hive/gateway/opentelemetry/setup'),
    import('@opentelemetry/context-async-hooks'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/sdk-trace-base'),
  ]);
  openTelemetrySetup({
    contextManager: new AsyncLocalStorageContextManager(),
    resource: { serviceName: process.env.OTEL_SERVICE_NAME || 'router' },
    // The SDK's default: follow the caller's sampling decision, sample new traces.
    sampler: new ParentBasedSampler({ root: new AlwaysOnSampler() }),
    // The exporter reads the OTEL_EXPORTER_OTLP_* endpoint, headers and timeout itself.
    traces: { processors: [redactPersonalAttributes, new BatchSpanProcessor(new OTLPTraceExporter())] },
  });
}

export const gatewayConfig = defineConfig({
  openTelemetry: tracing ? { traces: true } : undefined,
  propagateHeaders: {
    fromClientToSubgraphs({ request, subgraphName }) {
      const headers = {};
      // With tracing on, the plugin writes traceparent itself (its own span as the parent).
      for (const name of tracing ? [] : ['traceparent', 'tracestate']) {
        const value = request.headers.get(name);
        if (value !== null) headers[name] = value;
      }
      if (subgraphName === PROFILES_SUBGRAPH) {
        const authorization = request.headers.get('authorization');
        if (authorization !== null) headers.authorization = authorization;
      }
      return headers;
    },
  },
  upstreamTimeout: 15_000,
  // The whole client request, above the subgraph timeout (router.yaml: traffic_shaping.router.timeout).
  requestDeadline: 20_000,
  // Subgraph errors keep their own extensions.code (FORBIDDEN, PROFILE_NOT_FOUND, ...); the router
  // adds serviceName only.
  subgraphErrors: { errorCode: false },
});
