/**
 * Turns the type-graphql schema into an Apollo Federation v2 subgraph: same types and resolvers,
 * plus `_service`, `_entities` and the `@key`s declared on CustomerProfile. Follows type-graphql's
 * examples/apollo-federation-2 (print with directives → buildSubgraphSchema → resolvers map).
 */
import { buildSubgraphSchema } from '@apollo/subgraph';
// Neither is re-exported by the entry point.
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { entitiesResolver } from '@apollo/subgraph/dist/types';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { parse, type GraphQLFieldResolver, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import { createResolversMap } from 'type-graphql';
import type { GraphQLContext } from './context';
import { paymentDataTypeName } from './profile/payment-data.type';
import { resolveProfileReference, resolveProfileReferences, type ProfileRepresentation } from './profile/profile.reference';
import { setUpstreamCost } from './upstream-cost';
import { ForbiddenError, UnauthenticatedError } from '../auth/errors';

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
    __resolveReference: (representation: ProfileRepresentation, context: GraphQLContext) => resolveProfileReference(representation, context),
  };
  // type-graphql's map wraps resolveType in an async function: a promise and its microtasks for
  // every payment instrument in a response. The plain synchronous function answers the same.
  resolvers.PaymentData = { __resolveType: paymentDataTypeName };
  // Ours replace @apollo/subgraph's (module resolvers are applied after its own).
  resolvers.Query = { ...(resolvers.Query as Record<string, GraphQLFieldResolver<unknown, GraphQLContext>>), _entities: resolveEntities };
  resolvers._Entity = { __resolveType: entityTypeName };
  const schema = buildSubgraphSchema([{ typeDefs: parse(`${link}\n\n${printSchemaWithDirectives(clientSchema)}`), resolvers }]);
  copyRootFieldExtensions(clientSchema, schema);
  const query = schema.getQueryType()!.getFields();
  // The router's batch: one getProfile per distinct representation, capped like `refs`.
  setUpstreamCost(query._entities, { perItemOf: 'representations' });
  setUpstreamCost(query._service, { calls: 0 });
  routerOnly(query._service);
  return schema;
}

/** The one entity type; a router sends representations of no other. */
const PROFILE_TYPE = 'CustomerProfile';

/**
 * `_entities`. @apollo/subgraph resolves each representation on its own (a `__resolveReference`
 * call, an async wrapper and a copy of the profile to carry `__typename`: several promises per
 * item, 100 per router batch). A batch of CustomerProfile representations, which is every batch a
 * router sends, is resolved here as a whole instead: one promise, each item's error at its index,
 * the loader's profiles as they are. Anything else (another `__typename`, a representation that
 * is not an object) goes to @apollo/subgraph's resolver, so its checks and messages stay its own.
 */
function resolveEntities(
  _source: unknown,
  { representations }: { representations: readonly unknown[] },
  context: GraphQLContext,
  info: GraphQLResolveInfo,
): unknown {
  if (representations.every(isProfileRepresentation)) return resolveProfileReferences(representations, context);
  return entitiesResolver({ representations, context, info });
}

function isProfileRepresentation(value: unknown): value is ProfileRepresentation {
  return typeof value === 'object' && value !== null && (value as ProfileRepresentation).__typename === PROFILE_TYPE;
}

/**
 * `_Entity`'s type: what @apollo/subgraph's resolver returns carries its `__typename`; what
 * `resolveEntities` returns is always a CustomerProfile.
 */
function entityTypeName(value: { __typename?: unknown }): string {
  return typeof value.__typename === 'string' ? value.__typename : PROFILE_TYPE;
}

/**
 * `_service` hands out the whole SDL: it is for the router (composition, schema checks), not for
 * anonymous clients, even with introspection off.
 */
function routerOnly(field: { resolve?: GraphQLFieldResolver<unknown, GraphQLContext> }): void {
  const resolve = field.resolve;
  if (!resolve) throw new Error('subgraph schema has no _service resolver');
  field.resolve = (source, args, context, info) => {
    assertRouter(context);
    return resolve(source, args, context, info);
  };
}

/**
 * What only a federation router may use (`_service`, ftv1 traces): a request with the router's
 * shared secret, or with an operator token (routers forward the caller's authorization).
 */
export function isRouterCall(context: Pick<GraphQLContext, 'fromRouter' | 'principal'>): boolean {
  return context.fromRouter || context.principal.kind === 'operator';
}

function assertRouter(context: GraphQLContext): void {
  if (isRouterCall(context)) return;
  if (context.principal.kind === 'anonymous') {
    throw new UnauthenticatedError('_service is for the federation router: send its x-router-secret or an operator bearer token');
  }
  throw new ForbiddenError('_service is for the federation router, not for shopper tokens');
}

/** The SDL round trip drops field extensions (the upstream costs): carry them over. */
function copyRootFieldExtensions(from: GraphQLSchema, to: GraphQLSchema): void {
  for (const [source, target] of [
    [from.getQueryType(), to.getQueryType()],
    [from.getMutationType(), to.getMutationType()],
  ] as const) {
    const targetFields = target?.getFields() ?? {};
    for (const field of Object.values(source?.getFields() ?? {})) {
      const copy = targetFields[field.name];
      if (copy) copy.extensions = { ...copy.extensions, ...field.extensions };
    }
  }
}
