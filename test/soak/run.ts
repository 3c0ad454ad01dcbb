/**
 * `npm run soak`: a chaos soak with a ledger (issue 14, section 5).
 *
 * Starts the sandbox and the gateway as separate processes on 127.0.0.1 (the gateway as in
 * production: package.json `config.nodeFlags`, NODE_ENV=production), arms random faults on about
 * 5 % of upstream calls through the sandbox's control endpoint, drives mixed traffic through the
 * gateway at moderate concurrency, keeps a ledger, and ends with ONE summary line on stdout (the
 * progress and the violations' examples go to stderr). Exit 0 when every rule held, 1 when one
 * broke, 2 when the soak could not run.
 *
 *   npm run soak                          # 2 minutes
 *   npm run soak -- --minutes 10
 *   npm run soak -- --seconds 20 --seed 42 --concurrency 4 --rate 20
 *   npm run soak -- --modes 500,hang,applied-then-reset --fault-rate 0.1
 *
 * Rules: see test/soak/README.md.
 */
import { IxopayClient } from '../../src/ixopay/client';
import { parseOrExit } from '../bench/cli-options';
import { log } from '../bench/log';
import { readMemory, RssSampler } from '../bench/measure';
import { installCleanupHandlers, isInterrupted, stopAll } from '../bench/processes';
import { DEMO } from '../bench/launch';
import { startEnvironment } from './environment';
import { armFaults } from './faults';
import { GraphQLClient } from './graphql-client';
import { formatCounts, Ledger } from './ledger';
import { detectMutations, type InstrumentMutation } from './mutation-detection';
import { parseOptions, usage } from './options';
import { Pacer } from './pacer';
import { prng } from './prng';
import { RSS_GROWTH_LIMIT, RSS_SAMPLE_MS, rssCurve, rssWindows } from './rss-rule';
import { SandboxControl } from './sandbox-control';
import { pct, printViolations, readsServedLine, summaryLine } from './summary';
import { Traffic } from './traffic';

async function main(): Promise<number> {
  const options = parseOrExit('soak', usage, () => parseOptions(process.argv.slice(2)));
  const ledger = new Ledger();
  const crashes: string[] = [];
  let mutations: ReadonlySet<InstrumentMutation> = new Set();
  const startedAt = Date.now();
  installCleanupHandlers(() => {
    printViolations(ledger);
    process.stdout.write(`${summaryLine({ options, elapsedS: (Date.now() - startedAt) / 1000, ledger, crashes, mutations, interrupted: true })}\n`);
  });
  // Hard stop: whatever happens, the run ends and takes its children with it.
  const hardLimitMs = (options.durationS + 240) * 1000 + options.clientTimeoutMs * 3;
  setTimeout(() => {
    log(`soak: exceeded ${Math.round(hardLimitMs / 1000)} s, aborting`);
    void stopAll().finally(() => process.exit(2));
  }, hardLimitMs).unref();

  log(
    `soak: ${options.durationS} s, concurrency ${options.concurrency}, ${options.rate} ops/s, faults on ${pct(options.faultRate, 1)} of upstream calls ` +
      `(${options.modes.join(', ')}; Retry-After ${options.retryAfterSeconds} s), seed ${options.seed}; logs in ${options.logDir}`,
  );
  const env = await startEnvironment(options);
  const control = new SandboxControl(env.sandboxUrl);
  for (const p of await control.profiles()) {
    if (p.customerIdentification) ledger.addProfile({ profileGuid: p.profileGuid, customerIdentification: p.customerIdentification, origin: 'seed' });
  }
  const gql = new GraphQLClient(`${env.gatewayOrigin}/graphql`, env.token, options.clientTimeoutMs, options.concurrency + 2);
  const direct = new IxopayClient({ baseUrl: env.sandboxUrl, ...DEMO, bodyHash: 'sha512', timeoutMs: 10_000, connections: 2 });
  try {
    mutations = options.instruments === 'off' ? new Set() : await detectMutations(gql);
    log(
      `soak: processes: sandbox pid ${env.sandbox.pid}, gateway pid ${env.gateway.pid}; ${ledger.profiles.size} seeded profiles; instrument mutations: ` +
        `${mutations.size > 0 ? [...mutations].join(', ') : 'none (profiles to delete are registered at the sandbox directly)'}`,
    );

    await armFaults(control, options, mutations);
    const statsBefore = await control.stats();

    const traffic = new Traffic(ledger, gql, control, prng(options.seed), {
      runId: options.seed.toString(36).slice(-6),
      mutations,
      direct,
      confirmWithinMs: 12_000,
    });
    const pacer = new Pacer(options.rate);
    const runStarted = Date.now();
    const endAt = runStarted + options.durationS * 1000;
    const sampler = new RssSampler([env.gateway.pid], RSS_SAMPLE_MS);
    let stop = false;
    const watch = setInterval(() => {
      for (const service of [env.sandbox, env.gateway]) {
        if (service.exited() && !crashes.some((c) => c.startsWith(service.name))) {
          crashes.push(`${service.name} (pid ${service.pid}) exited during the run; last output:\n${service.tail()}`);
          ledger.violation('crash', `${service.name} exited during the run`);
          stop = true;
        }
      }
    }, 250);
    const progress = setInterval(
      () => {
        const m = ledger.mutationTotals();
        let rss = '?';
        try {
          rss = readMemory(env.gateway.pid).rssMb.toFixed(1);
        } catch {
          // reported by the watch
        }
        log(
          `  [${Math.round((Date.now() - runStarted) / 1000)}s] requests ${ledger.requests}, ${readsServedLine(ledger)}, mutations ${m.confirmed}/${m['reported-failed']}/${m['outcome-unknown']}, ` +
            `violations ${formatCounts(new Map([...ledger.violations].map(([k, v]) => [k, v.count])))}, gateway rss ${rss} MB`,
        );
      },
      options.durationS >= 60 ? 30_000 : 5_000,
    );

    let soakErrors = 0;
    const worker = async () => {
      while (!stop && !isInterrupted() && Date.now() < endAt) {
        await pacer.take();
        if (stop || Date.now() >= endAt) break;
        try {
          await traffic.step();
        } catch (error) {
          if (isInterrupted()) break; // the processes are being stopped
          // A control call failed: the ledger cannot be kept for that operation.
          if (++soakErrors <= 5) log(`soak: operation failed in the soak itself: ${(error as Error).stack ?? String(error)}`);
          ledger.violation('journal', `the soak could not check an operation: ${(error as Error).message}`);
          if (env.sandbox.exited() || env.gateway.exited()) stop = true;
        }
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, () => worker()));
    const elapsedS = (Date.now() - runStarted) / 1000;
    clearInterval(progress);
    const samples = sampler.stop().get(env.gateway.pid) ?? [];
    log(`soak: traffic stopped after ${elapsedS.toFixed(1)} s; ${readsServedLine(ledger)}`);

    // With faults disarmed: settle what could not be confirmed, audit the journal.
    await control.clearFaults();
    await traffic.settleDeferred();
    clearInterval(watch);
    const stats = await control.stats();
    const faultStats = { ...stats, faults: Object.fromEntries(Object.entries(stats.faults).map(([k, v]) => [k, v - (statsBefore.faults[k] ?? 0)])) };
    if (stats.duplicateWrites.total > 0) ledger.violation('duplicate-writes', `sandbox counted ${JSON.stringify(stats.duplicateWrites)}`);
    const journal = await control.writes({});
    for (const w of journal.writes) {
      if (ledger.attributedSeqs.has(w.seq) || w.merchantTransactionId?.startsWith('soak-direct-')) continue;
      ledger.violation('journal', `applied write no mutation of the soak accounts for: ${JSON.stringify(w)}`);
    }
    if (journal.dropped > 0)
      log(`soak: the sandbox journal dropped its ${journal.dropped} oldest entries; the audit covered the newest ${journal.writes.length}`);

    const rss = rssWindows(samples, elapsedS);
    log(`soak: ${rssCurve(samples, elapsedS)}`);
    if (rss.judged && !(rss.growth <= RSS_GROWTH_LIMIT)) {
      ledger.violation(
        'rss',
        `gateway RSS ${rss.firstMb.toFixed(1)} MB in the first minute, ${rss.lastMb.toFixed(1)} MB in the last (${pct(rss.growth, 2)} > ${pct(RSS_GROWTH_LIMIT, 0)})`,
      );
    }
    if (ledger.readsAttempted > 0 && (ledger.readsServed / ledger.readsAttempted) * 100 < options.readsTargetPercent) {
      ledger.violation('reads-served', `${readsServedLine(ledger)}; target ${options.readsTargetPercent}%`);
    }
    for (const service of [env.sandbox, env.gateway]) {
      if (service.exited() && !crashes.some((c) => c.startsWith(service.name))) {
        crashes.push(`${service.name} (pid ${service.pid}) exited; last output:\n${service.tail()}`);
        ledger.violation('crash', `${service.name} exited`);
      }
    }
    log('soak: stopping processes …');
    gql.close();
    await stopAll();
    for (const crash of crashes) log(`soak: ${crash}`);
    printViolations(ledger);
    process.stdout.write(`${summaryLine({ options, elapsedS, ledger, stats: faultStats, rss, crashes, mutations })}\n`);
    return ledger.violations.size === 0 ? 0 : 1;
  } finally {
    gql.close();
    await direct.close().catch(() => undefined);
    await stopAll();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (isInterrupted()) return; // the signal handler stops the children and exits
    log(`soak failed: ${(error as Error)?.stack ?? String(error)}`);
    void stopAll().finally(() => process.exit(2));
  },
);
