/**
 * Apollo's store of parsed and validated documents, bounded by what it really holds. Apollo's
 * default measures the parsed document as JSON, which leaves out the query text every document
 * keeps alive through its location info: a long comment before `{ __typename }` weighed nothing,
 * so hundreds of distinct half-megabyte documents fit under its 30 MiB cap. Here each document
 * weighs its text and an estimate of its AST (the same estimate the operation store uses).
 */
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import type { DocumentNode } from 'graphql';
import { estimatedDocumentBytes } from './operation-store';

/** A document store for ApolloServer's `documentStore`, holding at most ~`maxBytes`. */
export function documentStore(maxBytes: number): InMemoryLRUCache<DocumentNode> {
  return new InMemoryLRUCache<DocumentNode>({
    maxSize: maxBytes,
    sizeCalculation: (document) => estimatedDocumentBytes(document.loc?.source.body.length ?? 0),
  });
}
