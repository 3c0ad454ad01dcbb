/** Call counters: API calls that passed authentication and reached an operation. */
import { OPERATIONS, type Operation } from './model';

export interface SandboxStats {
  /** Per operation, every operation listed (0 when never called). */
  calls: Record<string, number>;
  total: number;
}

/** Mutable counters behind RunningSandbox.stats(). */
export class StatsCounter {
  private calls = zeroCalls();
  private total = 0;

  /** Counts one authenticated call. */
  count(operation: Operation): void {
    this.calls[operation]++;
    this.total++;
  }

  /** A copy of the current counters. */
  read(): SandboxStats {
    return { calls: { ...this.calls }, total: this.total };
  }

  /** Back to zero. */
  reset(): void {
    this.calls = zeroCalls();
    this.total = 0;
  }
}

function zeroCalls(): Record<Operation, number> {
  return Object.fromEntries(OPERATIONS.map((op) => [op, 0])) as Record<Operation, number>;
}
