/**
 * deploy/router/supergraph.yaml composes: the subgraph schemas it names (this gateway's
 * schema/subgraph.graphql and the example orders SDL in deploy/supergraph/) are composed with
 * @apollo/composition, the library `rover supergraph compose` runs, at the version the config pins.
 * An order's customer then reaches every field the customer-profiles subgraph serves.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse, validate } from 'graphql';
import { readYaml } from './support/kubernetes';

const ROOT = path.resolve(__dirname, '..', '..');
const CONFIG_FILE = path.join(ROOT, 'deploy', 'router', 'supergraph.yaml');
const config = readYaml(CONFIG_FILE);

function compose() {
  // Rover resolves schema files relative to the config file.
  const services = Object.entries<any>(config.subgraphs).map(([name, subgraph]) => ({
    name,
    url: subgraph.routing_url,
    typeDefs: parse(readFileSync(path.resolve(path.dirname(CONFIG_FILE), subgraph.schema.file), 'utf8')),
  }));
  return composeServices(services);
}

it("names this gateway's checked-in subgraph SDL and the orders example", () => {
  expect(path.resolve(path.dirname(CONFIG_FILE), config.subgraphs['customer-profiles'].schema.file)).toBe(
    path.join(ROOT, 'schema', 'subgraph.graphql'),
  );
  expect(path.resolve(path.dirname(CONFIG_FILE), config.subgraphs.orders.schema.file)).toBe(
    path.join(ROOT, 'deploy', 'supergraph', 'orders.graphql'),
  );
});

it('pins the federation version of the @apollo/composition the tests compose with', () => {
  const { version } = JSON.parse(readFileSync(require.resolve('@apollo/composition/package.json'), 'utf8'));
  expect(config.federation_version).toBe(`=${version}`);
});

it("composes, and an order's customer resolves through the customer-profiles subgraph", () => {
  const result = compose();
  expect(result.errors).toBeUndefined();
  if (result.errors) return;
  const apiSchema = result.schema.toAPISchema().toGraphQLJSSchema();
  const query = parse(`
    query OrderWithCustomer {
      order(id: "order-1") {
        id
        totalAmount
        currency
        customer {
          profileGuid
          customerIdentification
          customer { firstName lastName email }
          preferredInstrument { paymentToken method }
        }
      }
    }
  `);
  expect(validate(apiSchema, query)).toEqual([]);
});
