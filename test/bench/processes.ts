/**
 * Child processes of the benchmark: free ports, spawn, readiness, and a guaranteed stop.
 *
 * Each child runs in its own process group (`detached: true`), so a stop signal reaches anything it
 * started too. Every child is tracked until it exits; `stopAll()` sends SIGTERM to each group,
 * waits up to 5 s, then SIGKILLs what is left. `installCleanupHandlers()` calls it on SIGINT,
 * SIGTERM, uncaught errors and a normal exit, so no server outlives the run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

/** Preloaded into every child: makes it exit when the runner is gone (SIGKILL included); see orphan-preload.ts. */
export const ORPHAN_PRELOAD = join(__dirname, 'orphan-preload.js');

/** A port that was free a moment ago on 127.0.0.1 (listen on 0, read it, close). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no port assigned'))));
    });
  });
}

export interface ServiceOptions {
  name: string;
  /** Script for `node` and its arguments (node flags first, e.g. `--cpu-prof`). */
  args: string[];
  env: NodeJS.ProcessEnv;
  /** GET this until it answers 2xx. */
  readyUrl: string;
  readyTimeoutMs?: number;
  /** Full stdout/stderr of the child goes here (folder created). */
  logFile?: string;
}

/** A started child process. */
export interface Service {
  name: string;
  pid: number;
  child: ChildProcess;
  /** True once the process has exited. */
  exited(): boolean;
  /** The last lines it wrote (stdout and stderr), for error messages. */
  tail(): string;
  /** SIGTERM to its group, SIGKILL after `graceMs`; resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
}

const TAIL_LINES = 60;
const running = new Set<Service>();

/** Starts `node <args>` and waits until `readyUrl` answers 2xx (bounded). */
export async function startService(options: ServiceOptions): Promise<Service> {
  let log: WriteStream | undefined;
  if (options.logFile) {
    mkdirSync(dirname(options.logFile), { recursive: true });
    log = createWriteStream(options.logFile, { flags: 'w' });
  }
  const child = spawn(process.execPath, options.args, {
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  if (child.pid === undefined) {
    await new Promise((resolve) => child.once('error', resolve));
    throw new Error(`${options.name}: could not spawn node ${options.args.join(' ')}`);
  }
  const pid = child.pid;
  const lines: string[] = [];
  const collect = (chunk: Buffer) => {
    log?.write(chunk);
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      lines.push(line.length > 500 ? `${line.slice(0, 500)}…` : line);
      if (lines.length > TAIL_LINES) lines.shift();
    }
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);

  let exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exitedPromise = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exitInfo = { code, signal };
      running.delete(service);
      resolve();
    });
  });
  exitedPromise.then(() => log?.end()).catch(() => undefined);

  const signalGroup = (signal: NodeJS.Signals) => {
    if (exitInfo) return;
    try {
      process.kill(-pid, signal);
    } catch {
      try {
        child.kill(signal);
      } catch {
        // already gone
      }
    }
  };

  let stopping: Promise<void> | undefined;
  const service: Service = {
    name: options.name,
    pid,
    child,
    exited: () => exitInfo !== undefined,
    tail: () => lines.join('\n'),
    stop: (graceMs = 5000) =>
      (stopping ??= (async () => {
        if (exitInfo) return;
        signalGroup('SIGTERM');
        const killTimer = setTimeout(() => signalGroup('SIGKILL'), graceMs);
        await exitedPromise;
        clearTimeout(killTimer);
        // Anything the child left behind in its group.
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          // nothing left
        }
      })()),
  };
  running.add(service);

  const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000);
  for (;;) {
    if (exitInfo) {
      throw new Error(`${options.name} exited during start-up (code ${exitInfo.code}, signal ${exitInfo.signal}). Last output:\n${service.tail()}`);
    }
    try {
      const res = await fetch(options.readyUrl, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.ok) return service;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await service.stop();
      throw new Error(
        `${options.name} not ready at ${options.readyUrl} after ${options.readyTimeoutMs ?? 30_000} ms. Last output:\n${service.tail()}`,
      );
    }
    await sleep(100);
  }
}

/** Stops every child still running (SIGTERM, then SIGKILL after 5 s). */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((service) => service.stop()));
}

/** Synchronous last resort (process 'exit'): SIGKILL every group still tracked. */
function killAllNow(): void {
  for (const service of running) {
    try {
      process.kill(-service.pid, 'SIGKILL');
    } catch {
      try {
        service.child.kill('SIGKILL');
      } catch {
        // gone
      }
    }
  }
}

let installed = false;
let interrupted = false;

/** True once SIGINT/SIGTERM/SIGHUP started the shutdown (errors after that are expected). */
export function isInterrupted(): boolean {
  return interrupted;
}

/** SIGINT/SIGTERM/uncaught errors stop all children, then exit; 'exit' kills stragglers. */
export function installCleanupHandlers(onInterrupt?: () => void): void {
  if (installed) return;
  installed = true;
  const interrupt = (signal: NodeJS.Signals) => {
    if (interrupted) {
      killAllNow();
      process.exit(130);
    }
    interrupted = true;
    process.stderr.write(`\n${signal}: stopping child processes…\n`);
    onInterrupt?.();
    void stopAll().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.on('SIGINT', () => interrupt('SIGINT'));
  process.on('SIGTERM', () => interrupt('SIGTERM'));
  process.on('SIGHUP', () => interrupt('SIGHUP'));
  const fatal = (error: unknown) => {
    process.stderr.write(`bench: ${(error as Error)?.stack ?? String(error)}\n`);
    void stopAll().finally(() => process.exit(1));
  };
  process.on('uncaughtException', fatal);
  process.on('unhandledRejection', fatal);
  process.on('exit', killAllNow);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
