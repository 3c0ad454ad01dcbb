/**
 * Helpers of the security abuse tests (issue 13): tokens of each kind of caller, raw sockets for
 * what fetch cannot send, polling, and the built gateway as a child process (for the heap test).
 * Everything talks to real servers on 127.0.0.1; nothing here mocks the gateway.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import type { Stack } from '../../support/stack';
import { freePort } from '../../bench/processes';

/** A shopper token: no profile scope, `sub` = the customerIdentification it owns. */
export function shopperToken(stack: Stack, customerIdentification: string): Promise<string> {
  return stack.token({ sub: customerIdentification, scope: undefined });
}

/** An operator token with exactly these scopes (space-separated). */
export function operatorToken(stack: Stack, scope: string): Promise<string> {
  return stack.token({ sub: 'security-test-operator', scope });
}

/** host and port of the stack's gateway. */
export function gatewayAddress(stack: Stack): { host: string; port: number } {
  const url = new URL(stack.gatewayUrl);
  return { host: url.hostname, port: Number(url.port) };
}

/** Polls `condition` every 10 ms until it holds; throws with `what` after `timeoutMs`. */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** What a raw socket saw: the bytes received and whether (and when) the server closed it. */
export interface RawExchange {
  received: string;
  /** The HTTP status of the first response line, if any arrived. */
  status?: number;
  closed: boolean;
  /** ms from connect to close (for the test's output line, never asserted). */
  closedAfterMs?: number;
}

/**
 * Opens a TCP connection, writes `chunks` (each after `gapMs`), and waits until the server closes
 * the connection or `waitMs` passes; the socket is destroyed either way.
 */
export function rawExchange(
  address: { host: string; port: number },
  chunks: string[],
  options: { waitMs: number; gapMs?: number },
): Promise<RawExchange> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connect(address.port, address.host);
    let received = '';
    let settled = false;
    const finish = (closed: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(received)?.[1];
      resolve({ received, status: status ? Number(status) : undefined, closed, closedAfterMs: closed ? Date.now() - started : undefined });
    };
    const timer = setTimeout(() => finish(false), options.waitMs);
    socket.setEncoding('latin1');
    socket.on('data', (data: string) => (received += data));
    socket.on('error', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('connect', async () => {
      for (const [i, chunk] of chunks.entries()) {
        if (i > 0 && options.gapMs) await sleep(options.gapMs);
        if (!socket.destroyed) socket.write(chunk);
      }
    });
  });
}

/** A port nobody listens on right now (the child gateway is started on it). */
export { freePort };

/**
 * Builds the gateway (tsconfig.build.json) into a fresh `dist-test-*` directory inside the
 * repository (gitignored; node_modules resolve as from dist/). A private directory, not dist/:
 * other engineers and `npm run build` may be writing dist/ at the same time, and a stale dist/
 * from an older checkout would test old code. tsc emits even when the tree has type errors; a
 * type error fails `npm test` in its typecheck step already, so only a missing main.js is fatal.
 * SECURITY_TEST_GATEWAY_BUILD=<dir with main.js> uses an existing build instead.
 */
export function buildGateway(): { dir: string; remove(): void } {
  // To run the test against another build (e.g. the commit before a fix, to see it fail).
  const given = process.env.SECURITY_TEST_GATEWAY_BUILD;
  if (given) return { dir: given, remove: () => undefined };
  const root = join(__dirname, '../../..');
  const dir = mkdtempSync(join(root, 'dist-test-security-'));
  try {
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', dir], {
      cwd: root,
      stdio: 'pipe',
    });
  } catch (error) {
    try {
      readFileSync(join(dir, 'main.js'));
    } catch {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`building the gateway failed: ${String((error as { stdout?: Buffer }).stdout ?? error).slice(0, 2000)}`);
    }
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A gateway running as its own process (`node <flags> main.js`), as production runs it. */
export interface GatewayProcess {
  child: ChildProcess;
  baseUrl: string;
  /** stdout and stderr so far (log lines, a crash's message). */
  output(): string;
  /** stderr alone so far (process warnings, a crash's message). */
  stderr(): string;
  alive(): boolean;
  /** Resident set size in bytes, from /proc/<pid>/status (Linux). */
  rssBytes(): number | undefined;
  /** Sends SIGKILL if still running and waits for the exit. */
  kill(): Promise<void>;
}

/** Starts `main.js` of `buildDir` with `env` (nothing inherited but PATH) and waits for /readyz. */
export async function startGatewayProcess(buildDir: string, nodeFlags: string[], env: Record<string, string>): Promise<GatewayProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeFlags, join(buildDir, 'main.js')], {
    env: { PATH: process.env.PATH ?? '', APOLLO_TELEMETRY_DISABLED: 'true', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let stderr = '';
  // Always drained: a full pipe would block the child's synchronous log writes.
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output = (output + chunk).slice(-200_000)));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    output = (output + chunk).slice(-200_000);
    stderr = (stderr + chunk).slice(-200_000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const handle: GatewayProcess = {
    child,
    baseUrl: `http://127.0.0.1:${port}`,
    output: () => output,
    stderr: () => stderr,
    alive: () => child.exitCode === null && child.signalCode === null,
    rssBytes() {
      try {
        const kb = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
        return kb === undefined ? undefined : Number(kb) * 1024;
      } catch {
        return undefined;
      }
    },
    async kill() {
      if (handle.alive()) child.kill('SIGKILL');
      await exited;
    },
  };
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (!handle.alive()) throw new Error(`gateway exited during start-up:\n${output.slice(-4000)}`);
    try {
      if ((await fetch(`${handle.baseUrl}/readyz`)).status === 200) return handle;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  await handle.kill();
  throw new Error(`gateway did not become ready:\n${output.slice(-4000)}`);
}

/** One sample of a Prometheus text exposition, e.g. `nodejs_heap_size_used_bytes`. */
export function metricValue(exposition: string, name: string): number | undefined {
  const match = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.eE+-]+)$`, 'm').exec(exposition);
  return match ? Number(match[1]) : undefined;
}

export const MiB = 1024 * 1024;
