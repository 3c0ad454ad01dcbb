/**
 * Every example operation in schema/operations is valid against the schema a frontend codegen
 * uses (schema.graphql; `_entities` against the subgraph schema), and its example variables
 * coerce without errors.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { getVariableValues, Kind, parse, print, validate, type OperationDefinitionNode } from 'graphql';
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

describe("the README's example operations", () => {
  const readme = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
  const section = readme.split(/^## Example operations$/m)[1]?.split(/^### /m)[0] ?? '';
  const blocks = [...section.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1]);
  const documents = blocks.map((block) => parse(block));
  const named = documents.flatMap((document) =>
    document.definitions
      .filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
      .map((d) => ({ name: d.name?.value, document })),
  );

  it('are the same set as schema/operations/', () => {
    expect(named.map((o) => o.name).sort()).toEqual(operations.map((o) => o.name).sort());
  });

  it.each(named.map((o) => [o.name, o] as const))('%s is valid against the schema', async (name, { document }) => {
    const { clientSchema, subgraphSchema } = await buildGatewaySchemas();
    const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && d.name?.value === name)!;
    const single = { kind: Kind.DOCUMENT, definitions: [operation] } as const;
    const schema = print(operation).includes('_entities') ? subgraphSchema : clientSchema;
    expect(validate(schema, single).map((e) => e.message)).toEqual([]);
  });
});
