/**
 * Preloaded into the gateway by `alloc-probe.ts` only (with --expose-gc). On SIGUSR2 it appends
 * one JSON line to ALLOC_PROBE_FILE — heap used, collections so far, the process's CPU time — and
 * then empties the young generation. Between two readings the operations sent start on an empty
 * young generation that they cannot fill: heap growth is what they allocated, CPU time is the
 * mutator's alone (a window with a collection of its own is detected and dropped).
 */
import { appendFileSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';

let collections = 0;
new PerformanceObserver((list) => {
  collections += list.getEntries().length;
}).observe({ entryTypes: ['gc'] });

const file = process.env.ALLOC_PROBE_FILE;
const gc = (globalThis as { gc?: (options?: { type: 'minor' | 'major'; execution: 'sync' }) => void }).gc;
if (file && gc) {
  process.on('SIGUSR2', () => {
    const cpu = process.cpuUsage();
    appendFileSync(file, `${JSON.stringify({ heapUsed: process.memoryUsage().heapUsed, collections, cpuUs: cpu.user + cpu.system })}\n`);
    gc({ type: 'minor', execution: 'sync' });
    // The reading after the collection is the start of the next window.
    appendFileSync(
      file,
      `${JSON.stringify({ heapUsed: process.memoryUsage().heapUsed, collections: collections + 1, cpuUs: process.cpuUsage().user + process.cpuUsage().system })}\n`,
    );
  });
}
