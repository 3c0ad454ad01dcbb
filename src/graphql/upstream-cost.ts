/**
 * The upstream cost of a root field, declared on the field itself (GraphQL field extensions), so
 * the cost limit prices every upstream-backed field and a new one cannot slip through at zero:
 * the schema build refuses a Query or Mutation field without a declaration.
 */
import type { GraphQLField, GraphQLSchema } from 'graphql';
import { Extensions } from 'type-graphql';

/** IXOPAY calls per occurrence of a field: a fixed number, or one per item of a list argument. */
export type UpstreamCost = { calls: number } | { perItemOf: string };

const KEY = 'upstreamCost';

/** Declares a resolver's upstream cost (type-graphql decorator). */
export function UpstreamCost(cost: UpstreamCost): MethodDecorator & PropertyDecorator & ClassDecorator {
  return Extensions({ [KEY]: cost });
}

/** Sets the upstream cost of a field built outside type-graphql (federation's `_entities`, `_service`). */
export function setUpstreamCost(field: GraphQLField<unknown, unknown>, cost: UpstreamCost): void {
  field.extensions = { ...field.extensions, [KEY]: cost };
}

/** The declared cost of a field, if any. */
export function upstreamCostOf(field: GraphQLField<unknown, unknown>): UpstreamCost | undefined {
  return field.extensions[KEY] as UpstreamCost | undefined;
}

/** Throws naming every root field without a declared cost, or with a per-item argument it lacks. */
export function assertRootFieldsPriced(schema: GraphQLSchema): void {
  const problems: string[] = [];
  for (const root of [schema.getQueryType(), schema.getMutationType()]) {
    for (const field of Object.values(root?.getFields() ?? {})) {
      const cost = upstreamCostOf(field);
      if (!cost) problems.push(`${root!.name}.${field.name} has no @UpstreamCost`);
      else if ('perItemOf' in cost && !field.args.some((arg) => arg.name === cost.perItemOf)) {
        problems.push(`${root!.name}.${field.name} is priced per item of "${cost.perItemOf}", which it does not take`);
      }
    }
  }
  if (problems.length > 0) throw new Error(`Upstream cost missing: ${problems.join('; ')}`);
}
