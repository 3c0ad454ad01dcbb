/** What one GraphQL operation amounted to, as the client saw it (part of its OperationReport). */
import type { BaseContext, GraphQLRequestContextWillSendResponse } from '@apollo/server';

export type OperationType = 'query' | 'mutation' | 'subscription' | 'unknown';

/** Summary of a finished operation. */
export interface OperationOutcome {
  /** From the executed operation's name, or the request's `operationName`; null when neither. */
  operationName: string | null;
  /** `unknown` when the document never resolved to an operation (parse or validation failure). */
  operationType: OperationType;
  /** `ok`, or the first error's code. */
  outcome: string;
  /** Codes of all errors in the response, in order. */
  errorCodes: string[];
}

/** Codes are label values and log fields: anything not shaped like a code becomes UNKNOWN_ERROR. */
const CODE_SHAPE = /^[A-Z][A-Z0-9_]{0,63}$/;
const MAX_NAME_LENGTH = 128;

/** Reads the outcome from the response as formatted (after formatError), falling back to raw errors. */
export function operationOutcome(requestContext: GraphQLRequestContextWillSendResponse<BaseContext>): OperationOutcome {
  const errorCodes = responseErrors(requestContext).map(codeOf);
  return {
    operationName: boundedName(requestContext.operation?.name?.value ?? requestContext.request.operationName ?? null),
    operationType: requestContext.operation?.operation ?? 'unknown',
    outcome: errorCodes[0] ?? 'ok',
    errorCodes,
  };
}

/** The outcome of a query answered without error from a resolved operation (the fast path). */
export function successOutcome(
  operation: { operation: OperationType; name?: { value: string } },
  requestOperationName: string | null,
): OperationOutcome {
  return {
    operationName: boundedName(operation.name?.value ?? requestOperationName),
    operationType: operation.operation,
    outcome: 'ok',
    errorCodes: [],
  };
}

/** Operation names are log fields and label values: a request's may be any length. */
function boundedName(name: string | null): string | null {
  return name === null ? null : name.slice(0, MAX_NAME_LENGTH);
}

function responseErrors(requestContext: GraphQLRequestContextWillSendResponse<BaseContext>): readonly { extensions?: Record<string, unknown> }[] {
  const body = requestContext.response.body;
  const formatted = body.kind === 'single' ? body.singleResult.errors : body.initialResult.errors;
  return formatted ?? requestContext.errors ?? [];
}

function codeOf(error: { extensions?: Record<string, unknown> }): string {
  const code = error.extensions?.code;
  if (code === undefined) return 'INTERNAL_SERVER_ERROR';
  return typeof code === 'string' && CODE_SHAPE.test(code) ? code : 'UNKNOWN_ERROR';
}
