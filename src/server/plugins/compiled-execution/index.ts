/**
 * Runs repeated queries as graphql-jit compiled plans. graphql-js interprets the document on every
 * request (collect fields, coerce arguments, resolve abstract types, promise per level); graphql-jit
 * compiles an operation once into a function that only calls the resolvers. Answering through
 * Apollo's `responseForOperation` hook also skips Apollo's execution phase bookkeeping. Together:
 * about a quarter of the gateway's CPU per checkout query (README, Performance).
 *
 * Why it is safe, rule by rule:
 * - Queries only. A mutation never runs through here, so nothing with side effects can run twice.
 * - Only error-free answers are returned. When the compiled run produced any error, the hook answers
 *   null and Apollo executes the query with graphql-js as it would have anyway, so every error is
 *   raised, classified and formatted by the one path the error contract is tested on. The re-run
 *   costs no upstream call: the request's DataLoader already holds each profile, or its failure.
 * - Invalid variables make the compiled plan answer only errors before any resolver runs, so they
 *   too go the graphql-js way (same wording, same 400 / BAD_USER_INPUT).
 * - A document is compiled on its second sighting: compiling costs far more than one interpreted
 *   run, so one-off documents (exploration, ever-new queries from an abuser) never pay for it.
 * - A router's trace request (`apollo-federation-include-trace: ftv1`) goes to graphql-js, where
 *   Apollo's inline-trace plugin times every field.
 * - The plans are bounded: least recently used documents are dropped beyond `maxDocuments`.
 *
 * With a `fastPath`, every operation answered here without error is admitted to it, and later
 * requests for the same query text skip Apollo's pipeline altogether (see fast-path.ts).
 *
 * GRAPHQL_COMPILED_EXECUTION=false leaves this plugin, and so the fast path, out (the kill switch).
 */
import type { ApolloServerPlugin, BaseContext, GraphQLRequestContextResponseForOperation } from '@apollo/server';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import type { FastPath } from './fast-path';

export { FastPath, type FastPathOptions, type FastAnswer, type FastRequest, type ServedOperation, type AdmittedOperation } from './fast-path';

export interface CompiledExecutionOptions {
  /** Sightings of a query before it is compiled (default 2; 1 compiles on first use). */
  compileAfter?: number;
  /** Documents remembered, compiled or counted; least recently used dropped first (default 500). */
  maxDocuments?: number;
  /** Where operations answered without error are admitted, to be answered before Apollo's pipeline. */
  fastPath?: FastPath<any>;
}

/** What the plugin did so far; for tests and diagnostics. */
export interface CompiledExecutionStats {
  /** Queries answered by a compiled plan. */
  compiled: number;
  /** Queries handed to graphql-js (not yet hot, not compilable, traced, invalid variables or errors). */
  interpreted: number;
  /** Plans compiled (each hot document and operation once). */
  compilations: number;
  /** Queries the fast path answered before Apollo's pipeline (0 without a fast path). */
  fastPath: number;
}

/** The plugin, plus its counters. */
export interface CompiledExecutionPlugin<TContext extends BaseContext> extends ApolloServerPlugin<TContext> {
  stats(): CompiledExecutionStats;
}

/** Federation routers ask for per-field traces with this header (value `ftv1`). */
const TRACE_HEADER = 'apollo-federation-include-trace';

/** Builds the plugin; install it once per ApolloServer. */
export function compiledExecutionPlugin<TContext extends BaseContext>(options: CompiledExecutionOptions = {}): CompiledExecutionPlugin<TContext> {
  const compileAfter = options.compileAfter ?? 2;
  const maxDocuments = options.maxDocuments ?? 500;
  if (!Number.isInteger(compileAfter) || compileAfter < 1) throw new RangeError(`compileAfter must be a positive integer, got ${compileAfter}`);
  if (!Number.isInteger(maxDocuments) || maxDocuments < 1) throw new RangeError(`maxDocuments must be a positive integer, got ${maxDocuments}`);

  const fastPath = options.fastPath;
  // The fast path holds the same plans; what is forgotten here is forgotten there, so the number of
  // plans kept alive stays bounded by maxDocuments (a plan is tens of KB).
  const admittedSources = new WeakMap<DocumentNode, Set<string>>();
  const plans = new PlanCache(maxDocuments, (document) => {
    for (const source of admittedSources.get(document) ?? []) fastPath?.forget(source);
  });
  const stats = { compiled: 0, interpreted: 0, compilations: 0 };

  const interpret = (): null => {
    stats.interpreted++;
    return null;
  };

  const planFor = (requestContext: GraphQLRequestContextResponseForOperation<TContext>): CompiledQuery | null => {
    const entry = plans.entry(requestContext.document, requestContext.operationName ?? '');
    if (entry.plan === undefined) {
      entry.sightings++;
      if (entry.sightings < compileAfter) return null;
      stats.compilations++;
      entry.plan = compile(requestContext.schema, requestContext.document, requestContext.operationName);
    }
    return entry.plan;
  };

  return {
    async requestDidStart() {
      return {
        async responseForOperation(requestContext) {
          const { operation, request } = requestContext;
          if (operation.operation !== 'query') return interpret();
          if (request.http?.headers.get(TRACE_HEADER) === 'ftv1') return interpret();
          const plan = planFor(requestContext);
          if (!plan) return interpret();

          // graphql-jit coerces the variables first and answers only `errors` (no resolver runs)
          // when they are invalid; those, like every error, are redone by graphql-js below.
          const result = await plan.query(undefined, requestContext.contextValue, request.variables ?? {});
          if (result.errors?.length) return interpret();
          stats.compiled++;
          if (fastPath && requestContext.source !== undefined && requestContext.queryHash !== undefined) {
            let sources = admittedSources.get(requestContext.document);
            if (!sources) admittedSources.set(requestContext.document, (sources = new Set()));
            sources.add(requestContext.source);
            fastPath.admit({
              source: requestContext.source,
              operationName: request.operationName ?? null,
              plan,
              document: requestContext.document,
              operation,
              queryHash: requestContext.queryHash,
            });
          }
          return {
            http: requestContext.response.http,
            body: { kind: 'single', singleResult: { data: result.data as Record<string, unknown> | null | undefined } },
          };
        },
      };
    },
    stats: () => ({ ...stats, fastPath: fastPath?.served ?? 0 }),
  };
}

/** null: graphql-jit refused the document; it is interpreted for good. */
function compile(schema: GraphQLSchema, document: DocumentNode, operationName: string | null): CompiledQuery | null {
  const compiled = compileQuery(schema, document, operationName ?? undefined, {
    // Stack traces of resolver errors are never used: an erroring run is redone by graphql-js.
    disablingCapturingStackErrors: true,
  });
  return isCompiledQuery(compiled) ? compiled : null;
}

interface PlanEntry {
  sightings: number;
  /** undefined: not compiled yet; null: not compilable. */
  plan?: CompiledQuery | null;
}

/**
 * Entries by DocumentNode identity (Apollo's document store hands out the same object for the same
 * query text, so identity is both the cheapest key and an exact one), then operation name.
 */
class PlanCache {
  private readonly documents = new Map<DocumentNode, Map<string, PlanEntry>>();

  constructor(
    private readonly maxDocuments: number,
    private readonly onEvict: (document: DocumentNode) => void,
  ) {}

  /** The entry for one operation of `document`, created on first sight; marks it most recently used. */
  entry(document: DocumentNode, operationName: string): PlanEntry {
    let operations = this.documents.get(document);
    if (operations) {
      // Re-inserted: a Map's order is the LRU's recency order.
      this.documents.delete(document);
    } else {
      operations = new Map();
      if (this.documents.size >= this.maxDocuments) {
        const evicted = this.documents.keys().next().value!;
        this.documents.delete(evicted);
        this.onEvict(evicted);
      }
    }
    this.documents.set(document, operations);
    let entry = operations.get(operationName);
    if (!entry) operations.set(operationName, (entry = { sightings: 0 }));
    return entry;
  }
}
