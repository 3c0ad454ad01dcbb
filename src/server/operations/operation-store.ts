/**
 * The one store of compiled operations, shared by the compiled-execution plugin (which counts
 * sightings, compiles and admits) and the fast path (which answers admitted operations before
 * Apollo's pipeline). One key (the query text, then the operation name), one bound, so the two can
 * never disagree about what is known.
 *
 * Why bytes and not a count: every entry keeps its query text alive, and a client chooses how long
 * that is. A count bound let ~150 distinct half-megabyte documents exhaust a 96 MB heap; a byte
 * bound (text, parsed document and plans, estimated) cannot be outgrown that way. Documents over
 * `maxDocumentBytes` are never stored at all: legitimate operations are a few KiB.
 */
import type { DocumentNode, OperationDefinitionNode } from 'graphql';
import type { CompiledQuery } from 'graphql-jit';
import { LRUCache } from 'lru-cache';

/** An operation answered from a compiled plan without error: the fast path may answer it from now on. */
export interface AdmittedOperation {
  /** The query text, exactly as the client sent it. */
  source: string;
  /** The request's `operationName`, null when none. */
  operationName: string | null;
  plan: CompiledQuery;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  /** Apollo's sha256 of the query text, for the log line. */
  queryHash: string;
}

/** What the store knows of one operation of one document. */
export interface StoredOperation {
  sightings: number;
  /** undefined: not compiled yet; null: graphql-jit refused it, it is interpreted for good. */
  plan?: CompiledQuery | null;
  admitted?: AdmittedOperation;
}

export interface OperationStoreOptions {
  /** Total estimated bytes of all entries; least recently used entries go first. */
  maxBytes: number;
  /** Documents larger than this (UTF-16 code units) are never stored. */
  maxDocumentLength: number;
}

/** Rough heap cost of one graphql-jit plan (generated code and closures); measured at 10-40 KB. */
const PLAN_BYTES = 32 * 1024;
/** A parsed document costs several times its text; this factor errs on the safe side. */
const DOCUMENT_BYTES_PER_CHAR = 10;
const ENTRY_OVERHEAD_BYTES = 256;

/** Heap estimate of a query text (UTF-16) and its parsed document; Apollo's document store uses it too. */
export function estimatedDocumentBytes(sourceLength: number): number {
  return ENTRY_OVERHEAD_BYTES + sourceLength * (2 + DOCUMENT_BYTES_PER_CHAR);
}

interface Entry {
  operations: Map<string | null, StoredOperation>;
  plans: number;
}

/** Bounded store of compiled operations, keyed by query text and operation name. */
export class OperationStore {
  readonly #entries: LRUCache<string, Entry>;
  readonly #maxDocumentLength: number;

  constructor(options: OperationStoreOptions) {
    positive('maxBytes', options.maxBytes);
    positive('maxDocumentLength', options.maxDocumentLength);
    this.#maxDocumentLength = options.maxDocumentLength;
    this.#entries = new LRUCache<string, Entry>({
      maxSize: options.maxBytes,
      sizeCalculation: (entry, source) => estimatedDocumentBytes(source.length) + entry.plans * PLAN_BYTES,
    });
  }

  /**
   * Counts one sighting of an operation and returns its record, creating it on first sight;
   * undefined for a document too large to be stored (it is simply interpreted every time).
   */
  sight(source: string, operationName: string | null): StoredOperation | undefined {
    if (source.length > this.#maxDocumentLength) return undefined;
    let entry = this.#entries.get(source);
    if (!entry) {
      entry = { operations: new Map(), plans: 0 };
      this.#entries.set(source, entry);
    }
    let operation = entry.operations.get(operationName);
    if (!operation) entry.operations.set(operationName, (operation = { sightings: 0 }));
    operation.sightings++;
    return operation;
  }

  /** Records a compiled plan (or null: not compilable); the entry's size grows by a plan. */
  setPlan(source: string, operation: StoredOperation, plan: CompiledQuery | null): void {
    operation.plan = plan;
    const entry = this.#entries.peek(source);
    if (!entry || !plan) return;
    entry.plans++;
    // Re-set so lru-cache recomputes the entry's size (it may evict others, or this one).
    this.#entries.set(source, entry);
  }

  /** Marks an operation as answered without error; the fast path answers it from now on. */
  admit(admitted: AdmittedOperation, operation: StoredOperation): void {
    if (this.#entries.has(admitted.source)) operation.admitted = admitted;
  }

  /** The admitted operation for a request, if any (marks it most recently used). */
  admitted(source: string, operationName: string | null): AdmittedOperation | undefined {
    return this.#entries.get(source)?.operations.get(operationName)?.admitted;
  }

  /** Estimated bytes held (tests and diagnostics). */
  get bytes(): number {
    return this.#entries.calculatedSize;
  }

  /** Documents held. */
  get size(): number {
    return this.#entries.size;
  }
}

function positive(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`OperationStore ${name} must be a positive integer, got ${value}`);
}
