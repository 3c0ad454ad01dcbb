/**
 * The applied-writes journal, so a test or a chaos-soak ledger can ask "did this write take
 * effect?" even when its answer was lost (fault modes applied-then-reset / applied-then-502).
 *
 * A write is *applied* when its operation answered success (register: FINISHED, REDIRECT or
 * PENDING). Each one is counted per operation and logged (bounded: the newest LOG_LIMIT entries).
 *
 * A *duplicate* write is one a correct client would only send by retrying a write that had in
 * fact been applied:
 * - register: a merchantTransactionId that an earlier applied register already used (the
 *   merchant's transaction id is meant to be unique; the platform has error 3004 for it);
 * - updateProfile: exactly the same request body as the previous applied update of the same
 *   profile.
 * Duplicates are applied as usual (the platform's behaviour is undocumented) and counted.
 */
import type { FaultMode } from './faults';
import { WRITE_OPERATIONS, type WriteOperation } from './model';

/** Identifiers of what a write touched; `transactionUuid` is always the register transaction's uuid. */
export interface WriteKeys {
  customerIdentification?: string | null;
  profileGuid?: string | null;
  merchantTransactionId?: string;
  transactionUuid?: string;
  paymentToken?: string;
}

export interface AppliedWrite extends WriteKeys {
  /** 1, 2, … in the order the writes were applied (since the last reset). */
  seq: number;
  /** ISO timestamp on the sandbox clock. */
  at: string;
  operation: WriteOperation;
  duplicate: boolean;
  /** Whether the client got the answer, or a fault swallowed it after the write was applied. */
  answer: 'sent' | 'lost-reset' | 'lost-502';
}

/** Filter of `writes()`; every given key must match. */
export type WriteQuery = WriteKeys & { operation?: WriteOperation };

export interface WriteLog {
  /** Matching entries, oldest first. */
  writes: AppliedWrite[];
  /** Entries evicted from the bounded log since the last reset (0 = the log is complete). */
  dropped: number;
}

export interface WriteCounters {
  /** Applied writes per write operation. */
  applied: Record<WriteOperation, number>;
  duplicateWrites: { register: number; updateProfile: number; total: number };
}

export const WRITE_QUERY_KEYS = [
  'operation',
  'customerIdentification',
  'profileGuid',
  'merchantTransactionId',
  'transactionUuid',
  'paymentToken',
] as const;

const LOG_LIMIT = 10_000;
/** How many merchantTransactionIds / last update bodies are remembered for duplicate detection. */
const MEMORY_LIMIT = 100_000;

export class WriteJournal {
  private log: AppliedWrite[] = [];
  private start = 0;
  private seq = 0;
  private applied = zeroApplied();
  private duplicates = { register: 0, updateProfile: 0 };
  private readonly registerIds = new Set<string>();
  private readonly lastUpdateBody = new Map<string, string>();

  /** Records one applied write; `body` is the parsed request (for duplicate detection). */
  record(operation: WriteOperation, keys: WriteKeys, body: Record<string, unknown>, lostBy: FaultMode | undefined, now: Date): AppliedWrite {
    const duplicate = this.isDuplicate(operation, keys, body);
    if (duplicate) this.duplicates[operation as 'register' | 'updateProfile']++;
    this.applied[operation]++;
    const entry: AppliedWrite = {
      seq: ++this.seq,
      at: now.toISOString(),
      operation,
      ...keys,
      duplicate,
      answer: lostBy === 'applied-then-reset' ? 'lost-reset' : lostBy === 'applied-then-502' ? 'lost-502' : 'sent',
    };
    if (this.log.length < LOG_LIMIT) {
      this.log.push(entry);
    } else {
      // Ring buffer: overwrite the oldest entry.
      this.log[this.start] = entry;
      this.start = (this.start + 1) % LOG_LIMIT;
    }
    return entry;
  }

  /** The logged writes matching `query`, oldest first. */
  find(query: WriteQuery = {}): WriteLog {
    const filters = WRITE_QUERY_KEYS.filter((k) => query[k] !== undefined);
    const writes: AppliedWrite[] = [];
    for (let i = 0; i < this.log.length; i++) {
      const entry = this.log[(this.start + i) % this.log.length];
      if (filters.every((k) => entry[k] === query[k])) writes.push({ ...entry });
    }
    return { writes, dropped: this.seq - this.log.length };
  }

  counters(): WriteCounters {
    const { register, updateProfile } = this.duplicates;
    return { applied: { ...this.applied }, duplicateWrites: { register, updateProfile, total: register + updateProfile } };
  }

  /** Forgets everything (log, counters, duplicate memory). */
  reset(): void {
    this.log = [];
    this.start = 0;
    this.seq = 0;
    this.applied = zeroApplied();
    this.duplicates = { register: 0, updateProfile: 0 };
    this.registerIds.clear();
    this.lastUpdateBody.clear();
  }

  private isDuplicate(operation: WriteOperation, keys: WriteKeys, body: Record<string, unknown>): boolean {
    if (operation === 'register' && keys.merchantTransactionId !== undefined) {
      const seen = this.registerIds.has(keys.merchantTransactionId);
      remember(this.registerIds, keys.merchantTransactionId);
      return seen;
    }
    if (operation === 'updateProfile' && typeof keys.profileGuid === 'string') {
      const text = JSON.stringify(body);
      const seen = this.lastUpdateBody.get(keys.profileGuid) === text;
      this.lastUpdateBody.delete(keys.profileGuid);
      this.lastUpdateBody.set(keys.profileGuid, text);
      if (this.lastUpdateBody.size > MEMORY_LIMIT) this.lastUpdateBody.delete(this.lastUpdateBody.keys().next().value as string);
      return seen;
    }
    return false;
  }
}

function remember(set: Set<string>, value: string): void {
  set.add(value);
  if (set.size > MEMORY_LIMIT) set.delete(set.values().next().value as string);
}

function zeroApplied(): Record<WriteOperation, number> {
  return Object.fromEntries(WRITE_OPERATIONS.map((op) => [op, 0])) as Record<WriteOperation, number>;
}
