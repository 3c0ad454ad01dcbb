/**
 * Trusted documents: only the operations a frontend was built with may run. The list is an Apollo
 * persisted-query manifest (what `@apollo/generate-persisted-query-manifest` and graphql-codegen's
 * persisted documents write for a client app). A request names an operation by
 * `extensions.persistedQuery.sha256Hash` alone, or sends its full text; anything else is refused
 * with PERSISTED_QUERY_NOT_IN_LIST before parsing and before any upstream call.
 *
 * Lookups are by hash or by the exact text (a Map each), so a trusted request costs a string
 * lookup, not a sha256.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** Who is held to the list: shopper tokens (default), everyone, or nobody. */
export type TrustedDocumentsEnforcement = 'shoppers' | 'all' | 'off';

/** One operation of the manifest. */
export interface TrustedOperation {
  id: string;
  name: string;
  type: 'query' | 'mutation' | 'subscription';
  body: string;
}

const manifestSchema = z.object({
  format: z.literal('apollo-persisted-query-manifest'),
  version: z.literal(1),
  operations: z.array(
    z.object({
      id: z.string().regex(/^[0-9a-f]{64}$/, 'must be a lower-case sha256 hex digest'),
      name: z.string(),
      type: z.enum(['query', 'mutation', 'subscription']),
      body: z.string().min(1),
    }),
  ),
});

/** The manifest, indexed both ways. */
export class TrustedDocuments {
  readonly #byId = new Map<string, TrustedOperation>();
  readonly #byBody = new Map<string, TrustedOperation>();

  constructor(operations: readonly TrustedOperation[]) {
    for (const operation of operations) {
      this.#byId.set(operation.id, operation);
      this.#byBody.set(operation.body, operation);
    }
  }

  /** Reads and checks a manifest file; throws an Error naming the file and the problem. */
  static fromFile(path: string): TrustedDocuments {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new Error(`TRUSTED_DOCUMENTS: cannot read ${path} as JSON: ${(error as Error).message}`);
    }
    const result = manifestSchema.safeParse(parsed);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new Error(`TRUSTED_DOCUMENTS: ${path} is not an Apollo persisted-query manifest (${issue.path.join('.')}: ${issue.message})`);
    }
    return new TrustedDocuments(result.data.operations);
  }

  get size(): number {
    return this.#byId.size;
  }

  /** The trusted operation a request names by hash, or sends the exact text of. */
  find(request: { query?: unknown; hash?: unknown }): TrustedOperation | undefined {
    if (typeof request.query === 'string') return this.#byBody.get(request.query);
    if (typeof request.hash === 'string') return this.#byId.get(request.hash);
    return undefined;
  }
}
