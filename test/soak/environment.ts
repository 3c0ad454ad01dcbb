/**
 * The soak's two processes on 127.0.0.1: the sandbox (with its generated bench profiles) and the
 * gateway, launched as in production. They stop with the runner (the bench's processes.ts
 * `stopAll`, and the orphan guard preloaded into each).
 */
import { SignJWT } from 'jose';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { log } from '../bench/log';
import { freePort, startService, type Service } from '../bench/processes';
import type { Options } from './options';
import { ROOT } from './root';

/** The sandbox's demo credentials, which the gateway and the soak's direct client sign with. */
export const DEMO = { username: 'anyApiUser', password: 'myPassword', apiKey: 'demo-api-key', sharedSecret: 'demo-shared-secret' } as const;
/** bench-0001… profiles the sandbox generates, so batches have 100 distinct refs to read. */
const EXTRA_PROFILES = 300;
/** Makes a child exit when this runner is gone (SIGKILL included); the bench's guard. */
const ORPHAN_PRELOAD = join(__dirname, '../bench/orphan-preload.js');

export interface Env {
  sandbox: Service;
  sandboxUrl: string;
  gateway: Service;
  gatewayOrigin: string;
  token: string;
}

export async function startEnvironment(options: Options): Promise<Env> {
  const [sandboxPort, gatewayPort] = [await freePort(), await freePort()];
  const baseEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', APOLLO_TELEMETRY_DISABLED: 'true' };
  const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
  log(`soak: starting sandbox on 127.0.0.1:${sandboxPort} …`);
  const sandbox = await startService({
    name: 'sandbox',
    args: ['--require', ORPHAN_PRELOAD, join(options.dist, 'sandbox/main.js')],
    env: {
      ...baseEnv,
      SANDBOX_HOST: '127.0.0.1',
      SANDBOX_PORT: String(sandboxPort),
      SANDBOX_LATENCY_MS: '0',
      SANDBOX_EXTRA_PROFILES: String(EXTRA_PROFILES),
      SANDBOX_ACCESS_LOG: '0',
      IXOPAY_USERNAME: DEMO.username,
      IXOPAY_PASSWORD: DEMO.password,
      IXOPAY_API_KEY: DEMO.apiKey,
      IXOPAY_SHARED_SECRET: DEMO.sharedSecret,
    },
    readyUrl: `${sandboxUrl}/__sandbox/health`,
    logFile: join(options.logDir, 'sandbox.log'),
  });

  const jwtSecret = randomBytes(32).toString('base64url');
  const flags = productionNodeFlags();
  const gatewayOrigin = `http://127.0.0.1:${gatewayPort}`;
  log(`soak: starting gateway on 127.0.0.1:${gatewayPort} (node ${flags.join(' ')}, NODE_ENV=production) …`);
  const gateway = await startService({
    name: 'gateway',
    args: [...flags, '--require', ORPHAN_PRELOAD, join(options.dist, 'main.js')],
    env: {
      ...baseEnv,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(gatewayPort),
      IXOPAY_BASE_URL: sandboxUrl,
      IXOPAY_USERNAME: DEMO.username,
      IXOPAY_PASSWORD: DEMO.password,
      IXOPAY_API_KEY: DEMO.apiKey,
      IXOPAY_SHARED_SECRET: DEMO.sharedSecret,
      AUTH_JWT_SECRET: jwtSecret,
      LOG_LEVEL: 'warn',
      ...options.gatewayEnv,
    },
    readyUrl: `${gatewayOrigin}/readyz`,
    logFile: join(options.logDir, 'gateway.log'),
  });

  const token = await new SignJWT({ sub: 'soak-runner', scope: 'profiles:read profiles:write' })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setExpirationTime('23h')
    .sign(new TextEncoder().encode(jwtSecret));
  return { sandbox, sandboxUrl, gateway, gatewayOrigin, token };
}

/** The production launch flags (what `npm start` passes). */
function productionNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { config?: { nodeFlags?: string } };
  return (pkg.config?.nodeFlags ?? '').split(/\s+/).filter(Boolean);
}
