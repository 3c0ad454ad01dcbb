/** What an operation handler gets: the store, persistence and the clock. */
import type { SandboxStore } from '../store';
import type { Reply } from '../wire';

export interface OperationContext {
  store: SandboxStore;
  /** Saves the store after a mutation (no-op without a data file); resolves once written. */
  persist(): Promise<void>;
  now(): Date;
}

/** Answers one API operation; `body` is the parsed JSON object of the request. */
export type OperationHandler = (ctx: OperationContext, body: Record<string, unknown>) => Reply | Promise<Reply>;
