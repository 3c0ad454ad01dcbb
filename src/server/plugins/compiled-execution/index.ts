/**
 * Runs repeated operations as graphql-jit compiled plans. graphql-js interprets the document on every
 * request (collect fields, coerce arguments, resolve abstract types, promise per level); graphql-jit
 * compiles an operation once into a function that only calls the resolvers. Answering through
 * Apollo's `responseForOperation` hook also skips Apollo's execution phase bookkeeping.
 *
 * Why it is safe, rule by rule:
 * - Only error-free answers are returned. When the compiled run produced any error, the hook answers
 *   null and Apollo executes the operation with graphql-js as it would have anyway, so every error
 *   is raised, classified and formatted by the one path the error contract is tested on. The re-run
 *   costs no upstream read: the request's DataLoader already holds each profile, or its failure.
 * - A write never runs twice. Mutations are compiled only with a single root field, and that field
 *   runs once per request: the graphql-js re-run replays its outcome (replayed-mutations.ts) and
 *   only re-reads the selection below it. (With several root fields, graphql-js stops at the first
 *   one that fails non-null, and the compiled plan's serial queue need not stop at the same one: a
 *   write could run that the answer never shows. Those mutations run interpreted, as before.)
 * - Invalid variables make the compiled plan answer only errors before any resolver runs, so they
 *   too go the graphql-js way (same wording, same 400 / BAD_USER_INPUT).
 * - A document is compiled on its `compileAfter`-th sighting (default the second): compiling costs
 *   far more than one interpreted run, so one-off documents (exploration, ever-new queries from an
 *   abuser) never pay for it, and never enter the fast path.
 * - Requests the declared `declines` predicates match (federated traces) go to graphql-js.
 * - The store is bounded by bytes (operation-store.ts).
 *
 * Every operation answered here without error is admitted in the store, and the fast path answers
 * later requests for the same query text before Apollo's pipeline (operations/fast-path.ts).
 * GRAPHQL_COMPILED_EXECUTION=false leaves this plugin, and so the fast path, out (the kill switch).
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { Kind, OperationTypeNode, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { withFastPathCounterpart, type RequestPredicate } from '../../operations/counterparts';
import type { OperationStore } from '../../operations/operation-store';
import { replayMutationsOnRerun } from './replayed-mutations';

export interface CompiledExecutionOptions {
  store: OperationStore;
  /** Sightings of a query before it is compiled (default 2; 1 compiles on first use). */
  compileAfter?: number;
  /** Requests to leave to graphql-js (e.g. federated trace requests). */
  declines?: readonly RequestPredicate[];
}

/** What the plugin did so far; for tests and diagnostics. */
export interface CompiledExecutionStats {
  /** Queries answered by a compiled plan. */
  compiled: number;
  /** Queries handed to graphql-js (not yet hot, not compilable, declined, invalid variables or errors). */
  interpreted: number;
  /** Plans compiled (each hot document and operation once). */
  compilations: number;
}

/** The plugin, plus its counters. */
export interface CompiledExecutionPlugin<TContext extends BaseContext> extends ApolloServerPlugin<TContext> {
  stats(): CompiledExecutionStats;
}

/** Builds the plugin; install it once per ApolloServer, first among the plugins. */
export function compiledExecutionPlugin<TContext extends BaseContext>(options: CompiledExecutionOptions): CompiledExecutionPlugin<TContext> {
  const { store } = options;
  const compileAfter = options.compileAfter ?? 2;
  if (!Number.isInteger(compileAfter) || compileAfter < 1) throw new RangeError(`compileAfter must be a positive integer, got ${compileAfter}`);
  const declines = options.declines ?? [];
  const stats: CompiledExecutionStats = { compiled: 0, interpreted: 0, compilations: 0 };

  const interpret = (): null => {
    stats.interpreted++;
    return null;
  };

  const plugin: CompiledExecutionPlugin<TContext> = {
    async serverWillStart({ schema }) {
      replayMutationsOnRerun(schema);
    },
    async requestDidStart() {
      return {
        async responseForOperation(requestContext) {
          const { operation, request, source, document, queryHash } = requestContext;
          // No operation (an operationName the document lacks): graphql-js reports it.
          if (!operation || !compilable(operation) || source === undefined || queryHash === undefined) return interpret();
          const headers = request.http?.headers;
          if (headers && declines.some((applies) => applies((name) => headers.get(name)))) return interpret();

          const operationName = request.operationName ?? null;
          const stored = store.sight(source, operationName);
          if (!stored) return interpret();
          if (stored.plan === undefined) {
            if (stored.sightings < compileAfter) return interpret();
            stats.compilations++;
            store.setPlan(source, stored, compile(requestContext.schema, document, operationName));
          }
          const plan = stored.plan;
          if (!plan) return interpret();

          // graphql-jit coerces the variables first and answers only `errors` (no resolver runs)
          // when they are invalid; those, like every error, are redone by graphql-js below.
          const result = await plan.query(undefined, requestContext.contextValue, request.variables ?? {});
          if (result.errors?.length) return interpret();
          stats.compiled++;
          if (!stored.admitted) store.admit({ source, operationName, plan, document, operation, queryHash }, stored);
          return {
            http: requestContext.response.http,
            body: { kind: 'single', singleResult: { data: result.data } },
          };
        },
      };
    },
    stats: () => ({ ...stats }),
  };
  return withFastPathCounterpart(plugin, { kind: 'store', store });
}

/** Queries, and mutations with exactly one root field (see the rules above). */
function compilable(operation: OperationDefinitionNode): boolean {
  if (operation.operation === OperationTypeNode.QUERY) return true;
  if (operation.operation !== OperationTypeNode.MUTATION) return false;
  const selections = operation.selectionSet.selections;
  return selections.length === 1 && selections[0].kind === Kind.FIELD;
}

/** null: graphql-jit refused the document; it is interpreted for good. */
function compile(schema: GraphQLSchema, document: DocumentNode, operationName: string | null): CompiledQuery | null {
  const compiled = compileQuery(schema, document, operationName ?? undefined, {
    // Stack traces of resolver errors are never used: an erroring run is redone by graphql-js.
    disablingCapturingStackErrors: true,
  });
  return isCompiledQuery(compiled) ? compiled : null;
}
