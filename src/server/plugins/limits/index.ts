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
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloServerPluginDisableSuggestions } from '@apollo/server/plugin/disableSuggestions';
import type { ParseOptions, ValidationRule } from 'graphql';
import type { Config } from '../../../config/config';
import { costLimitPlugin } from './cost';
import { limitErrorCodesPlugin } from './query-too-complex';
import { structureRules } from './structure-rules';
import { tokenLimitParseOptions, tokenLimitPlugin } from './tokens';

export { costLimitPlugin, ROOT_FIELD_COSTS, FIELD_COST, type CostLimitOptions } from './cost';
export { QUERY_TOO_COMPLEX, queryTooComplex, limitErrorCodesPlugin, type LimitName } from './query-too-complex';
export { structureRules, type StructureLimits } from './structure-rules';
export { tokenLimitPlugin, tokenLimitParseOptions, exceedsTokens } from './tokens';

/** What ApolloServer needs to enforce the limits: pass all three to its constructor. */
export interface Limits<TContext extends BaseContext = BaseContext> {
  validationRules: ValidationRule[];
  plugins: ApolloServerPlugin<TContext>[];
  /**
   * `parseOptions` for ApolloServer: graphql-js stops parsing past `maxTokens`, so an oversized
   * document costs no more than the limit (without them it is still refused, after a full parse).
   */
  parseOptions: ParseOptions;
}

/** Builds the validation rules, plugins and parse options for the configured limits. */
export function limitsFor<TContext extends BaseContext = BaseContext>(
  config: Pick<Config, 'limits' | 'loader' | 'nodeEnv'>,
): Limits<TContext> {
  const { limits, loader } = config;
  const plugins: ApolloServerPlugin<TContext>[] = [
    limitErrorCodesPlugin(),
    tokenLimitPlugin({ maxTokens: limits.maxTokens }),
    costLimitPlugin({ maxCost: limits.maxCost, maxRefs: loader.maxRefs, maxRepresentations: loader.maxRepresentations }),
  ];
  // "Did you mean ...?" would let anyone map the schema with introspection off. Apollo skips its
  // own copy of this plugin (hideSchemaDetailsFromClientErrors) when one is installed.
  if (config.nodeEnv === 'production') plugins.push(ApolloServerPluginDisableSuggestions() as ApolloServerPlugin<TContext>);
  return {
    validationRules: structureRules(limits),
    plugins,
    parseOptions: tokenLimitParseOptions(limits.maxTokens),
  };
}
