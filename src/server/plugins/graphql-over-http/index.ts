/**
 * GraphQL over HTTP (the spec graphql-http audits): a client that accepts only the legacy
 * `application/json` media type SHOULD get 200 for request errors (parse, validation, variable
 * coercion) with `errors` in the body, while `application/graphql-response+json` clients get 4xx.
 * Apollo Server answers 400 for both; this plugin restores the spec's distinction.
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { withFastPathCounterpart } from '../../operations/counterparts';

/** Errors of a well-formed request whose document or variables are wrong. */
const OPERATION_ERROR_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'QUERY_TOO_COMPLEX']);

/** Apollo plugin: 400 -> 200 for request errors when the response is `application/json`. */
export function graphqlOverHttpPlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  const plugin: ApolloServerPlugin<TContext> = {
    async requestDidStart() {
      return {
        async willSendResponse({ request, response }) {
          // The media type is negotiated after this hook runs, so decide from what the client accepts.
          const accept = request.http?.headers.get('accept') ?? '';
          if (response.http.status !== 400 || accept.includes('application/graphql-response+json')) return;
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          // Only operation errors; a request that is not GraphQL at all (no query) stays 400.
          if (errors?.length && errors.every((e) => OPERATION_ERROR_CODES.has(String(e.extensions?.code)))) {
            response.http.status = 200;
          }
        },
      };
    },
  };
  return withFastPathCounterpart(plugin, { kind: 'errors-only', why: 'changes the status of request errors' });
}
