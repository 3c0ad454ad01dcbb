/**
 * The HTTP server: Apollo Server 5 on node:http, with health, readiness, metrics and a graceful
 * drain. Everything it serves is handed in already built (schema, upstream API, authenticator,
 * logger, metrics), so tests and main.ts assemble it the same way.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import type { Config } from '../config/config';
import type { Authenticator } from '../auth/verify';
import type { ProfilesApi } from '../ixopay/types';
import { createGraphQLContext, type GraphQLContext } from '../graphql/context';
import { formatError } from '../graphql/errors';
import { handleGraphQLRequest } from './http-graphql';
import { sendJson, sendLiveness, sendReadiness } from './health';
import { compiledExecutionPlugin, FastPath, type CompiledExecutionStats } from './plugins/compiled-execution';
import { graphqlOverHttpPlugin } from './plugins/graphql-over-http';
import { limitsFor } from './plugins/limits';
import { logOperation, loggingPlugin, requestIdFrom, successOutcome } from './plugins/logging';
import type { Metrics } from './plugins/metrics';

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
  upstreamCircuit: () => 'closed' | 'open' | 'half-open';
  /** Demo mode: a dev token pre-filled in Apollo Sandbox's headers. */
  sandboxHeaders?: Record<string, string>;
  /** Example operation shown first in Apollo Sandbox. */
  sandboxDocument?: string;
}

/** A listening gateway. */
export interface Gateway {
  url: string;
  server: Server;
  /** Stops accepting, lets in-flight operations finish (bounded), then stops Apollo. */
  close(): Promise<void>;
  /** What compiled execution and its fast path did so far; undefined when compiled execution is off. */
  compiledExecutionStats(): CompiledExecutionStats | undefined;
}

/** Builds Apollo Server and the HTTP server, and starts listening on the configured host/port. */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const { config, logger } = options;
  const limits = limitsFor(config);
  // A query answered from a compiled plan is answered before Apollo's pipeline from then on. The
  // fast path therefore redoes what the plugins below do per request for a successful query: the
  // variable-dependent limit (limits.operationChecks), the operation log line and the metrics. A
  // plugin added here with another per-request effect on successful queries must be added there too.
  const fastPath = config.server.fastPath
    ? new FastPath<GraphQLContext>({
        checks: limits.operationChecks,
        onServed: ({ admitted, contextValue, durationMs }) => {
          const outcome = successOutcome(admitted.operation, admitted.operationName);
          if (logger.isLevelEnabled('info')) {
            logOperation(logger, { requestId: contextValue.requestId, outcome, durationMs, httpStatus: 200, queryHash: admitted.queryHash });
          }
          options.metrics?.onOperation(outcome, durationMs);
        },
      })
    : undefined;
  const compiled = config.server.compiledExecution ? compiledExecutionPlugin<GraphQLContext>({ fastPath }) : undefined;
  const plugins: ApolloServerPlugin<GraphQLContext>[] = [
    // First: Apollo asks the plugins one by one for a `responseForOperation`, awaiting each that
    // has none; in front, a compiled plan answers without that walk.
    ...(compiled ? [compiled] : []),
    // Profiles are per caller and never HTTP-cacheable; Apollo's default cache-control plugin
    // would wrap every field resolver to compute a policy nobody uses.
    ApolloServerPluginCacheControlDisabled(),
    graphqlOverHttpPlugin(),
    loggingPlugin(logger),
    ...limits.plugins,
    config.server.introspection
      ? ApolloServerPluginLandingPageLocalDefault({
          embed: { runTelemetry: false, initialState: { sharedHeaders: options.sandboxHeaders ?? {} } },
          document: options.sandboxDocument,
          includeCookies: false,
          footer: false,
        })
      : ApolloServerPluginLandingPageDisabled(),
  ];
  if (options.metrics) plugins.push(options.metrics.apolloPlugin());

  const exposeDetails = config.nodeEnv === 'development';
  const apollo = new ApolloServer<GraphQLContext>({
    schema: options.schema,
    introspection: config.server.introspection,
    csrfPrevention: true,
    // Our own drain handles SIGTERM/SIGINT; Apollo's would stop it mid-drain and re-raise the signal.
    stopOnTerminationSignals: false,
    // Field suggestions ("Did you mean ...") would let anyone map the schema with introspection off.
    hideSchemaDetailsFromClientErrors: config.nodeEnv === 'production',
    includeStacktraceInErrorResponses: exposeDetails,
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    formatError: (formatted, error) => formatError(formatted, error, { exposeDetails }),
    plugins,
    logger: {
      debug: (m) => logger.debug(String(m)),
      info: (m) => logger.info(String(m)),
      warn: (m) => logger.warn(String(m)),
      error: (m) => logger.error(String(m)),
    },
  });
  await apollo.start();

  let accepting = true;
  let inFlight = 0;
  let drained: (() => void) | undefined;

  const contextFor = (req: IncomingMessage) => async (): Promise<GraphQLContext> => {
    const principal = await options.authenticator.authenticate(req.headers.authorization);
    return createGraphQLContext({
      api: options.api,
      principal,
      config,
      requestId: (req as RequestWithId).requestId,
      onLoaderBatch: options.metrics ? (size) => options.metrics!.onLoaderBatch(size) : undefined,
    });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://gateway.invalid');
    const requestId = requestIdFrom(req.headers);
    (req as RequestWithId).requestId = requestId;
    res.setHeader('x-request-id', requestId);
    if (!accepting) res.setHeader('connection', 'close');

    switch (url.pathname) {
      case '/graphql':
        if (req.method !== 'GET' && req.method !== 'POST') {
          res.setHeader('allow', 'GET, POST');
          return sendJson(res, 405, { errors: [{ message: 'Method not allowed: use GET or POST' }] });
        }
        inFlight++;
        try {
          await handleGraphQLRequest(apollo, req, res, url, contextFor(req), fastPath);
        } finally {
          inFlight--;
          if (inFlight === 0) drained?.();
        }
        return;
      case '/healthz':
        return sendLiveness(res);
      case '/readyz':
        return sendReadiness(res, { accepting: () => accepting, upstreamCircuit: options.upstreamCircuit });
      case '/metrics':
        if (!options.metrics) return sendJson(res, 404, { error: 'metrics are disabled' });
        options.metrics.setCircuitState(options.upstreamCircuit());
        res.setHeader('content-type', options.metrics.contentType);
        res.end(await options.metrics.render());
        return;
      default:
        return sendJson(res, 404, { error: 'Not found. GraphQL is served at /graphql' });
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      logger.error({ err: { name: (error as Error)?.name, message: (error as Error)?.message } }, 'unhandled request error');
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      else res.destroy();
    });
  });
  // Longer than common load balancer idle timeouts, so the balancer closes first.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

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
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (inFlight > 0) {
        await Promise.race([
          new Promise<void>((resolve) => (drained = resolve)),
          new Promise<void>((resolve) => setTimeout(resolve, config.server.shutdownTimeoutMs).unref()),
        ]);
      }
      server.closeAllConnections();
      await stopped;
      await apollo.stop();
    })());

  return { url, server, close, compiledExecutionStats: () => compiled?.stats() };
}

type RequestWithId = IncomingMessage & { requestId: string };
