/** Comparing a presented credential with a configured shared secret, in constant time. */
import { createHash, timingSafeEqual } from 'node:crypto';

/** True when `presented` equals `secret`; false when either is missing. */
export function matchesSecret(presented: string | string[] | undefined, secret: string | undefined): boolean {
  if (secret === undefined || typeof presented !== 'string') return false;
  // Hashing first gives equal lengths, so the comparison leaks neither content nor length.
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(presented), digest(secret));
}
