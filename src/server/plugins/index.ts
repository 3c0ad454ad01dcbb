/**
 * The gateway's Apollo plugins, in one list. Every plugin with per-request hooks declares its
 * fast-path counterpart (operations/counterparts.ts); the fast path is built from this same list
 * and refuses to start if one does not.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import type { GraphQLSchema, ParseOptions, ValidationRule } from 'graphql';
import type { Logger } from 'pino';
import type { Config } from '../../config/config';
import { recordOperation } from '../../fleet/tracing';
import type { GraphQLContext } from '../../graphql/context';
import { profileReadCheck } from '../../graphql/profile/profile-read-check';
import { OperationStore } from '../operations/operation-store';
import type { OperationSink } from '../operations/report';
import { compiledExecutionPlugin, type CompiledExecutionPlugin } from './compiled-execution';
import { federatedTracePlugin, wantsFederatedTrace } from './federated-trace';
import { graphqlOverHttpPlugin } from './graphql-over-http';
import { inputPathsPlugin } from './input-paths';
import { landingPageWithLocalFallback } from './landing-page';
import { limitsFor } from './limits';
import { logOperation } from './logging';
import type { Metrics } from './metrics';
import { operationReportPlugin } from './operation-report';

export type { CompiledExecutionStats } from './compiled-execution';

export interface GatewayPluginOptions {
  config: Config;
  schema: GraphQLSchema;
  logger: Logger;
  metrics?: Metrics;
  /** Apollo Sandbox's initial headers and document (demo mode). */
  landingPage: { headers?: Record<string, string>; document?: string };
}

export interface GatewayPlugins {
  plugins: ApolloServerPlugin<GraphQLContext>[];
  /** The compiled-execution plugin, when GRAPHQL_COMPILED_EXECUTION is on. */
  compiled?: CompiledExecutionPlugin<GraphQLContext>;
  parseOptions: ParseOptions;
  validationRules: ValidationRule[];
  /** The operation sink the plugins report to; requests refused before GraphQL report to it too. */
  report: OperationSink;
}

/** Builds the plugin list (and what ApolloServer needs beside it for the limits). */
export function gatewayPlugins(options: GatewayPluginOptions): GatewayPlugins {
  const { config, logger, metrics } = options;
  const limits = limitsFor(config, options.schema, [profileReadCheck(options.schema)]);
  const logInfo = logger.isLevelEnabled('info');
  const sink: OperationSink = (report) => {
    if (logInfo) logOperation(logger, report);
    metrics?.onOperation(report);
    // Completes the request's trace span (src/fleet/tracing.ts), on both paths; a no-op when off.
    recordOperation(report);
  };
  const compiled = config.server.compiledExecution
    ? compiledExecutionPlugin<GraphQLContext>({
        store: new OperationStore({ maxBytes: config.server.operationCacheBytes, maxDocumentLength: config.limits.maxQueryBytes }),
        declines: [wantsFederatedTrace],
      })
    : undefined;

  const plugins: ApolloServerPlugin<GraphQLContext>[] = [
    // First: Apollo asks the plugins one by one for a `responseForOperation`, awaiting each that
    // has none; in front, a compiled plan answers without that walk.
    ...(compiled ? [compiled] : []),
    // Profiles are per caller and never HTTP-cacheable; Apollo's default cache-control plugin
    // would wrap every field resolver to compute a policy nobody uses.
    ApolloServerPluginCacheControlDisabled(),
    ApolloServerPluginUsageReportingDisabled(),
    ApolloServerPluginSchemaReportingDisabled(),
    federatedTracePlugin(),
    graphqlOverHttpPlugin<GraphQLContext>(),
    operationReportPlugin(sink, logger),
    limits.plugin,
    inputPathsPlugin(),
    config.server.introspection
      ? landingPageWithLocalFallback(
          ApolloServerPluginLandingPageLocalDefault({
            embed: { runTelemetry: false, initialState: { sharedHeaders: options.landingPage.headers ?? {} } },
            document: options.landingPage.document,
            includeCookies: false,
            footer: false,
          }),
          { explorerHref: 'explorer' },
        )
      : ApolloServerPluginLandingPageDisabled(),
  ];
  return { plugins, compiled, parseOptions: limits.parseOptions, validationRules: limits.validationRules, report: sink };
}
