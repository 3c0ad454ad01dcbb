/** What an operation handler gets (store, persistence, clock, settings) and what it answers. */
import type { SandboxSettings } from '../settings';
import type { SandboxStore } from '../store';
import type { WriteKeys } from '../write-journal';
import type { Reply } from '../wire';

export interface OperationContext {
  store: SandboxStore;
  /** Saves the store after a mutation (no-op without a data file); resolves once written. */
  persist(): Promise<void>;
  now(): Date;
  settings(): Readonly<SandboxSettings>;
}

/** Facts about the HTTP request an operation may need. */
export interface CallInfo {
  /** Base URL the client reached the sandbox under (host and path prefix), for links back to it. */
  publicBaseUrl(): string;
}

/**
 * The reply, plus — when the call changed the store — the identifiers of what it changed, for the
 * applied-writes journal.
 */
export type OperationResult = Reply & { applied?: WriteKeys };

/** Answers one API operation; `body` is the parsed JSON object of the request. */
export type OperationHandler = (ctx: OperationContext, body: Record<string, unknown>, call: CallInfo) => OperationResult | Promise<OperationResult>;
