/**
 * Graceful shutdown of the real process: SIGTERM during a slow query lets it finish, refuses new
 * work, and exits 0. Runs the built `main.js` exactly as production does.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { DEMO_CREDENTIALS, startSandbox, type RunningSandbox } from '../../src/sandbox/server';
import { freePort } from './security/support';

const SECRET = 'shutdown-test-secret-0123456789abcdef';
let outDir: string;
let sandbox: RunningSandbox;
let child: ChildProcess | undefined;

beforeAll(() => {
  // Inside the repository, so the build resolves node_modules like dist/ does.
  const root = join(__dirname, '../..');
  outDir = mkdtempSync(join(root, 'dist-test-'));
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', outDir], {
    cwd: root,
    stdio: 'pipe',
  });
}, 180_000);

beforeEach(async () => {
  sandbox = await startSandbox({ credentials: DEMO_CREDENTIALS, port: 0 });
});

afterEach(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await sandbox.close();
});

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

async function startGatewayProcess(port: number): Promise<ChildProcess> {
  const proc = spawn(process.execPath, [join(outDir, 'main.js')], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      IXOPAY_BASE_URL: sandbox.url,
      IXOPAY_USERNAME: DEMO_CREDENTIALS.username,
      IXOPAY_PASSWORD: DEMO_CREDENTIALS.password,
      IXOPAY_API_KEY: DEMO_CREDENTIALS.apiKey,
      IXOPAY_SHARED_SECRET: DEMO_CREDENTIALS.sharedSecret,
      AUTH_JWT_SECRET: SECRET,
      LOG_LEVEL: 'warn',
      SHUTDOWN_TIMEOUT_MS: '10000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`gateway exited early with ${proc.exitCode}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (res.status === 200) return proc;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  proc.kill('SIGKILL');
  throw new Error('gateway did not become ready');
}

function exitOf(proc: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (proc.exitCode !== null) return resolve(proc.exitCode);
    proc.once('exit', (code) => resolve(code));
  });
}

test.each(['SIGTERM', 'SIGINT'] as const)(
  '%s during a slow query completes it, then exits 0',
  async (signal) => {
    const port = await freePort();
    child = await startGatewayProcess(port);
    const token = await new SignJWT({ sub: 'ops', scope: 'profiles:read' })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(SECRET));
    sandbox.setLatency(1500);

    const slow = fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ customerProfile(customerIdentification: "cust-0001") { customerIdentification } }' }),
    });
    // Let the query reach the upstream before the signal arrives.
    const started = Date.now();
    while (sandbox.stats().total === 0 && Date.now() - started < 5000) await new Promise((r) => setTimeout(r, 20));
    expect(sandbox.stats().total).toBe(1);

    const exited = exitOf(child);
    child.kill(signal);

    const response = await slow;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { customerProfile: { customerIdentification: 'cust-0001' } } });
    expect(await exited).toBe(0);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  },
  60_000,
);
