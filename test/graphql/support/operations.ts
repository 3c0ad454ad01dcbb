/** The example operations in schema/operations, with their example variables. */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';

export const OPERATIONS_DIR = path.resolve(__dirname, '..', '..', '..', 'schema', 'operations');

export interface ExampleOperation {
  name: string;
  document: string;
  variables?: Record<string, unknown>;
}

export function exampleOperations(): ExampleOperation[] {
  return readdirSync(OPERATIONS_DIR)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => {
      const name = file.replace(/\.graphql$/, '');
      const variablesFile = path.join(OPERATIONS_DIR, `${name}.variables.json`);
      return {
        name,
        document: readFileSync(path.join(OPERATIONS_DIR, file), 'utf8'),
        variables: existsSync(variablesFile) ? (JSON.parse(readFileSync(variablesFile, 'utf8')) as Record<string, unknown>) : undefined,
      };
    });
}
