/**
 * Turns the type-graphql schema into an Apollo Federation v2 subgraph: same types and resolvers,
 * plus `_service`, `_entities` and the `@key`s declared on CustomerProfile. Follows type-graphql's
 * examples/apollo-federation-2 (print with directives → buildSubgraphSchema → resolvers map).
 */
import { buildSubgraphSchema } from '@apollo/subgraph';
// Type only: the entry point does not re-export it.
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { parse, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { createResolversMap } from 'type-graphql';
import type { GraphQLContext } from './context';
import { BadUserInputError } from './errors';
import { paymentDataTypeName } from './profile/payment-data.type';
import { resolveProfileReference, type ProfileRepresentation } from './profile/profile.reference';

/** The federation spec version we link; supported by @apollo/subgraph, composition and routers since 2023. */
export const FEDERATION_SPEC_URL = 'https://specs.apollo.dev/federation/v2.3';

/** Every federation directive the schema uses (only @key). */
const FEDERATION_IMPORTS = ['@key'];

/** Builds the subgraph schema from the client schema built by type-graphql. */
export function buildProfilesSubgraph(clientSchema: GraphQLSchema): GraphQLSchema {
  const link = `extend schema @link(url: "${FEDERATION_SPEC_URL}", import: ${JSON.stringify(FEDERATION_IMPORTS)})`;
  const resolvers = createResolversMap(clientSchema) as GraphQLResolverMap<GraphQLContext>;
  const profileFields = resolvers.CustomerProfile as Record<string, GraphQLFieldResolver<unknown, GraphQLContext>>;
  resolvers.CustomerProfile = {
    ...profileFields,
    __resolveReference: (representation: ProfileRepresentation, context: GraphQLContext) =>
      resolveProfileReference(representation, context),
  };
  // type-graphql's map wraps resolveType in an async function: a promise and its microtasks for
  // every payment instrument in a response. The plain synchronous function answers the same.
  resolvers.PaymentData = { __resolveType: paymentDataTypeName };
  const schema = buildSubgraphSchema([
    { typeDefs: parse(`${link}\n\n${printSchemaWithDirectives(clientSchema)}`), resolvers },
  ]);
  capRepresentations(schema);
  return schema;
}

/**
 * Refuses an `_entities` call with more than `limits.maxRepresentations` representations before
 * any of them is resolved (so before any upstream call).
 */
function capRepresentations(schema: GraphQLSchema): void {
  const field = schema.getQueryType()?.getFields()._entities;
  const resolve = field?.resolve;
  if (!field || !resolve) throw new Error('subgraph schema has no _entities resolver');
  const capped: GraphQLFieldResolver<unknown, GraphQLContext, { representations: unknown[] }> = (source, args, context, info) => {
    const max = context.limits.maxRepresentations;
    if (args.representations.length > max) {
      throw new BadUserInputError('representations', `at most ${max} entity representations per request (got ${args.representations.length})`);
    }
    return resolve(source, args, context, info);
  };
  field.resolve = capped as GraphQLFieldResolver<unknown, unknown>;
}
