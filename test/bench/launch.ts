/**
 * How the tools (bench, soak, allocation probe) launch their child processes: the sandbox with its
 * demo credentials and generated bench profiles, and the production node flags for the gateway.
 * The soak compiles this file into its own tree, so nothing here depends on where the repository
 * root is: callers pass their `dist` folder.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ORPHAN_PRELOAD, startService, type Service } from './processes';

/** The sandbox's demo credentials, which the gateway, the baseline and direct clients sign with. */
export const DEMO = { username: 'anyApiUser', password: 'myPassword', apiKey: 'demo-api-key', sharedSecret: 'demo-shared-secret' } as const;

/** The same credentials as a child's IXOPAY_* variables. */
export const DEMO_ENV = {
  IXOPAY_USERNAME: DEMO.username,
  IXOPAY_PASSWORD: DEMO.password,
  IXOPAY_API_KEY: DEMO.apiKey,
  IXOPAY_SHARED_SECRET: DEMO.sharedSecret,
} as const;

/** What every child inherits: a PATH, and no Apollo usage reporting. */
export const CHILD_BASE_ENV = { PATH: process.env.PATH ?? '/usr/bin:/bin', APOLLO_TELEMETRY_DISABLED: 'true' } as const;

export interface SandboxLaunch {
  /** The compiled gateway tree (its `sandbox/main.js` is started). */
  dist: string;
  port: number;
  /** bench-0001… profiles the sandbox generates on start. */
  extraProfiles: number;
  logFile?: string;
}

/**
 * Starts the sandbox on 127.0.0.1:`port` with 0 ms latency and no access log (one stdout line per
 * call would cost the sandbox, and the runner reading it, CPU under load); resolves once it is ready.
 */
export async function startSandboxProcess(launch: SandboxLaunch): Promise<{ service: Service; url: string }> {
  const url = `http://127.0.0.1:${launch.port}`;
  const service = await startService({
    name: 'sandbox',
    args: ['--require', ORPHAN_PRELOAD, join(launch.dist, 'sandbox/main.js')],
    env: {
      ...CHILD_BASE_ENV,
      ...DEMO_ENV,
      SANDBOX_HOST: '127.0.0.1',
      SANDBOX_PORT: String(launch.port),
      SANDBOX_LATENCY_MS: '0',
      SANDBOX_EXTRA_PROFILES: String(launch.extraProfiles),
      SANDBOX_ACCESS_LOG: '0',
    },
    readyUrl: `${url}/__sandbox/health`,
    logFile: launch.logFile,
  });
  return { service, url };
}

/** The production node flags, package.json `config.nodeFlags` (what `npm start` passes), from the repository at `root`. */
export function productionNodeFlags(root: string): string {
  const flags = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { config?: { nodeFlags?: unknown } }).config?.nodeFlags;
  if (typeof flags !== 'string') throw new Error(`${join(root, 'package.json')} has no config.nodeFlags`);
  return flags;
}
