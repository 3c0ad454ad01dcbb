/**
 * The example `orders` subgraph (deploy/supergraph/orders.graphql) as a tiny Node server: a few
 * in-memory orders whose buyers are the sandbox's demo profiles. It only knows each buyer's
 * profileGuid; the router asks the customer-profiles subgraph for the rest through `_entities`.
 *
 *   node deploy/supergraph/orders-subgraph.mjs          # PORT (default 4200), HOST (127.0.0.1)
 *
 * Uses the root project's @apollo/server, @apollo/subgraph and graphql (loaded from the repository
 * root, not from this folder's node_modules, which holds the router's own graphql copy).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const rootRequire = createRequire(path.join(HERE, '..', '..', 'package.json'));
const { ApolloServer } = rootRequire('@apollo/server');
const { ApolloServerPluginInlineTraceDisabled } = rootRequire('@apollo/server/plugin/disabled');
const { startStandaloneServer } = rootRequire('@apollo/server/standalone');
const { buildSubgraphSchema } = rootRequire('@apollo/subgraph');
const { GraphQLError, GraphQLScalarType, Kind, parse } = rootRequire('graphql');

/** Demo profiles of the IXOPAY sandbox (src/sandbox/seed.ts). */
const ZOE = 'CP-3f9a-1c7e-0b52-4d86-a9e1-7c20'; // cust-0001
const MIRA = 'CP-7a1e-33b0-5c9d-4e21-b8f0-0c6d'; // shop-user-000417

/** Newest first per customer, as ordersByCustomer answers. */
export const ORDERS = Object.freeze([
  { id: 'order-1', placedAt: '2026-03-02T09:15:00.000Z', status: 'SHIPPED', totalAmount: '49.90', currency: 'EUR', profileGuid: ZOE },
  { id: 'order-2', placedAt: '2026-03-04T17:40:00.000Z', status: 'PAID', totalAmount: '129.00', currency: 'EUR', profileGuid: MIRA },
  { id: 'order-3', placedAt: '2026-03-05T11:05:00.000Z', status: 'PENDING', totalAmount: '15.50', currency: 'EUR', profileGuid: ZOE },
  { id: 'order-4', placedAt: '2026-03-06T08:00:00.000Z', status: 'CANCELLED', totalAmount: '9.99', currency: 'EUR', profileGuid: null }, // guest checkout
]);

const byId = new Map(ORDERS.map((order) => [order.id, order]));

/** ISO-8601 date-time strings in and out (the same scalar customer-profiles declares). */
const DateTime = new GraphQLScalarType({
  name: 'DateTime',
  serialize: (value) => (value instanceof Date ? value.toISOString() : String(value)),
  parseValue: (value) => checkDateTime(value),
  parseLiteral: (ast) => checkDateTime(ast.kind === Kind.STRING ? ast.value : undefined),
});

function checkDateTime(value) {
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) throw new GraphQLError('DateTime: expected an ISO-8601 date-time string');
  return value;
}

const resolvers = {
  DateTime,
  Query: {
    order: (_root, { id }) => byId.get(id) ?? null,
    ordersByCustomer: (_root, { profileGuid, first }) =>
      ORDERS.filter((order) => order.profileGuid === profileGuid)
        .sort((a, b) => b.placedAt.localeCompare(a.placedAt))
        .slice(0, Math.max(0, Math.min(first ?? 20, 100))),
  },
  Order: {
    __resolveReference: ({ id }) => byId.get(id) ?? null,
    // A reference only: customer-profiles resolves every other field of the profile.
    customer: (order) => (order.profileGuid ? { __typename: 'CustomerProfile', profileGuid: order.profileGuid } : null),
  },
};

/** Starts the subgraph; resolves to its URL and a stop function. */
export async function startOrdersSubgraph({ host = '127.0.0.1', port = 4200 } = {}) {
  const typeDefs = parse(readFileSync(path.join(HERE, 'orders.graphql'), 'utf8'));
  const server = new ApolloServer({
    schema: buildSubgraphSchema([{ typeDefs, resolvers }]),
    // No ftv1 traces: the router here does not ask for them, and the notice would clutter the output.
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  const { url } = await startStandaloneServer(server, { listen: { host, port } });
  return { url, stop: () => server.stop() };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = process.env.PORT === undefined || process.env.PORT === '' ? 4200 : Number(process.env.PORT);
  const { url, stop } = await startOrdersSubgraph({ host: process.env.HOST || '127.0.0.1', port });
  process.stdout.write(`orders subgraph listening on ${url}\n`);
  const shutdown = () => {
    stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}
