/**
 * Call counters: API calls that passed authentication (and the rate limit) and reached an
 * operation, per operation and per one-second window; rate-limited answers; injected faults.
 * Applied and duplicate writes are counted by the write journal and merged into SandboxStats.
 */
import { FAULT_MODES, type FaultMode } from './faults';
import { OPERATIONS, type Operation } from './model';
import type { WriteCounters } from './write-journal';

export interface SandboxStats extends WriteCounters {
  /** Accepted calls per operation, every operation listed (0 when never called). */
  calls: Record<string, number>;
  total: number;
  /** Calls answered 429 by the rate limit (not counted in `calls`). */
  rateLimited: number;
  /** Accepted calls per one-second window (unix seconds, the rate limit's windows), oldest first; the last hour. */
  acceptedPerSecond: Array<{ second: number; calls: number }>;
  /** The highest count of any window since the last reset. */
  maxAcceptedPerSecond: number;
  /** Injected faults per mode, every mode listed. */
  faults: Record<FaultMode, number>;
}

/** Windows kept in acceptedPerSecond. */
const HISTOGRAM_SECONDS = 3600;

/** Mutable counters behind RunningSandbox.stats(). */
export class StatsCounter {
  private calls = zeroCalls();
  private total = 0;
  private rateLimited = 0;
  private perSecond = new Map<number, number>();
  private maxPerSecond = 0;
  private faults = zeroFaults();

  /** Counts one accepted call at `nowMs`. */
  count(operation: Operation, nowMs: number): void {
    this.calls[operation]++;
    this.total++;
    const second = Math.floor(nowMs / 1000);
    const n = (this.perSecond.get(second) ?? 0) + 1;
    this.perSecond.set(second, n);
    if (n > this.maxPerSecond) this.maxPerSecond = n;
    if (this.perSecond.size > HISTOGRAM_SECONDS) this.perSecond.delete(this.perSecond.keys().next().value as number);
  }

  countRateLimited(): void {
    this.rateLimited++;
  }

  countFault(mode: FaultMode): void {
    this.faults[mode]++;
  }

  /** A copy of the current counters. */
  read(): Omit<SandboxStats, keyof WriteCounters> {
    return {
      calls: { ...this.calls },
      total: this.total,
      rateLimited: this.rateLimited,
      acceptedPerSecond: [...this.perSecond].sort((a, b) => a[0] - b[0]).map(([second, calls]) => ({ second, calls })),
      maxAcceptedPerSecond: this.maxPerSecond,
      faults: { ...this.faults },
    };
  }

  /** Back to zero. */
  reset(): void {
    this.calls = zeroCalls();
    this.total = 0;
    this.rateLimited = 0;
    this.perSecond = new Map();
    this.maxPerSecond = 0;
    this.faults = zeroFaults();
  }
}

function zeroCalls(): Record<Operation, number> {
  return Object.fromEntries(OPERATIONS.map((op) => [op, 0])) as Record<Operation, number>;
}

function zeroFaults(): Record<FaultMode, number> {
  return Object.fromEntries(FAULT_MODES.map((mode) => [mode, 0])) as Record<FaultMode, number>;
}
