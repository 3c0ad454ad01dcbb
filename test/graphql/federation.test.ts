/**
 * The gateway as a Federation v2 subgraph: composed with a small `orders` subgraph into a
 * supergraph, served by @apollo/gateway in-process. 20 orders over 7 customers resolve their
 * customers through `_entities` with one getProfile per distinct customer.
 */
import { composeServices } from '@apollo/composition';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { buildGatewaySchemas } from '../../src/graphql/schema';
import { DEMO_PROFILES } from '../../src/sandbox/seed';
import { startStack, type Stack } from '../support/stack';

const ORDERS_SDL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])

  type Query {
    orders: [Order!]!
  }

  type Order @key(fields: "id") {
    id: ID!
    total: Float
    customer: CustomerProfile
  }

  type CustomerProfile @key(fields: "profileGuid", resolvable: false) {
    profileGuid: ID!
  }
`;

/** 20 orders over the 7 demo customers. */
const ORDERS = Array.from({ length: 20 }, (_, i) => ({
  id: `order-${i + 1}`,
  total: 10 + i,
  customerGuid: DEMO_PROFILES[(i * 3) % DEMO_PROFILES.length].profileGuid,
}));

let stack: Stack;
let orders: ApolloServer;
let ordersUrl: string;
let supergraph: ApolloServer;

beforeAll(async () => {
  stack = await startStack();
  orders = new ApolloServer({
    schema: buildSubgraphSchema([
      {
        typeDefs: parse(ORDERS_SDL),
        resolvers: {
          Query: { orders: () => ORDERS },
          Order: { customer: (order: (typeof ORDERS)[number]) => ({ profileGuid: order.customerGuid }) },
        },
      },
    ]),
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  ({ url: ordersUrl } = await startStandaloneServer(orders, { listen: { host: '127.0.0.1', port: 0 } }));
});

afterAll(async () => {
  await supergraph?.stop();
  await orders?.stop();
  await stack?.close();
});

it('composes with another subgraph and resolves customers with one call per distinct profile', async () => {
  const { subgraphSdl } = await buildGatewaySchemas();
  const composition = composeServices([
    { name: 'profiles', typeDefs: parse(subgraphSdl), url: stack.gatewayUrl },
    { name: 'orders', typeDefs: parse(ORDERS_SDL), url: ordersUrl },
  ]);
  expect(composition.errors).toBeUndefined();
  if (composition.errors) return;

  const token = await stack.token({ scope: 'profiles:read' });
  const gateway = new ApolloGateway({
    supergraphSdl: composition.supergraphSdl,
    buildService: ({ url }) =>
      new RemoteGraphQLDataSource({
        url,
        willSendRequest: ({ request }) => {
          request.http?.headers.set('authorization', `Bearer ${token}`);
        },
      }),
  });
  supergraph = new ApolloServer({ gateway });
  await supergraph.start();

  stack.sandbox.resetStats();
  const response = await supergraph.executeOperation({
    query: `query OrdersWithCustomers {
      orders {
        id
        total
        customer {
          profileGuid
          customerIdentification
          customer { firstName lastName }
          preferredInstrument { paymentToken method }
        }
      }
    }`,
  });
  if (response.body.kind !== 'single') throw new Error('expected a single result');
  const { data, errors } = response.body.singleResult;
  expect(errors).toBeUndefined();

  const result = (
    data as {
      orders: Array<{
        id: string;
        customer: {
          profileGuid: string;
          customerIdentification: string;
          customer: { firstName: string };
          preferredInstrument: { paymentToken: string } | null;
        };
      }>;
    }
  ).orders;
  expect(result).toHaveLength(20);
  const distinctCustomers = new Set(result.map((o) => o.customer.profileGuid));
  expect(distinctCustomers.size).toBe(7);
  for (const [i, order] of result.entries()) {
    const expected = DEMO_PROFILES.find((p) => p.profileGuid === ORDERS[i].customerGuid)!;
    expect(order.id).toBe(ORDERS[i].id);
    expect(order.customer.profileGuid).toBe(expected.profileGuid);
    expect(order.customer.customerIdentification).toBe(expected.customerIdentification);
    expect(order.customer.customer.firstName).toEqual(expect.any(String));
  }
  const mira = result.find((o) => o.customer.customerIdentification === 'shop-user-000417');
  expect(mira?.customer).toMatchObject({
    customer: { firstName: 'Mira', lastName: 'Kovac' },
    preferredInstrument: { paymentToken: 'pt::4f0c2d9e81b7a65c3e10', method: 'CARD' },
  });
  const noah = result.find((o) => o.customer.customerIdentification === 'cust-0005');
  expect(noah?.customer.preferredInstrument).toBeNull();

  expect(stack.sandbox.stats().calls.getProfile).toBe(7);
  expect(stack.sandbox.stats().total).toBe(7);
});
