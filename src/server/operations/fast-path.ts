/**
 * The fast path: an operation (a query, or a mutation with one root field) Apollo has parsed,
 * validated, limit-checked and answered from a compiled plan without error is, from then on,
 * answered from that plan before Apollo's request pipeline.
 *
 * Why: for a small hot query, Apollo's pipeline (body checks, a sha256 of the query text, the
 * document store, a `Promise.all` over every plugin in each of ten phases, response formatting)
 * costs about as much as the execution itself. Everything it decides from the document alone was
 * decided when the operation was admitted. What depends on the request is done here by the same
 * code Apollo's side runs, taken from the plugins' declared counterparts (counterparts.ts): the
 * store, the per-request checks, the report sinks, the requests to decline. The media type is the
 * one Apollo chose for the same `accept` value, and the bytes come from the same serialiser.
 *
 * Like the plugin, the fast path answers only success. Anything else — a check that objects, any
 * error in the compiled run — returns `undefined` and the caller hands the request to Apollo with
 * the same memoised context, so the error is produced, classified and formatted by the one path,
 * and the request's DataLoader spares a second upstream call. A mutation's write is not sent
 * again either: its root field's outcome is replayed (compiled-execution/replayed-mutations.ts),
 * and a shopper's rate is charged once per request (limits/shopper-rate.ts).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { ApolloServerPlugin } from '@apollo/server';
import type { CompiledQuery } from 'graphql-jit';
import type { GraphQLContext } from '../../graphql/context';
import { fastPathCounterparts, type HeaderLookup, type RequestPredicate } from './counterparts';
import type { LearnedMediaTypes } from './media-types';
import type { OperationCheck } from '../../graphql/operation-check';
import type { OperationStore } from './operation-store';
import { successOutcome } from './outcome';
import type { OperationSink } from './report';
import { serializeResult } from './serialize';

/** A complete 200 answer. */
export interface FastAnswer {
  contentType: string;
  body: string;
}

/** The parts of an HTTP request the fast path reads. */
export interface FastRequest {
  headers: IncomingHttpHeaders;
  /** The parsed JSON body of a POST with a JSON content type (so CSRF-safe by construction). */
  body: unknown;
}

/** Answers admitted operations before Apollo's pipeline. */
export class FastPath {
  readonly #store: OperationStore;
  readonly #checks: readonly OperationCheck[];
  readonly #sinks: readonly OperationSink[];
  readonly #declines: readonly RequestPredicate[];
  readonly #mediaTypes: LearnedMediaTypes;
  #served = 0;

  /**
   * Built from Apollo's plugin list: throws when a plugin has per-request hooks without a declared
   * counterpart, or when no plugin provides the store of compiled operations.
   */
  constructor(plugins: readonly ApolloServerPlugin<any>[], mediaTypes: LearnedMediaTypes) {
    let store: OperationStore | undefined;
    const checks: OperationCheck[] = [];
    const sinks: OperationSink[] = [];
    const declines: RequestPredicate[] = [];
    for (const counterpart of fastPathCounterparts(plugins)) {
      if (counterpart.kind === 'store') store = counterpart.store;
      else if (counterpart.kind === 'checks') checks.push(...counterpart.checks);
      else if (counterpart.kind === 'report') sinks.push(counterpart.sink);
      else if (counterpart.kind === 'declines') declines.push(counterpart.applies);
    }
    if (!store) throw new Error('the fast path needs the compiled-execution plugin among the plugins');
    this.#store = store;
    this.#checks = checks;
    this.#sinks = sinks;
    this.#declines = declines;
    this.#mediaTypes = mediaTypes;
  }

  /** Queries answered here so far. */
  get served(): number {
    return this.#served;
  }

  /**
   * The answer to `request`, or undefined: the request is not one the fast path answers, or the
   * answer would not be a plain success. `context` must be memoised by the caller, since Apollo
   * gets the same one on the way back.
   */
  async answer(request: FastRequest, context: () => Promise<GraphQLContext>): Promise<FastAnswer | undefined> {
    const started = performance.now();
    const body = request.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
    const { query, operationName, variables, extensions } = body as Record<string, unknown>;
    // Anything Apollo reads beyond these (persisted queries, other extensions) is Apollo's turn.
    if (typeof query !== 'string' || extensions != null) return undefined;
    if (operationName != null && typeof operationName !== 'string') return undefined;
    if (variables != null && (typeof variables !== 'object' || Array.isArray(variables))) return undefined;
    const header: HeaderLookup = (name) => {
      const value = request.headers[name];
      return Array.isArray(value) ? value.join(', ') : value;
    };
    for (const declines of this.#declines) if (declines(header)) return undefined;

    const admitted = this.#store.admitted(query, operationName ?? null);
    if (!admitted) return undefined;
    const contentType = this.#mediaTypes.for(request.headers.accept);
    if (contentType === undefined) return undefined;

    let contextValue: GraphQLContext;
    try {
      contextValue = await context();
    } catch {
      return undefined;
    }
    const vars = (variables ?? undefined) as Record<string, unknown> | undefined;
    const checked = { document: admitted.document, operation: admitted.operation, variables: vars, context: contextValue };
    for (const check of this.#checks) {
      let problem = check(checked);
      if (problem instanceof Promise) problem = await problem;
      if (problem) return undefined;
    }

    let result: Awaited<ReturnType<CompiledQuery['query']>>;
    try {
      result = await admitted.plan.query(undefined, contextValue, vars ?? {});
    } catch {
      // graphql-jit reports resolver errors in `errors`; a throw is its own bug, and Apollo's turn.
      return undefined;
    }
    if (result.errors?.length) return undefined;

    this.#served++;
    const report = {
      requestId: contextValue.requestId,
      outcome: successOutcome(admitted.operation, admitted.operationName),
      labelled: contextValue.principal.kind !== 'anonymous',
      durationMs: performance.now() - started,
      httpStatus: 200,
      queryHash: admitted.queryHash,
    };
    for (const sink of this.#sinks) sink(report);
    return { contentType, body: serializeResult({ data: result.data }) };
  }
}
