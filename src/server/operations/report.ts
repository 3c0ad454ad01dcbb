/**
 * One report per GraphQL operation, whichever path answered it: the operation log line and the
 * metrics both read this, so they always agree with each other and across the two paths.
 */
import type { OperationOutcome } from './outcome';

/** What is known of one finished operation. */
export interface OperationReport {
  requestId: string;
  outcome: OperationOutcome;
  /**
   * The document resolved to an operation and the caller was authenticated: only then may the
   * operation name become a metric label (a request's operationName is any string an anonymous
   * client likes).
   */
  labelled: boolean;
  durationMs: number;
  httpStatus: number;
  /** sha256 of the query text (never the text itself: it may hold personal data). */
  queryHash?: string;
}

/** Receives every operation's report. */
export type OperationSink = (report: OperationReport) => void;
