/** What the soak reports: its one summary line (stdout), the violations' examples and the reads-served line (stderr). */
import { log } from '../bench/log';
import { formatCounts, type Ledger } from './ledger';
import type { InstrumentMutation } from './mutation-detection';
import type { Options } from './options';
import type { RssWindows } from './rss-rule';
import type { SandboxStats } from './sandbox-control';

export interface Final {
  options: Options;
  elapsedS: number;
  ledger: Ledger;
  stats?: SandboxStats;
  rss?: RssWindows;
  crashes: string[];
  mutations: ReadonlySet<InstrumentMutation>;
  interrupted?: boolean;
}

export const pct = (x: number, digits = 2) => `${(x * 100).toFixed(digits)}%`;

/** The one summary line. */
export function summaryLine(f: Final): string {
  const { ledger, stats, rss } = f;
  const m = ledger.mutationTotals();
  const readsServed = ledger.readsAttempted > 0 ? ledger.readsServed / ledger.readsAttempted : NaN;
  const faults = stats ? Object.values(stats.faults).reduce((a, b) => a + b, 0) : NaN;
  const violations = new Map([...ledger.violations].map(([rule, v]) => [rule, v.count]));
  const verdict = f.interrupted ? 'INTERRUPTED' : violations.size === 0 ? 'PASS' : 'FAIL';
  const parts = [
    `soak ${verdict} ${Math.round(f.elapsedS)}s seed ${f.options.seed} c=${f.options.concurrency} rate=${f.options.rate}/s`,
    `requests ${ledger.requests} (confirming reads ${ledger.confirmationReads})`,
    `errors ${formatCounts(ledger.errorsByCode)}`,
    stats
      ? `faults ${faults} of ${stats.total} upstream calls (${pct(faults / Math.max(1, stats.total), 1)}) ${formatCounts(stats.faults)}`
      : 'faults ?',
    `mutations confirmed ${m.confirmed} / reported failed ${m['reported-failed']} / outcome unknown ${m['outcome-unknown']}` +
      (m.violation + m.unanswered > 0 ? ` / broken ${m.violation} / unanswered ${m.unanswered}` : ''),
    rss
      ? `rss first/last ${rss.firstMb.toFixed(1)}/${rss.lastMb.toFixed(1)} MB (${rss.growth >= 0 ? '+' : ''}${pct(rss.growth, 2)}${rss.judged ? '' : ', not judged under 60 s'})`
      : 'rss ?',
    `crashes ${f.crashes.length}`,
    `unanswered ${ledger.violations.get('unanswered')?.count ?? 0}`,
    `duplicate writes ${stats ? stats.duplicateWrites.total : '?'}`,
    `null-existing ${ledger.violations.get('null-existing')?.count ?? 0}`,
    `reads served ${Number.isNaN(readsServed) ? '?' : pct(readsServed, 3)} of ${ledger.readsAttempted} (target ${f.options.readsTargetPercent}%)`,
    `instrument mutations ${f.mutations.size > 0 ? [...f.mutations].map((n) => n.replace('PaymentInstrument', '')).join('/') : `absent (${ledger.profilesCreatedDirectly} profiles registered at the sandbox directly)`}`,
    `violations ${formatCounts(violations)}`,
  ];
  return parts.join(' | ');
}

export function printViolations(ledger: Ledger): void {
  if (ledger.violations.size === 0) return;
  log('\nsoak: rule violations (first examples of each):');
  for (const [rule, v] of ledger.violations) {
    log(`  ${rule}: ${v.count}`);
    for (const example of v.examples) log(`    - ${example}`);
  }
  log('');
}

export function readsServedLine(ledger: Ledger): string {
  const served = ledger.readsAttempted > 0 ? pct(ledger.readsServed / ledger.readsAttempted, 3) : '?';
  return `reads served ${served} of ${ledger.readsAttempted}; not served ${formatCounts(ledger.unservedByCode)}`;
}
