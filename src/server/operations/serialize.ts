/**
 * The one serialiser of GraphQL responses: Apollo gets it as `stringifyResult`, and the fast path
 * calls it too, so both paths send the same bytes for the same result.
 */
import type { FormattedExecutionResult } from 'graphql';

/** Apollo's default format: compact JSON and a trailing newline. */
export function serializeResult(result: FormattedExecutionResult): string {
  return JSON.stringify(result) + '\n';
}
