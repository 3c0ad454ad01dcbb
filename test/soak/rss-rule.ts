/**
 * The `rss` rule: the gateway's RSS is sampled through the run, and the peak of the last minute
 * may exceed the peak of the first by RSS_GROWTH_LIMIT at most; plus the curve the soak logs.
 */
import type { RssSample } from '../bench/measure';

export const RSS_SAMPLE_MS = 2000;
/** RSS growth allowed between the first and the last minute. */
export const RSS_GROWTH_LIMIT = 0.05;
/** Shorter runs report RSS but do not judge it (warm-up dominates a few seconds). */
const RSS_RULE_MIN_S = 60;

export interface RssWindows {
  firstMb: number;
  lastMb: number;
  growth: number;
  judged: boolean;
}

/**
 * RSS of the first and the last minute, each the minute's peak: a fresh process grows its heap to
 * the configured size during its first minute (--max-old-space-size), which a mean over that minute
 * counts as growth; a leak shows as a peak that keeps rising from minute to minute.
 */
export function rssWindows(samples: RssSample[], durationS: number): RssWindows {
  const points = samples.map((s) => ({ tS: s.tMs / 1000, mb: s.rssMb })).filter((s) => s.tS <= durationS + 1 && Number.isFinite(s.mb));
  const windowS = Math.min(60, durationS / 2);
  const peak = (xs: number[]) => (xs.length ? Math.max(...xs) : NaN);
  const firstMb = peak(points.filter((s) => s.tS <= windowS).map((s) => s.mb));
  const lastMb = peak(points.filter((s) => s.tS >= durationS - windowS).map((s) => s.mb));
  return { firstMb, lastMb, growth: (lastMb - firstMb) / firstMb, judged: durationS >= RSS_RULE_MIN_S };
}

/** Gateway RSS, the mean of each tenth of the run (for telling a leak from a heap growing to its size). */
export function rssCurve(samples: RssSample[], durationS: number): string {
  const slices = 10;
  const sums = Array.from({ length: slices }, () => ({ total: 0, n: 0 }));
  for (const s of samples) {
    const i = Math.min(slices - 1, Math.floor((s.tMs / 1000 / durationS) * slices));
    if (i >= 0 && Number.isFinite(s.rssMb)) {
      sums[i].total += s.rssMb;
      sums[i].n++;
    }
  }
  const peak = samples.reduce((m, s) => Math.max(m, s.rssMb), 0);
  return `gateway RSS by tenth of the run (MB): ${sums.map((x) => (x.n ? (x.total / x.n).toFixed(1) : '-')).join(' ')}; peak sample ${peak.toFixed(1)}`;
}
