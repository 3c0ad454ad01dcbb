/** Parsing of the `Retry-After` response header (RFC 9110 §10.2.3). */
import { parseHttpDate } from '../signature';

/**
 * Seconds to wait, from delta-seconds or an HTTP date relative to `now`; clamped to ≥ 0 and rounded
 * up. undefined when the header is missing or unparsable.
 */
export function parseRetryAfter(header: string | string[] | undefined, now: Date): number | undefined {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!value) return undefined;
  // A negative delta is invalid; like a date in the past it means "now".
  if (/^-?\d+$/.test(value)) return Math.min(Math.max(0, Number(value)), MAX_SECONDS);
  // IMF-fixdate first (GMT or the platform's UTC spelling); the obsolete RFC 850 and asctime forms
  // (both start with a day name) via Date.parse, which is far too lenient for anything else.
  const at = parseHttpDate(value)?.getTime() ?? (OBSOLETE_DATE.test(value) ? Date.parse(value) : Number.NaN);
  if (Number.isNaN(at)) return undefined;
  return Math.min(Math.max(0, Math.ceil((at - now.getTime()) / 1000)), MAX_SECONDS);
}

const OBSOLETE_DATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? /;

// A day: beyond it the value is nonsense, and it keeps later arithmetic far from overflow.
const MAX_SECONDS = 86_400;
