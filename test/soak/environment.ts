/**
 * The soak's two processes on 127.0.0.1: the sandbox (with its generated bench profiles) and the
 * gateway, launched as in production. They stop with the runner (the bench's processes.ts
 * `stopAll`, and the orphan guard preloaded into each).
 */
import { SignJWT } from 'jose';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { log } from '../bench/log';
import { nodeFlagsOption } from '../bench/cli-options';
import { CHILD_BASE_ENV, DEMO_ENV, productionNodeFlags, startSandboxProcess } from '../bench/launch';
import { freePort, ORPHAN_PRELOAD, startService, type Service } from '../bench/processes';
import type { Options } from './options';
import { ROOT } from './root';

/** bench-0001… profiles the sandbox generates, so batches have 100 distinct refs to read. */
const EXTRA_PROFILES = 300;

export interface Env {
  sandbox: Service;
  sandboxUrl: string;
  gateway: Service;
  gatewayOrigin: string;
  token: string;
}

export async function startEnvironment(options: Options): Promise<Env> {
  const [sandboxPort, gatewayPort] = [await freePort(), await freePort()];
  log(`soak: starting sandbox on 127.0.0.1:${sandboxPort} …`);
  const { service: sandbox, url: sandboxUrl } = await startSandboxProcess({
    dist: options.dist,
    port: sandboxPort,
    extraProfiles: EXTRA_PROFILES,
    logFile: join(options.logDir, 'sandbox.log'),
  });

  const jwtSecret = randomBytes(32).toString('base64url');
  const flags = nodeFlagsOption(productionNodeFlags(ROOT));
  const gatewayOrigin = `http://127.0.0.1:${gatewayPort}`;
  log(`soak: starting gateway on 127.0.0.1:${gatewayPort} (node ${flags.join(' ')}, NODE_ENV=production) …`);
  const gateway = await startService({
    name: 'gateway',
    args: [...flags, '--require', ORPHAN_PRELOAD, join(options.dist, 'main.js')],
    env: {
      ...CHILD_BASE_ENV,
      ...DEMO_ENV,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(gatewayPort),
      IXOPAY_BASE_URL: sandboxUrl,
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
