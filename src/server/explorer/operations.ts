/**
 * The example operations of schema/operations as explorer tabs, each with its example variables.
 * Read once at start-up; queries come before mutations so that running the tab that is open
 * first never changes data.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ExplorerTab } from './page';

/** schema/operations/ of the repository (the container image copies schema/ too). */
export const EXAMPLE_OPERATIONS_DIR = path.resolve(__dirname, '..', '..', '..', 'schema', 'operations');

export interface ExampleTabOptions {
  dir?: string;
  /** Headers for the tabs that read the caller's own profile (`myCustomerProfile`): demo mode's shopper token. */
  shopperHeaders?: Record<string, string>;
}

/** Tabs for every `NAME.graphql` in the directory (with `NAME.variables.json` when present); none when it is missing. */
export function exampleOperationTabs(options: ExampleTabOptions = {}): ExplorerTab[] {
  const dir = options.dir ?? EXAMPLE_OPERATIONS_DIR;
  if (!existsSync(dir)) return [];
  const shopperHeaders = options.shopperHeaders && JSON.stringify(options.shopperHeaders, null, 2);
  const tabs = readdirSync(dir)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file): ExplorerTab => {
      const query = readFileSync(path.join(dir, file), 'utf8');
      const variablesFile = path.join(dir, file.replace(/\.graphql$/, '.variables.json'));
      const variables = existsSync(variablesFile) ? JSON.stringify(JSON.parse(readFileSync(variablesFile, 'utf8')), null, 2) : undefined;
      const headers = shopperHeaders && /\bmyCustomerProfile\b/.test(query) ? shopperHeaders : undefined;
      return { query, variables, headers };
    });
  const isMutation = (tab: ExplorerTab) => /^\s*mutation\b/m.test(tab.query);
  return [...tabs.filter((tab) => !isMutation(tab)), ...tabs.filter(isMutation)];
}
