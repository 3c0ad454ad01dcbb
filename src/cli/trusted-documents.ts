/**
 * `npm run trusted-documents [-- --dir schema/operations --out trusted-documents.json]`: writes an
 * Apollo persisted-query manifest for the operations in a folder (by default the example
 * operations of schema/operations/), for TRUSTED_DOCUMENTS. A client app produces its own with
 * `@apollo/generate-persisted-query-manifest` or graphql-codegen's persisted documents; this one
 * serves the demo and the tests.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import type { TrustedOperation } from '../server/http/trusted-documents';

/** The manifest for every `*.graphql` file in `dir` (one operation per file; the exact text is the body). */
export function manifestFor(dir: string): { format: 'apollo-persisted-query-manifest'; version: 1; operations: TrustedOperation[] } {
  const operations = readdirSync(dir)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file): TrustedOperation => {
      const body = readFileSync(path.join(dir, file), 'utf8');
      const operation = parse(body).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
      if (!operation) throw new Error(`${file} holds no operation`);
      return {
        id: createHash('sha256').update(body).digest('hex'),
        name: operation.name?.value ?? path.basename(file, '.graphql'),
        type: operation.operation,
        body,
      };
    });
  return { format: 'apollo-persisted-query-manifest', version: 1, operations };
}

if (require.main === module) {
  const { values } = parseArgs({ options: { dir: { type: 'string' }, out: { type: 'string' } } });
  const dir = path.resolve(values.dir ?? path.join(__dirname, '..', '..', 'schema', 'operations'));
  const out = path.resolve(values.out ?? 'trusted-documents.json');
  const manifest = manifestFor(dir);
  writeFileSync(out, JSON.stringify(manifest, null, 2) + '\n');
  process.stdout.write(`Wrote ${manifest.operations.length} operations to ${out}\n`);
}
