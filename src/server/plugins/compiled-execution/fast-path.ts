/**
 * The fast path: a query Apollo has parsed, validated, limit-checked and answered from a compiled
 * plan without error is, from then on, answered from that plan before Apollo's request pipeline.
 *
 * Why: for a small hot query, Apollo's pipeline (body checks, a sha256 of the query text, the
 * document store, a `Promise.all` over every plugin in each of ten phases, response formatting)
 * costs about as much as the execution itself. Everything it decides from the document alone was
 * decided when the operation was admitted; what still depends on the request is redone here:
 *
 * - the request's shape: a JSON object with `query`, and `operationName`/`variables` as Apollo
 *   accepts them; no `extensions` (persisted queries and the like go through Apollo);
 * - no federation trace request (`apollo-federation-include-trace`): Apollo's inline trace plugin
 *   times every field;
 * - the response media type, negotiated from `accept` exactly as Apollo does (same library, same
 *   candidates); anything Apollo would answer otherwise (406, the callback spec) goes to Apollo;
 * - the per-request checks (the cost limit, which list-valued variables change);
 * - the caller: the context (token verification) is created per request as Apollo would, and the
 *   resolvers' access checks run inside the plan.
 *
 * Like the plugin, the fast path answers only success. Anything else — a check that objects, a
 * context that fails, any error in the compiled run — returns `undefined` and the caller hands the
 * request to Apollo with the same memoised context, so the error is produced, classified and
 * formatted by the one tested path, and the request's DataLoader spares a second upstream call.
 *
 * Success is reported through `onServed`, so the operation log line and the metrics see every
 * operation whichever path answered it.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { DocumentNode, OperationDefinitionNode } from 'graphql';
import type { CompiledQuery } from 'graphql-jit';
import type { OperationCheck } from '../limits';
import { responseMediaType } from './media-type';

/** An operation Apollo answered from a compiled plan without error. */
export interface AdmittedOperation {
  /** The query text, exactly as the client sent it. */
  source: string;
  /** The request's `operationName`, null when none (Apollo refuses '', so it is no stand-in). */
  operationName: string | null;
  plan: CompiledQuery;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  /** Apollo's sha256 of the query text, for the log line. */
  queryHash: string;
}

/** What `onServed` learns about an operation the fast path answered. */
export interface ServedOperation<TContext> {
  admitted: AdmittedOperation;
  contextValue: TContext;
  durationMs: number;
}

export interface FastPathOptions<TContext> {
  /** Query texts remembered; least recently used dropped first (default 500). */
  maxDocuments?: number;
  /** Checks that depend on the variables; an error sends the request to Apollo, which raises it. */
  checks?: readonly OperationCheck[];
  onServed?: (served: ServedOperation<TContext>) => void;
}

/** A complete 200 answer. */
export interface FastAnswer {
  contentType: string;
  body: string;
}

/** The parts of an HTTP request the fast path reads. */
export interface FastRequest {
  headers: IncomingHttpHeaders;
  /** The parsed JSON body. */
  body: unknown;
}

/** Federation routers ask for per-field traces with this header. */
const TRACE_HEADER = 'apollo-federation-include-trace';

/** Admitted operations, and the answers given from them. */
export class FastPath<TContext> {
  private readonly documents = new Map<string, Map<string | null, AdmittedOperation>>();
  private readonly maxDocuments: number;
  private readonly checks: readonly OperationCheck[];
  private readonly onServed?: (served: ServedOperation<TContext>) => void;
  private answered = 0;

  constructor(options: FastPathOptions<TContext> = {}) {
    this.maxDocuments = options.maxDocuments ?? 500;
    if (!Number.isInteger(this.maxDocuments) || this.maxDocuments < 1) throw new RangeError(`maxDocuments must be a positive integer, got ${this.maxDocuments}`);
    this.checks = options.checks ?? [];
    this.onServed = options.onServed;
  }

  /** Queries answered here so far. */
  get served(): number {
    return this.answered;
  }

  /** Remembers an operation Apollo answered from `plan`; later requests for it may come here. */
  admit(admitted: AdmittedOperation): void {
    let operations = this.documents.get(admitted.source);
    if (!operations) {
      if (this.documents.size >= this.maxDocuments) this.documents.delete(this.documents.keys().next().value!);
      this.documents.set(admitted.source, (operations = new Map()));
    }
    operations.set(admitted.operationName, admitted);
  }

  /** Forgets the operations of a query text (its plans were dropped by the plugin's cache). */
  forget(source: string): void {
    this.documents.delete(source);
  }

  /**
   * The answer to `request`, or undefined: the request is not one the fast path answers, or the
   * answer would not be a plain success. `context` must be memoised by the caller, since Apollo
   * gets the same one on the way back.
   */
  async answer(request: FastRequest, context: () => Promise<TContext>): Promise<FastAnswer | undefined> {
    const started = performance.now();
    const body = request.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
    const { query, operationName, variables, extensions } = body as Record<string, unknown>;
    if (typeof query !== 'string' || extensions != null) return undefined;
    if (operationName != null && typeof operationName !== 'string') return undefined;
    if (variables != null && (typeof variables !== 'object' || Array.isArray(variables))) return undefined;
    if (request.headers[TRACE_HEADER] !== undefined) return undefined;

    const operations = this.documents.get(query);
    const admitted = operations?.get((operationName as string | null | undefined) ?? null);
    if (!admitted) return undefined;
    const contentType = responseMediaType(request.headers.accept);
    if (contentType === undefined) return undefined;
    const vars = (variables ?? undefined) as Record<string, unknown> | undefined;
    for (const check of this.checks) if (check(admitted.document, admitted.operation, vars)) return undefined;

    // Most recently used last: a Map's order is the LRU's recency order.
    this.documents.delete(query);
    this.documents.set(query, operations!);

    let contextValue: TContext;
    try {
      contextValue = await context();
    } catch {
      return undefined;
    }
    let result: Awaited<ReturnType<CompiledQuery['query']>>;
    try {
      result = await admitted.plan.query(undefined, contextValue, vars ?? {});
    } catch {
      // graphql-jit reports resolver errors in `errors`; a throw is its own bug, and Apollo's turn.
      return undefined;
    }
    if (result.errors?.length) return undefined;

    this.answered++;
    this.onServed?.({ admitted, contextValue, durationMs: performance.now() - started });
    // Byte for byte what Apollo sends: its stringifyResult is JSON.stringify plus a newline.
    return { contentType, body: JSON.stringify({ data: result.data }) + '\n' };
  }
}
