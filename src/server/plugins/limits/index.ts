/**
 * Query limits: everything an operation may not exceed, enforced before any resolver runs.
 *
 * | limit         | where                               | code              |
 * |---------------|-------------------------------------|-------------------|
 * | maxTokens     | parser (`parseOptions`) + plugin    | QUERY_TOO_COMPLEX |
 * | maxDepth      | validation rule (graphql-armor)     | QUERY_TOO_COMPLEX |
 * | maxAliases    | validation rule (graphql-armor)     | QUERY_TOO_COMPLEX |
 * | maxDirectives | validation rule (graphql-armor)     | QUERY_TOO_COMPLEX |
 * | maxCost       | plugin at didResolveOperation       | QUERY_TOO_COMPLEX |
 * | refs / reps   | plugin at didResolveOperation       | BAD_USER_INPUT    |
 * | suggestions   | stripped when NODE_ENV=production   | -                 |
 */
import type { ApolloServerPlugin, BaseContext, GraphQLRequestListener } from '@apollo/server';
import { ApolloServerPluginDisableSuggestions } from '@apollo/server/plugin/disableSuggestions';
import type { ParseOptions, ValidationRule } from 'graphql';
import type { Config } from '../../../config/config';
import { costCheck, costLimitListener, type OperationCheck } from './cost';
import { limitErrorCodesListener } from './query-too-complex';
import { structureRules } from './structure-rules';
import { tokenLimitListener, tokenLimitParseOptions } from './tokens';

export { costCheck, costLimitListener, ROOT_FIELD_COSTS, FIELD_COST, type CostLimitOptions, type OperationCheck } from './cost';
export { QUERY_TOO_COMPLEX, queryTooComplex, limitErrorCodesListener, type LimitName } from './query-too-complex';
export { structureRules, type StructureLimits } from './structure-rules';
export { tokenLimitListener, tokenLimitParseOptions, exceedsTokens } from './tokens';

/** What ApolloServer needs to enforce the limits: pass all three to its constructor. */
export interface Limits<TContext extends BaseContext = BaseContext> {
  validationRules: ValidationRule[];
  plugins: ApolloServerPlugin<TContext>[];
  /**
   * `parseOptions` for ApolloServer: graphql-js stops parsing past `maxTokens`, so an oversized
   * document costs no more than the limit (without them it is still refused, after a full parse).
   */
  parseOptions: ParseOptions;
  /**
   * The checks whose verdict depends on the request's variables, not only on the document; the
   * compiled fast path, which skips Apollo's pipeline for admitted documents, runs them per request.
   */
  operationChecks: OperationCheck[];
}

/** Builds the validation rules, plugins and parse options for the configured limits. */
export function limitsFor<TContext extends BaseContext = BaseContext>(
  config: Pick<Config, 'limits' | 'loader' | 'nodeEnv'>,
): Limits<TContext> {
  const { limits, loader } = config;
  // One cost check, run by Apollo's pipeline (the listener) and by the compiled fast path.
  const cost = costCheck({ maxCost: limits.maxCost, maxRefs: loader.maxRefs, maxRepresentations: loader.maxRepresentations });
  const plugins: ApolloServerPlugin<TContext>[] = [
    limitsPlugin([
      limitErrorCodesListener<TContext>(),
      tokenLimitListener<TContext>({ maxTokens: limits.maxTokens }),
      costLimitListener<TContext>(cost),
    ]),
  ];
  // "Did you mean ...?" would let anyone map the schema with introspection off. Apollo skips its
  // own copy of this plugin (hideSchemaDetailsFromClientErrors) when one is installed.
  if (config.nodeEnv === 'production') plugins.push(ApolloServerPluginDisableSuggestions() as ApolloServerPlugin<TContext>);
  return {
    validationRules: structureRules(limits),
    plugins,
    parseOptions: tokenLimitParseOptions(limits.maxTokens),
    operationChecks: [cost],
  };
}

/** The request hooks the limit listeners use; `limitsPlugin` refuses a listener with any other. */
const LIMIT_HOOKS = ['validationDidStart', 'didResolveOperation', 'didEncounterErrors'] as const;

/**
 * One plugin, and one request listener, for all limit checks. Apollo awaits a Promise.all over
 * every plugin's listener in each phase of every request; the listeners here keep no per-request
 * state, so one shared listener runs them in order at the cost of one.
 */
export function limitsPlugin<TContext extends BaseContext>(listeners: GraphQLRequestListener<TContext>[]): ApolloServerPlugin<TContext> {
  for (const listener of listeners) {
    const unsupported = Object.keys(listener).filter((hook) => !(LIMIT_HOOKS as readonly string[]).includes(hook));
    if (unsupported.length > 0) throw new Error(`limitsPlugin runs only ${LIMIT_HOOKS.join(', ')}; got ${unsupported.join(', ')}`);
  }
  const combined: GraphQLRequestListener<TContext> = {
    async validationDidStart(requestContext) {
      for (const listener of listeners) await listener.validationDidStart?.(requestContext);
    },
    async didResolveOperation(requestContext) {
      for (const listener of listeners) await listener.didResolveOperation?.(requestContext);
    },
    async didEncounterErrors(requestContext) {
      for (const listener of listeners) await listener.didEncounterErrors?.(requestContext);
    },
  };
  const started = Promise.resolve(combined);
  return { requestDidStart: () => started };
}
