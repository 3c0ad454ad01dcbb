/**
 * Hive Gateway configuration for the local supergraph (`npm run supergraph`): the same rules as
 * the Apollo Router's deploy/router/router.yaml, written in Hive Gateway's terms.
 *
 * - `authorization` only to customer-profiles: the gateway decides access per caller; the token is
 *   not sprayed to every subgraph.
 * - `x-request-id`: Hive Gateway's request-id plugin (on by default) forwards the client's id to
 *   every subgraph, or generates one, and echoes it in the response.
 * - `traceparent` / `tracestate`: with the router's OpenTelemetry off they are forwarded as they
 *   came; with it on (run.mjs sets OPENTELEMETRY when OTEL_EXPORTER_OTLP_ENDPOINT is set) the
 *   plugin continues the client's trace and sends its own span as the parent instead.
 * - Timeouts: 15 s per subgraph request, above IXOPAY_TIMEOUT_MS (10 s), so a slow IXOPAY call
 *   reaches the client as the gateway's UPSTREAM_UNAVAILABLE rather than as a router timeout.
 */
import process from 'node:process';
import { defineConfig } from '@graphql-hive/gateway';

const PROFILES_SUBGRAPH = 'customer-profiles';
const routerTracing = Boolean(process.env.OPENTELEMETRY);
const forwardedToAll = routerTracing ? [] : ['traceparent', 'tracestate'];

export const gatewayConfig = defineConfig({
  propagateHeaders: {
    fromClientToSubgraphs({ request, subgraphName }) {
      const headers = {};
      for (const name of forwardedToAll) {
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
