import { parse } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { buildGatewaySchemas } from '../../../src/graphql/schema';
import { OperationStore } from '../../../src/server/operations/operation-store';

const KB = 1024;

/** A distinct valid document of about `length` characters: a long comment, then `{ __typename }`. */
function paddedDocument(index: number, length: number): string {
  const head = `# ${index} `;
  return `${head}${'x'.repeat(Math.max(0, length - head.length - 16))}\n{ __typename }`;
}

async function planFor(source: string): Promise<CompiledQuery> {
  const { subgraphSchema } = await buildGatewaySchemas();
  const compiled = compileQuery(subgraphSchema, parse(source));
  if (!isCompiledQuery(compiled)) throw new Error('not compilable');
  return compiled;
}

describe('OperationStore', () => {
  it('counts sightings per query text and operation name', () => {
    const store = new OperationStore({ maxBytes: 1024 * KB, maxDocumentLength: 64 * KB });
    expect(store.sight('{ a }', null)?.sightings).toBe(1);
    expect(store.sight('{ a }', null)?.sightings).toBe(2);
    expect(store.sight('{ a }', 'Named')?.sightings).toBe(1);
    expect(store.sight('{ b }', null)?.sightings).toBe(1);
    expect(store.size).toBe(2);
  });

  it('never stores a document over maxDocumentLength', () => {
    const store = new OperationStore({ maxBytes: 1024 * KB, maxDocumentLength: 1000 });
    expect(store.sight(paddedDocument(1, 2000), null)).toBeUndefined();
    expect(store.size).toBe(0);
  });

  it('stays within maxBytes however many distinct large documents arrive, counting their text', () => {
    const maxBytes = 2 * 1024 * KB;
    const store = new OperationStore({ maxBytes, maxDocumentLength: 64 * KB });
    for (let i = 0; i < 500; i++) {
      store.sight(paddedDocument(i, 60 * KB), null);
      store.sight(paddedDocument(i, 60 * KB), null);
    }
    expect(store.bytes).toBeLessThanOrEqual(maxBytes);
    // Each 60 KB text weighs more than its length: only a handful fit in 2 MB.
    expect(store.size).toBeLessThan(Math.ceil(maxBytes / (60 * KB * 2)));
  });

  it('admits an operation only while its document is stored, and weighs its plan', async () => {
    const store = new OperationStore({ maxBytes: 1024 * KB, maxDocumentLength: 64 * KB });
    const source = '{ __typename }';
    const stored = store.sight(source, null)!;
    const before = store.bytes;
    const plan = await planFor(source);
    store.setPlan(source, stored, plan);
    expect(store.bytes).toBeGreaterThan(before);
    const document = parse(source);
    const operation = document.definitions[0] as never;
    store.admit({ source, operationName: null, plan, document, operation, queryHash: 'h' }, stored);
    expect(store.admitted(source, null)?.plan).toBe(plan);
    expect(store.admitted(source, 'Other')).toBeUndefined();
  });

  it('forgets admitted operations with their documents when evicted', async () => {
    const store = new OperationStore({ maxBytes: 200 * KB, maxDocumentLength: 64 * KB });
    const source = '{ __typename }';
    const stored = store.sight(source, null)!;
    const plan = await planFor(source);
    store.setPlan(source, stored, plan);
    const document = parse(source);
    store.admit({ source, operationName: null, plan, document, operation: document.definitions[0] as never, queryHash: 'h' }, stored);
    for (let i = 0; i < 20; i++) store.sight(paddedDocument(i, 10 * KB), null);
    expect(store.admitted(source, null)).toBeUndefined();
    expect(store.bytes).toBeLessThanOrEqual(200 * KB);
  });

  it('refuses nonsensical bounds', () => {
    expect(() => new OperationStore({ maxBytes: 0, maxDocumentLength: 1 })).toThrow(RangeError);
    expect(() => new OperationStore({ maxBytes: 1, maxDocumentLength: 0.5 })).toThrow(RangeError);
  });
});
