/**
 * A check of a resolved operation against its request: what the limits plugin runs at
 * `didResolveOperation`, and the fast path runs per request for admitted operations, because its
 * verdict depends on more than the document (list-valued variables, the caller).
 */
import type { DocumentNode, OperationDefinitionNode } from 'graphql';
import type { GraphQLContext } from './context';

/** The parts of a request a check reads. */
export interface CheckedOperation {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  variables: Record<string, unknown> | undefined;
  context: GraphQLContext;
}

/**
 * The error the operation is refused with (a domain error, mapped by formatError), or undefined.
 * A check may answer with a promise, for the callers it has to look up (keep the hot path sync).
 */
export type OperationCheck = (request: CheckedOperation) => Error | undefined | Promise<Error | undefined>;
