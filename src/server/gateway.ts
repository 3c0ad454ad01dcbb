/**
 * The HTTP server: Apollo Server 5 on node:http, with health, readiness, metrics, the local
 * explorer and a graceful drain. Everything it serves is handed in already built (schema, upstream
 * API, authenticator, logger, metrics), so tests and main.ts assemble it the same way.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import type { Config } from '../config/config';
import type { Authenticator } from '../auth/verify';
import type { CircuitState } from '../ixopay/resilience/circuit';
import type { ProfilesApi } from '../ixopay/types';
import { gatewayTracer, traceOperation } from '../fleet/tracing';
import { createGraphQLContext, type GraphQLContext } from '../graphql/context';
import { formatError, requestErrorBody } from '../graphql/errors';
import { createExplorer, type ExplorerTab } from './explorer';
import { sendJson, sendLiveness, sendReadiness } from './health';
import { ClientDisconnect } from './http/client-disconnect';
import { graphqlEndpoint } from './http/graphql-endpoint';
import { matchesSecret } from './http/shared-secret';
import { TrustedDocuments } from './http/trusted-documents';
import { requestIdFrom } from './plugins/logging';
import type { Metrics } from './plugins/metrics';
import { documentStore } from './operations/document-store';
import { FastPath } from './operations/fast-path';
import { LearnedMediaTypes } from './operations/media-types';
import { serializeResult } from './operations/serialize';
import { gatewayPlugins, type CompiledExecutionStats } from './plugins';

/** Everything the server needs, built by the start-up wiring. */
export interface GatewayOptions {
  config: Config;
  /** The subgraph schema (a superset of the client contract). */
  schema: GraphQLSchema;
  api: ProfilesApi;
  authenticator: Authenticator;
  logger: Logger;
  metrics?: Metrics;
  /** Circuit state of the upstream client, for /readyz and the metrics gauge. */
  upstreamCircuit: () => CircuitState;
  /** Demo mode: a dev token pre-filled in Apollo Sandbox's and the explorer's headers. */
  sandboxHeaders?: Record<string, string>;
  /** Example operation shown first in Apollo Sandbox. */
  sandboxDocument?: string;
  /** Tabs the local explorer (GET /explorer) opens with; demo mode: the example operations. */
  explorerTabs?: ExplorerTab[];
  /** Where automatic persisted queries are kept (REDIS_URL: shared by the replicas); default Apollo's in-memory cache. */
  persistedQueries?: { cache: KeyValueCache<string>; ttlSeconds: number };
}

/** A listening gateway. */
export interface Gateway {
  url: string;
  server: Server;
  /** Stops accepting, lets in-flight operations finish (bounded), then stops Apollo. */
  close(): Promise<void>;
  /** What compiled execution and the fast path did so far; undefined when compiled execution is off. */
  compiledExecutionStats(): (CompiledExecutionStats & { fastPath: number }) | undefined;
}

/** Builds Apollo Server and the HTTP server, and starts listening on the configured host/port. */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const { config, logger } = options;
  let accepting = true;

  const server = createServer({
    // Slow clients: a request (headers and body) must arrive within these, not Node's 300 s.
    requestTimeout: config.server.requestTimeoutMs,
    headersTimeout: Math.min(config.server.requestTimeoutMs, 60_000),
    // Node checks those timeouts only this often (30 s by default): check often enough to mean them.
    connectionsCheckingInterval: Math.min(1000, Math.floor(config.server.requestTimeoutMs / 2)),
  });
  // Longer than common load balancer idle timeouts, so the balancer closes first.
  server.keepAliveTimeout = 65_000;
  server.maxConnections = config.server.maxConnections;

  const { plugins, compiled, parseOptions, validationRules, report } = gatewayPlugins({
    config,
    schema: options.schema,
    logger,
    metrics: options.metrics,
    landingPage: { headers: options.sandboxHeaders, document: options.sandboxDocument },
  });
  plugins.push(ApolloServerPluginDrainHttpServer({ httpServer: server, stopGracePeriodMillis: config.server.shutdownTimeoutMs }));

  const exposeDetails = config.nodeEnv === 'development';
  const apollo = new ApolloServer<GraphQLContext>({
    schema: options.schema,
    introspection: config.server.introspection,
    // Apollo's two headers plus Authorization: browsers preflight any request that carries it, so
    // bearer-token GETs (urql's default, Apollo Client's useGETForQueries) cannot be forged either.
    csrfPrevention: { requestHeaders: ['x-apollo-operation-name', 'apollo-require-preflight', 'authorization'] },
    // main.ts handles SIGTERM/SIGINT with a drain; Apollo's handler would re-raise the signal.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: exposeDetails,
    // Suggestions are removed by formatError outside development, for every kind of error.
    hideSchemaDetailsFromClientErrors: false,
    // Both request-derived caches (this one and the compiled operations) are bounded by bytes.
    documentStore: documentStore(config.server.operationCacheBytes),
    ...(options.persistedQueries && { persistedQueries: { cache: options.persistedQueries.cache, ttl: options.persistedQueries.ttlSeconds } }),
    validationRules,
    parseOptions,
    stringifyResult: serializeResult,
    formatError: (formatted, error) => formatError(formatted, error, { exposeDetails, maxTokens: config.limits.maxTokens }),
    plugins,
    logger: {
      debug: (m) => logger.debug(String(m)),
      info: (m) => logger.info(String(m)),
      warn: (m) => logger.warn(String(m)),
      error: (m) => logger.error(String(m)),
    },
  });
  await apollo.start();

  const mediaTypes = new LearnedMediaTypes();
  const fastPath = compiled && config.server.fastPath ? new FastPath(plugins, mediaTypes) : undefined;
  const trustedPath = config.server.trustedDocuments;
  const trusted =
    trustedPath === undefined ? undefined : { documents: TrustedDocuments.fromFile(trustedPath), enforce: config.server.trustedDocumentsEnforce };
  const handleGraphQL = graphqlEndpoint({ apollo, fastPath, mediaTypes, maxQueryBytes: config.limits.maxQueryBytes, trusted, report });
  // GraphiQL served from here; like the Sandbox landing page, only while introspection is on.
  const explorer = config.server.introspection ? createExplorer({ headers: options.sandboxHeaders, tabs: options.explorerTabs, logger }) : undefined;

  // OpenTelemetry (src/tracing.ts, OTEL_EXPORTER_OTLP_ENDPOINT): each /graphql request is a span
  // continuing the caller's traceparent; undefined when tracing is off, and then nothing is done.
  const tracer = gatewayTracer();

  const onLoaderBatch = options.metrics ? (size: number) => options.metrics!.onLoaderBatch(size) : undefined;
  const contextFor = (req: IncomingMessage, res: ServerResponse, requestId: string) => async (): Promise<GraphQLContext> => {
    return createGraphQLContext({
      api: options.api,
      principal: await options.authenticator.authenticate(req.headers.authorization),
      config,
      requestId,
      caller: new ClientDisconnect(res),
      fromRouter: matchesSecret(req.headers['x-router-secret'], config.server.routerSecret),
      onLoaderBatch,
    });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const requestId = requestIdFrom(req.headers);
    res.setHeader('x-request-id', requestId);
    if (!accepting) res.setHeader('connection', 'close');
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://gateway.invalid');
    } catch {
      // A malformed request target (e.g. `GET http://[`) is the client's error, not ours.
      return sendJson(res, 400, { error: 'Malformed request target' });
    }

    if (explorer?.serves(url.pathname)) return explorer.handle(req, res, url.pathname);
    switch (url.pathname) {
      case '/graphql':
        if (tracer) return traceOperation(tracer, req, res, () => handleGraphQL(req, res, url, requestId, contextFor(req, res, requestId)));
        return handleGraphQL(req, res, url, requestId, contextFor(req, res, requestId));
      case '/healthz':
        return sendLiveness(res);
      case '/readyz':
        return sendReadiness(res, { accepting: () => accepting, upstreamCircuit: options.upstreamCircuit });
      case '/metrics':
        if (!options.metrics) return sendJson(res, 404, { error: 'metrics are disabled' });
        if (config.server.metricsToken !== undefined && !matchesSecret(bearer(req.headers.authorization), config.server.metricsToken)) {
          res.setHeader('www-authenticate', 'Bearer');
          return sendJson(res, 401, { error: 'metrics need Authorization: Bearer <METRICS_TOKEN>' });
        }
        options.metrics.setCircuitState(options.upstreamCircuit());
        res.setHeader('content-type', options.metrics.contentType);
        res.end(await options.metrics.render());
        return;
      default:
        return sendJson(res, 404, { error: 'Not found. GraphQL is served at /graphql' });
    }
  };

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((error: unknown) => {
      logger.error({ err: { name: (error as Error)?.name, message: (error as Error)?.message } }, 'unhandled request error');
      if (!res.headersSent) sendJson(res, 500, requestErrorBody(error));
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.server.port, config.server.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}/graphql`;

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      accepting = false;
      // The drain plugin closes the listener, lets in-flight requests finish within the shutdown
      // timeout, then closes every connection; then Apollo stops.
      await apollo.stop();
    })());

  return {
    url,
    server,
    close,
    compiledExecutionStats: () => compiled && { ...compiled.stats(), fastPath: fastPath?.served ?? 0 },
  };
}

/** The credential of an `Authorization: Bearer <value>` header, if that is what it is. */
function bearer(header: string | undefined): string | undefined {
  return /^Bearer (\S+)$/i.exec(header ?? '')?.[1];
}
