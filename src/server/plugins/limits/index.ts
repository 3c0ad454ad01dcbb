/**
 * Query limits: everything an operation may not exceed, enforced before any resolver runs.
 *
 * | limit         | where                                         | code              |
 * |---------------|-----------------------------------------------|-------------------|
 * | maxQueryBytes | HTTP adapter, before parsing                  | QUERY_TOO_COMPLEX |
 * | maxTokens     | graphql-js's parser (`parseOptions`)          | QUERY_TOO_COMPLEX |
 * | maxDepth      | validation rule (graphql-armor)               | QUERY_TOO_COMPLEX |
 * | maxAliases    | validation rule (graphql-armor)               | QUERY_TOO_COMPLEX |
 * | maxDirectives | validation rule (graphql-armor)               | QUERY_TOO_COMPLEX |
 * | maxCost       | operation check at didResolveOperation        | QUERY_TOO_COMPLEX |
 * | refs / reps   | operation check at didResolveOperation        | BAD_USER_INPUT    |
 * | shopper calls | operation check at didResolveOperation        | QUERY_TOO_COMPLEX |
 * | shopper rate  | operation check at didResolveOperation        | RATE_LIMITED      |
 *
 * Everything but the operation checks depends on the document alone, so an operation the fast path
 * answers has passed them already; the operation checks are declared to the fast path, which runs
 * them per request.
 */
import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import type { GraphQLSchema, ParseOptions, ValidationRule } from 'graphql';
import type { Config } from '../../../config/config';
import type { GraphQLContext } from '../../../graphql/context';
import { withFastPathCounterpart } from '../../operations/counterparts';
import type { OperationCheck } from '../../../graphql/operation-check';
import { costCheck } from './cost';
import { shopperRateCheck } from './shopper-rate';
import { structureRules } from './structure-rules';

export { costCheck, FIELD_COST, type CostLimitOptions } from './cost';

/** What ApolloServer needs to enforce the limits: pass all three to its constructor. */
export interface Limits {
  validationRules: ValidationRule[];
  plugin: ApolloServerPlugin<GraphQLContext>;
  /**
   * graphql-js stops parsing past `maxTokens`, so an oversized document costs no more than the
   * limit; formatError reports the abort as QUERY_TOO_COMPLEX.
   */
  parseOptions: ParseOptions;
}

/**
 * Builds the validation rules, the checks' plugin and the parse options for the configured limits.
 * `accessChecks` (rules on the caller that must hold before anything executes) run in the same plugin.
 */
export function limitsFor(config: Pick<Config, 'limits' | 'loader'>, schema: GraphQLSchema, accessChecks: readonly OperationCheck[] = []): Limits {
  const { limits, loader } = config;
  const checks = [
    ...accessChecks,
    costCheck(schema, {
      maxCost: limits.maxCost,
      shopperMaxUpstreamCalls: limits.shopperMaxUpstreamCalls,
      listCaps: { refs: loader.maxRefs, representations: loader.maxRepresentations },
    }),
    // Last: only an operation that passed every other check spends a shopper's rate.
    shopperRateCheck(limits.shopperOperationsPerMinute),
  ];
  return {
    validationRules: structureRules(limits),
    plugin: operationChecksPlugin(checks),
    parseOptions: { maxTokens: limits.maxTokens },
  };
}

/**
 * Runs the checks once the operation is resolved. One shared listener: it keeps no per-request
 * state, and Apollo awaits a Promise.all over every plugin's listener in each phase.
 */
function operationChecksPlugin(checks: readonly OperationCheck[]): ApolloServerPlugin<GraphQLContext> {
  const listener: GraphQLRequestListener<GraphQLContext> = {
    async didResolveOperation({ document, operation, request, contextValue }) {
      // No operation (unknown operationName): execution reports that, nothing runs.
      if (!operation) return;
      const checked = { document, operation, variables: request.variables, context: contextValue };
      for (const check of checks) {
        const problem = await check(checked);
        if (problem) throw problem;
      }
    },
  };
  const started = Promise.resolve(listener);
  return withFastPathCounterpart({ requestDidStart: () => started }, { kind: 'checks', checks });
}
