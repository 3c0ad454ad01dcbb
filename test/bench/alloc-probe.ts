/**
 * `node dist-bench/test/bench/alloc-probe.js [--scenarios 1,2,3,4,5,6] [--operations N] [--rounds R] [--target gateway|baseline] [--gateway-flags="…"]`
 *
 * Bytes allocated and mutator CPU per operation of the gateway, per scenario: a low-noise
 * complement to `run.ts` for comparing builds on a busy machine. Sandbox and gateway run as in the
 * benchmark; the gateway gets a young generation (64 MB) that is emptied before each window of N
 * sequential operations and that they cannot fill (a window where a collection ran anyway is
 * dropped): heap growth is what the operations allocated, CPU time is the mutator's alone. Allocation
 * is what a collector later pays for — under load, with the production 4 MB young generation,
 * roughly in proportion to bytes per operation times operations in flight.
 */
import { SignJWT } from 'jose';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { IxopayClient } from '../../src/ixopay/client';
import { CHILD_BASE_ENV, DEMO, DEMO_ENV, startSandboxProcess } from './launch';
import { ROOT } from './paths';
import { freePort, installCleanupHandlers, sleep, startService, stopAll } from './processes';
import {
  ALL_SCENARIOS,
  buildScenarios,
  DISTINCT_PROFILES,
  INSTRUMENT_PROFILES,
  type BenchProfile,
  type ConnectionState,
  type ScenarioId,
} from './scenarios';

/** Young generation of the probed gateway: N operations of the largest scenario fit many times. */
const SEMI_SPACE_MB = 64;

/** One kept-alive connection, as a client would hold: no connection set-up in the figures. */
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

function post(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  return new Promise((resolvePromise, reject) => {
    const req = httpRequest(url, { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

interface Reading {
  heapUsed: number;
  collections: number;
  cpuUs: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scenarios: { type: 'string' },
      operations: { type: 'string', default: '40' },
      rounds: { type: 'string', default: '3' },
      // Extra node flags for the probed process, e.g. a --require of a heap-sampling preload.
      'gateway-flags': { type: 'string', default: '' },
      // The baseline server instead of the gateway: what the same upstream calls cost without GraphQL.
      target: { type: 'string', default: 'gateway' },
    },
  });
  const scenarioIds = (values.scenarios ? values.scenarios.split(',').map(Number) : [...ALL_SCENARIOS]) as ScenarioId[];
  const operations = Number(values.operations);
  const rounds = Number(values.rounds);
  installCleanupHandlers();

  const probeFile = join(tmpdir(), `alloc-probe-${process.pid}.jsonl`);
  rmSync(probeFile, { force: true });
  const [sandboxPort, gatewayPort] = [await freePort(), await freePort()];
  const { url: sandboxUrl } = await startSandboxProcess({ dist: join(ROOT, 'dist'), port: sandboxPort, extraProfiles: 60 });
  const jwtSecret = randomBytes(32).toString('base64url');
  const baseline = values.target === 'baseline';
  const probed = await startService({
    name: values.target ?? 'gateway',
    args: [
      `--max-semi-space-size=${SEMI_SPACE_MB}`,
      `--min-semi-space-size=${SEMI_SPACE_MB}`,
      '--max-old-space-size=2048',
      '--liftoff-only',
      '--expose-gc',
      ...(values['gateway-flags'] ?? '').split(/\s+/).filter(Boolean),
      '--require',
      join(__dirname, 'alloc-preload.js'),
      baseline ? join(__dirname, 'baseline-server.js') : join(ROOT, 'dist/main.js'),
    ],
    env: {
      ...CHILD_BASE_ENV,
      ...DEMO_ENV,
      NODE_ENV: 'production',
      IXOPAY_BASE_URL: sandboxUrl,
      LOADER_CONCURRENCY: '8',
      AUTH_JWT_SECRET: jwtSecret,
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      PORT: String(gatewayPort),
      BASELINE_PORT: String(gatewayPort),
      ALLOC_PROBE_FILE: probeFile,
    },
    readyUrl: `http://127.0.0.1:${gatewayPort}/readyz`,
    readyTimeoutMs: 60_000,
  });
  const token = await new SignJWT({ sub: 'alloc-probe', scope: 'profiles:read profiles:write' })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(jwtSecret));
  const headers = { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token}` };

  const client = new IxopayClient({ baseUrl: sandboxUrl, ...DEMO, bodyHash: 'sha512', timeoutMs: 5000, connections: 2 });
  const profiles: BenchProfile[] = [];
  for (let i = 1; i <= DISTINCT_PROFILES + INSTRUMENT_PROFILES; i++) {
    const customerIdentification = `bench-${String(i).padStart(4, '0')}`;
    const profile = await client.getProfile({ customerIdentification });
    if (!profile) throw new Error(`sandbox has no profile ${customerIdentification}`);
    profiles.push({ profileGuid: profile.profileGuid, customerIdentification });
  }
  await client.close();
  const scenarios = buildScenarios(profiles.slice(0, DISTINCT_PROFILES), profiles.slice(DISTINCT_PROFILES));

  // Each SIGUSR2 writes two lines: the reading, then the reading after the young generation was emptied.
  let lines = 0;
  const read = async (): Promise<{ end: Reading; start: Reading }> => {
    process.kill(probed.pid, 'SIGUSR2');
    for (let i = 0; i < 500; i++) {
      await sleep(10);
      const all = readFileSync(probeFile, { encoding: 'utf8', flag: 'a+' }).trim().split('\n').filter(Boolean);
      if (all.length >= lines + 2) {
        const [end, start] = all.slice(lines, lines + 2).map((line) => JSON.parse(line) as Reading);
        lines += 2;
        return { end, start };
      }
    }
    throw new Error('gateway did not answer SIGUSR2');
  };

  let n = 0;
  const state: ConnectionState = {};
  const send = async (id: ScenarioId) => {
    const scenario = scenarios[id];
    const request = baseline ? scenario.baseline(n++, state) : scenario.gateway(n++, state);
    const res = await post(`http://127.0.0.1:${gatewayPort}${request.path}`, request.body, headers);
    if (res.status !== 200 || res.text.includes('"errors"') || res.text.includes('"error"'))
      throw new Error(`scenario ${id}: ${res.status} ${res.text.slice(0, 300)}`);
    scenario.observe?.(state, JSON.parse(res.text));
  };

  process.stdout.write(`| Scenario | KB allocated / op | mutator CPU µs / op |\n|---|---:|---:|\n`);
  for (const id of scenarioIds) {
    // Warm-up: compiled plan, fast path, JIT.
    for (let i = 0; i < 30; i++) await send(id);
    const kb: number[] = [];
    const us: number[] = [];
    let start = (await read()).start;
    for (let round = 0; round < rounds; round++) {
      for (let i = 0; i < operations; i++) await send(id);
      const { end, start: next } = await read();
      // The forced collection that began the window is delivered to the observer late: allow it.
      if (end.collections > start.collections + 1) process.stderr.write(`scenario ${id}: a collection ran during round ${round + 1}; not counted\n`);
      else {
        kb.push((end.heapUsed - start.heapUsed) / operations / 1024);
        us.push((end.cpuUs - start.cpuUs) / operations);
      }
      start = next;
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? NaN;
    process.stdout.write(`| ${id} ${scenarios[id].name} | ${median(kb).toFixed(1)} | ${median(us).toFixed(0)} |\n`);
  }
  await stopAll();
  rmSync(probeFile, { force: true });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`alloc-probe failed: ${(error as Error)?.stack ?? String(error)}\n`);
    void stopAll().finally(() => process.exit(1));
  },
);
