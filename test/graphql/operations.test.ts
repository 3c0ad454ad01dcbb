/**
 * Every example operation in schema/operations is valid against the schema a frontend codegen
 * uses (schema.graphql; `_entities` against the subgraph schema), and its example variables
 * coerce without errors.
 */
import { getVariableValues, Kind, parse, validate, type OperationDefinitionNode } from 'graphql';
import { buildGatewaySchemas } from '../../src/graphql/schema';
import { exampleOperations } from './support/operations';

const operations = exampleOperations();

it('has the documented example operations', () => {
  expect(operations.map((o) => o.name)).toEqual(
    expect.arrayContaining([
      'GetProfileByGuid',
      'GetProfileByCustomerId',
      'GetProfiles',
      'MyProfile',
      'UpdateProfile',
      'SetPreferredInstrument',
      'DeleteProfile',
      'ResolveEntities',
    ]),
  );
});

describe.each(operations.map((o) => [o.name, o] as const))('%s', (name, operation) => {
  it('is valid, named after its file, and its variables coerce', async () => {
    const { clientSchema, subgraphSchema } = await buildGatewaySchemas();
    const schema = operation.document.includes('_entities') ? subgraphSchema : clientSchema;
    const document = parse(operation.document);
    expect(validate(schema, document).map((e) => e.message)).toEqual([]);

    const definitions = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    expect(definitions.map((d) => d.name?.value)).toEqual([name]);

    const coerced = getVariableValues(schema, definitions[0].variableDefinitions ?? [], operation.variables ?? {});
    expect(coerced.errors?.map((e) => e.message)).toBeUndefined();
  });
});
