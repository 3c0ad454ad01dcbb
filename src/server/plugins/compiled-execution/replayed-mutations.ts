/**
 * Makes re-running a mutation safe: within one request, each root field of a mutation runs once,
 * and running the operation again replays its outcome (the payload, or the error) instead of
 * writing again.
 *
 * Why: compiled execution answers only error-free results, and redoes every other request with
 * graphql-js so that errors have one path (classification, formatting, input paths). For a query
 * the redo costs nothing upstream (the request's DataLoader holds each profile or its failure); for
 * a mutation it would send the write a second time. With this, the redo gets the first run's
 * outcome for the root field, and only re-reads its selection (from the same DataLoader).
 *
 * A request is one operation (no batching), so a root field's response key names it exactly.
 */
import { defaultFieldResolver, type GraphQLField, type GraphQLSchema } from 'graphql';
import type { GraphQLContext } from '../../../graphql/context';
import { requestScope } from '../../operations/request-scope';

/** Per request: the outcome of each root mutation field run so far, by response key. */
const outcomes = new WeakMap<object, Map<string, Promise<unknown>>>();

/** Fields already wrapped: the schema is built once per process and may serve several servers. */
const wrapped = new WeakSet<GraphQLField<unknown, unknown>>();

/** Wraps every Mutation field of `schema` (in place; once per field). */
export function replayMutationsOnRerun(schema: GraphQLSchema): void {
  for (const field of Object.values(schema.getMutationType()?.getFields() ?? {})) {
    if (wrapped.has(field)) continue;
    wrapped.add(field);
    const resolve = field.resolve ?? defaultFieldResolver;
    field.resolve = (source, args, context: GraphQLContext, info) => {
      const scope = requestScope(context);
      let ran = outcomes.get(scope);
      if (!ran) outcomes.set(scope, (ran = new Map<string, Promise<unknown>>()));
      const key = info.path.key as string;
      let outcome = ran.get(key);
      if (!outcome) {
        try {
          outcome = Promise.resolve(resolve(source, args, context, info));
        } catch (error) {
          // Whatever the resolver threw, as it threw it: graphql-js classifies it either way.
          // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
          outcome = Promise.reject(error);
        }
        // Whoever runs the field first awaits it; a replay awaits it again. Nothing is unhandled.
        outcome.catch(() => undefined);
        ran.set(key, outcome);
      }
      return outcome;
    };
  }
}
