/**
 * The QUERY_TOO_COMPLEX error and the plugin that makes Apollo report it under that code.
 *
 * Apollo wraps every validation error as GRAPHQL_VALIDATION_FAILED, overwriting the code a rule
 * set. `limitErrorCodesListener` restores QUERY_TOO_COMPLEX in `didEncounterErrors`, which Apollo
 * runs before it formats the response.
 */
import { GraphQLError } from 'graphql';
import type { BaseContext, GraphQLRequestListener } from '@apollo/server';

export const QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX';

/** Which configured limit a rejection is about (LIMIT_MAX_DEPTH -> maxDepth, ...). */
export type LimitName = 'maxDepth' | 'maxAliases' | 'maxTokens' | 'maxDirectives' | 'maxCost';

/** A rejection for exceeding `limit`; `message` names the limit and the numbers. */
export function queryTooComplex(message: string, limit: LimitName): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: QUERY_TOO_COMPLEX, limit, http: { status: 400 } },
  });
}

/** Request listener re-labelling QUERY_TOO_COMPLEX errors that Apollo wrapped as validation failures. */
export function limitErrorCodesListener<TContext extends BaseContext>(): GraphQLRequestListener<TContext> {
  return {
    async didEncounterErrors({ errors }) {
      for (const error of errors) {
        const original = error.originalError;
        if (original instanceof GraphQLError && original.extensions.code === QUERY_TOO_COMPLEX) {
          (error.extensions as Record<string, unknown>).code = QUERY_TOO_COMPLEX;
        }
      }
    },
  };
}
