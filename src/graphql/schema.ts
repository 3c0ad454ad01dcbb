/**
 * Builds the gateway's schemas once per process: the client schema (type-graphql, the public
 * contract without federation machinery — what codegen users consume) and the subgraph schema
 * (the same plus `_service`/`_entities`/`@key`), which the server serves at /graphql.
 */
import 'reflect-metadata';
import { printSubgraphSchema } from '@apollo/subgraph';
import { printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, getMetadataStorage } from 'type-graphql';
import { authChecker } from './auth-checker';
import { buildProfilesSubgraph } from './federation';
import { InstrumentResolver } from './instrument/instrument.resolver';
import { attachProfileFieldResolvers } from './profile/profile-fields';
import { ProfileResolver } from './profile/profile.resolver';
import { assertRootFieldsPriced } from './upstream-cost';

export interface GatewaySchemas {
  /** The public contract, executable (tests, tools); no federation fields. */
  clientSchema: GraphQLSchema;
  /** What the server serves: the client schema plus Federation v2 subgraph support. */
  subgraphSchema: GraphQLSchema;
  /** SDL of the client schema (schema/schema.graphql). */
  clientSdl: string;
  /** Subgraph SDL with federation directives, for composition and schema registries (schema/subgraph.graphql). */
  subgraphSdl: string;
}

let built: Promise<GatewaySchemas> | undefined;

/** The schemas, built on first call and cached for the process. */
export function buildGatewaySchemas(): Promise<GatewaySchemas> {
  built ??= build().catch((error: unknown) => {
    built = undefined; // a failed build may be retried
    throw error;
  });
  return built;
}

async function build(): Promise<GatewaySchemas> {
  assertNoIgnoredFieldMiddleware();
  const clientSchema = await buildSchema({
    resolvers: [ProfileResolver, InstrumentResolver],
    authChecker,
    // Each resolver checks its arguments with the input's zod schema (validation/validate.ts);
    // type-graphql's own class-validator step stays off.
    validate: false,
  });
  attachProfileFieldResolvers(clientSchema);
  describeRootTypes(clientSchema);
  const subgraphSchema = buildProfilesSubgraph(clientSchema);
  assertRootFieldsPriced(subgraphSchema);
  return {
    clientSchema,
    subgraphSchema,
    clientSdl: printSchema(clientSchema),
    subgraphSdl: printSubgraphSchema(subgraphSchema),
  };
}

/** type-graphql cannot describe the root types; Sandbox shows these descriptions. */
function describeRootTypes(schema: GraphQLSchema): void {
  const query = schema.getQueryType();
  const mutation = schema.getMutationType();
  if (query) query.description = 'Reading IXOPAY customer profiles.';
  if (mutation) mutation.description = 'Changing and deleting IXOPAY customer profiles and their payment instruments.';
}

/**
 * Our object types are declared `simpleResolvers: true`: their fields are plain data, read by
 * GraphQL's default resolver (which graphql-jit inlines) instead of a type-graphql wrapper call
 * per field per object. The same option makes type-graphql ignore `@Authorized`/`@UseMiddleware`
 * on those fields, so one added there would silently not run: refuse to build instead.
 */
function assertNoIgnoredFieldMiddleware(): void {
  const storage = getMetadataStorage();
  const simpleTypes = new Set(storage.objectTypes.filter((type) => type.simpleResolvers).map((type) => type.target));
  const explicitlyNotSimple = new Set(storage.fields.filter((field) => field.simple === false).map((field) => `${field.target.name}.${field.name}`));
  // Decorator metadata as recorded, before type-graphql attaches it to fields during the build.
  for (const { target, fieldName } of [...storage.authorizedFields, ...storage.middlewares]) {
    const name = `${target.name}.${fieldName}`;
    if (simpleTypes.has(target) && !explicitlyNotSimple.has(name)) {
      throw new Error(
        `${name} has @Authorized or @UseMiddleware, which its type's simpleResolvers would skip; use a @FieldResolver or set simple: false on the field`,
      );
    }
  }
}
