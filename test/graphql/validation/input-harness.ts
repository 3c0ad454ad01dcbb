/**
 * What the input-schema tests share: the client schema's input fields, in order, and the field
 * and message of a validation refusal.
 */
import { isInputObjectType, type GraphQLSchema } from 'graphql';
import { BadUserInputError } from '../../../src/graphql/errors';
import { buildGatewaySchemas } from '../../../src/graphql/schema';

/** Builds the client schema once for the calling test file; `inputFields` reads it. */
export function useClientSchema(): { inputFields(name: string): string[]; schema(): GraphQLSchema } {
  let schema: GraphQLSchema | undefined;
  beforeAll(async () => {
    schema = (await buildGatewaySchemas()).clientSchema;
  });
  const built = () => {
    if (!schema) throw new Error('the client schema is built in beforeAll');
    return schema;
  };
  return {
    schema: built,
    inputFields(name: string) {
      const type = built().getType(name);
      if (!isInputObjectType(type)) throw new Error(`no input type ${name}`);
      return Object.keys(type.getFields());
    },
  };
}

/** The field and message of the BadUserInputError `run` throws; fails when it throws none. */
export function refusal(run: () => unknown): { field: string; message: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof BadUserInputError) return { field: error.field, message: error.message };
    throw error;
  }
  throw new Error('expected a BadUserInputError');
}
