/**
 * Upstream call lines: debug for answers, warn for failures. IXOPAY error codes are logged; request
 * and response bodies never are (they are profiles), nor URLs (the API key is a path segment).
 */
import type { Logger } from 'pino';
import type { UpstreamCallEvent } from '../../../ixopay/types';

/** Outcomes that are answers, not failures: a missing profile is a normal result. */
const ANSWERS: ReadonlySet<UpstreamCallEvent['outcome']> = new Set(['ok', 'PROFILE_NOT_FOUND']);

/** Returns the `onCall` listener for the IXOPAY client. */
export function upstreamCallLogger(logger: Logger): (event: UpstreamCallEvent) => void {
  return (event) => {
    const answer = ANSWERS.has(event.outcome);
    // Answers log at debug, usually off: then not even the fields object is built (40 per batch).
    if (answer && !logger.isLevelEnabled('debug')) return;
    const fields = {
      upstream: 'ixopay',
      operation: event.operation,
      status: event.status,
      durationMs: Math.round(event.durationMs * 100) / 100,
      outcome: event.outcome,
      errorCode: event.errorCode,
      attempt: event.attempt,
    };
    if (answer) logger.debug(fields, 'ixopay call');
    else logger.warn(fields, 'ixopay call failed');
  };
}
