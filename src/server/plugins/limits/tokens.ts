/**
 * The token limit. graphql-js's parser counts tokens and aborts past `parseOptions.maxTokens`, so
 * a huge document costs no more than the limit; Apollo reports that as GRAPHQL_PARSE_FAILED, and
 * `tokenLimitListener` re-labels it QUERY_TOO_COMPLEX with a clear message.
 *
 * Should ApolloServer be built without those parseOptions, the listener still refuses the document
 * (after parsing, before execution), so the limit never silently disappears.
 */
import { Lexer, Source, TokenKind, type DocumentNode, type ParseOptions } from 'graphql';
import type { BaseContext, GraphQLRequestListener } from '@apollo/server';
import { QUERY_TOO_COMPLEX, queryTooComplex } from './query-too-complex';

/** ApolloServer `parseOptions` enforcing the limit inside the parser. */
export function tokenLimitParseOptions(maxTokens: number): ParseOptions {
  return { maxTokens };
}

/** Request listener: QUERY_TOO_COMPLEX for documents over `maxTokens` tokens. */
export function tokenLimitListener<TContext extends BaseContext>(options: { maxTokens: number }): GraphQLRequestListener<TContext> {
  const { maxTokens } = options;
  const message = `Token limit of ${maxTokens} exceeded.`;
  // Documents that parsed although over the limit (no parseOptions); Apollo reuses cached documents.
  const oversized = new WeakSet<DocumentNode>();
  return {
    async validationDidStart({ source, document }) {
      // Runs once per distinct document (cache miss), not per request.
      if (exceedsTokens(source, maxTokens)) oversized.add(document);
    },
    async didResolveOperation({ document }) {
      if (oversized.has(document)) throw queryTooComplex(message, 'maxTokens');
    },
    async didEncounterErrors({ errors, source, document }) {
      for (const error of errors) {
        const extensions = error.extensions as Record<string, unknown>;
        const parserAborted = extensions.code === 'GRAPHQL_PARSE_FAILED' && source !== undefined && exceedsTokens(source, maxTokens);
        // Without parseOptions an oversized document may also fail validation: say why it is refused.
        const failedValidation = extensions.code === 'GRAPHQL_VALIDATION_FAILED' && document !== undefined && oversized.has(document);
        if (parserAborted || failedValidation) {
          error.message = message;
          extensions.code = QUERY_TOO_COMPLEX;
          extensions.limit = 'maxTokens';
        }
      }
    },
  };
}

/** Counts lexical tokens as graphql-js's parser does (comments excluded), stopping one past `max`. */
export function exceedsTokens(source: string, max: number): boolean {
  const lexer = new Lexer(new Source(source));
  let count = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF) {
      if (++count > max) return true;
    }
  } catch {
    // A lexical error before the limit: a plain syntax error, not ours.
  }
  return false;
}
