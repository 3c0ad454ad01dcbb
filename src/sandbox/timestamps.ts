/** Timestamp formats of the platform's JSON: `YYYY-MM-DD HH:MM:SS` and `YYYY-MM-DD` (UTC). */

const two = (n: number): string => String(n).padStart(2, '0');

/** `YYYY-MM-DD HH:MM:SS` in UTC, the form every example of `createdAt` uses (API.md §3.4). */
export function formatTimestamp(date: Date): string {
  return `${formatDay(date)} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`;
}

/** `YYYY-MM-DD` in UTC. */
export function formatDay(date: Date): string {
  return `${date.getUTCFullYear()}-${two(date.getUTCMonth() + 1)}-${two(date.getUTCDate())}`;
}
