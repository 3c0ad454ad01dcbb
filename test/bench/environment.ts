/**
 * The benchmark's three processes — sandbox, gateway and baseline server, each on 127.0.0.1 — and
 * what the runner needs to talk to them: origins, the gateway's token, request headers per target.
 * They stop with the runner (processes.ts `stopAll`, and the orphan guard preloaded into each).
 */
import { SignJWT } from 'jose';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { IxopayClient } from '../../src/ixopay/client';
import { log } from './log';
import type { Options } from './options';
import { CHILD_BASE_ENV, DEMO, DEMO_ENV, startSandboxProcess } from './launch';
import { ROOT } from './paths';
import { freePort, ORPHAN_PRELOAD, startService, type Service } from './processes';
import type { Target } from './report';
import { DISTINCT_PROFILES, INSTRUMENT_PROFILES, type BenchProfile } from './scenarios';

/** Upstream calls in flight per operation, gateway and baseline alike (reported with the results). */
export const LOADER_CONCURRENCY = 8;
const EXTRA_PROFILES = 60;

/** The three processes and what the runner needs to talk to them. */
export interface Env {
  sandbox: Service;
  sandboxUrl: string;
  gateway: Service;
  gatewayOrigin: string;
  baseline: Service;
  baselineOrigin: string;
  token: string;
}

export async function startEnvironment(options: Options): Promise<Env> {
  const [sandboxPort, gatewayPort, baselinePort] = [await freePort(), await freePort(), await freePort()];
  const logDir = resolve(ROOT, 'bench-results/logs');

  log(`starting sandbox on 127.0.0.1:${sandboxPort} …`);
  const { service: sandbox, url: sandboxUrl } = await startSandboxProcess({
    dist: join(ROOT, 'dist'),
    port: sandboxPort,
    extraProfiles: EXTRA_PROFILES,
    logFile: join(logDir, 'sandbox.log'),
  });

  const jwtSecret = randomBytes(32).toString('base64url');
  const upstreamEnv = {
    ...CHILD_BASE_ENV,
    ...DEMO_ENV,
    NODE_ENV: 'production',
    IXOPAY_BASE_URL: sandboxUrl,
    LOADER_CONCURRENCY: String(LOADER_CONCURRENCY),
    AUTH_JWT_SECRET: jwtSecret,
    LOG_LEVEL: 'warn',
  };

  log(`starting gateway on 127.0.0.1:${gatewayPort}${options.cpuProfDir ? ` (cpu profile → ${options.cpuProfDir})` : ''} …`);
  const gatewayOrigin = `http://127.0.0.1:${gatewayPort}`;
  const gateway = await startService({
    name: 'gateway',
    args: [
      ...options.gatewayFlags,
      ...(options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`] : []),
      '--require',
      ORPHAN_PRELOAD,
      join(ROOT, 'dist/main.js'),
    ],
    env: { ...upstreamEnv, ...options.gatewayEnv, HOST: '127.0.0.1', PORT: String(gatewayPort) },
    readyUrl: `${gatewayOrigin}/readyz`,
    logFile: join(logDir, 'gateway.log'),
  });

  log(`starting baseline on 127.0.0.1:${baselinePort} …`);
  const baselineOrigin = `http://127.0.0.1:${baselinePort}`;
  const baseline = await startService({
    name: 'baseline',
    // Profiled too, into DIR/baseline: the gateway's profile minus this one is what GraphQL costs.
    args: [
      ...options.baselineFlags,
      ...(options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${join(options.cpuProfDir, 'baseline')}`] : []),
      join(ROOT, 'dist-bench/test/bench/baseline-server.js'),
    ],
    env: { ...upstreamEnv, BASELINE_PORT: String(baselinePort) },
    readyUrl: `${baselineOrigin}/readyz`,
    logFile: join(logDir, 'baseline.log'),
  });

  const token = await new SignJWT({ sub: 'bench-runner', scope: 'profiles:read profiles:write' })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setExpirationTime('12h')
    .sign(new TextEncoder().encode(jwtSecret));

  return { sandbox, sandboxUrl, gateway, gatewayOrigin, baseline, baselineOrigin, token };
}

/** bench-0001.. profiles: their guids, read through our own signed client. */
export async function resolveProfiles(sandboxUrl: string): Promise<BenchProfile[]> {
  const client = new IxopayClient({ baseUrl: sandboxUrl, ...DEMO, bodyHash: 'sha512', timeoutMs: 5000, connections: 4 });
  try {
    const width = Math.max(4, String(EXTRA_PROFILES).length);
    const profiles: BenchProfile[] = [];
    for (let i = 1; i <= DISTINCT_PROFILES + INSTRUMENT_PROFILES; i++) {
      const customerIdentification = `bench-${String(i).padStart(width, '0')}`;
      const profile = await client.getProfile({ customerIdentification });
      if (!profile) throw new Error(`sandbox has no profile ${customerIdentification}: are the generated bench profiles enabled?`);
      profiles.push({ profileGuid: profile.profileGuid, customerIdentification });
    }
    return profiles;
  } finally {
    await client.close();
  }
}

export function headersFor(env: Env, target: Target): Record<string, string> {
  return target === 'gateway'
    ? { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${env.token}` }
    : { 'content-type': 'application/json', accept: 'application/json' };
}

export const originOf = (env: Env, target: Target) => (target === 'gateway' ? env.gatewayOrigin : env.baselineOrigin);
export const serviceOf = (env: Env, target: Target) => (target === 'gateway' ? env.gateway : env.baseline);

export function assertAlive(env: Env): void {
  for (const service of [env.sandbox, env.gateway, env.baseline]) {
    if (service.exited()) throw new Error(`${service.name} (pid ${service.pid}) has exited. Last output:\n${service.tail()}`);
  }
}
