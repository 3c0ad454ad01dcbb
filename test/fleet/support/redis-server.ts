/**
 * A real redis-server (Debian's package) on a loopback port of its own, without persistence, for
 * the fleet tests; like the sandbox, started and stopped by the test. Where redis-server is not
 * installed, the tests that need it are skipped and say how to install it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { freePort, sleep } from '../../server/security/support';

/** True when `redis-server` can be run. */
export function redisServerInstalled(): boolean {
  const probe = spawnSync('redis-server', ['--version'], { stdio: 'ignore' });
  return probe.error === undefined && probe.status === 0;
}

/**
 * `describe`, or `describe.skip` with a console line saying why and how to fix it, decided when
 * the file loads: without redis-server these tests are reported as skipped, never as passed.
 */
export function describeWithRedis(file: string): jest.Describe {
  if (redisServerInstalled()) return describe;
  console.log(`${file}: skipped, redis-server is not installed (apt-get install -y redis-server)`);
  return describe.skip;
}

export interface RedisServer {
  port: number;
  url: string;
  /** SIGKILL: the server vanishes as in a crash (connections reset, nothing saved). */
  kill(): Promise<void>;
  /** Starts a fresh server on the same port (after kill). */
  restart(): Promise<void>;
  /** Stops it, if running. */
  stop(): Promise<void>;
}

export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  let output = '';

  const start = async () => {
    const proc = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes', '--loglevel', 'warning'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    proc.stdout.setEncoding('utf8').on('data', (chunk: string) => (output = (output + chunk).slice(-10_000)));
    proc.stderr.setEncoding('utf8').on('data', (chunk: string) => (output = (output + chunk).slice(-10_000)));
    child = proc;
    const deadline = Date.now() + 10_000;
    while (!(await pong(port))) {
      if (proc.exitCode !== null) throw new Error(`redis-server exited during start-up:\n${output}`);
      if (Date.now() > deadline) throw new Error(`redis-server did not answer PING:\n${output}`);
      await sleep(50);
    }
  };
  const stop = async (signal: NodeJS.Signals) => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill(signal);
    await exited;
  };

  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    kill: () => stop('SIGKILL'),
    restart: start,
    stop: () => stop('SIGTERM'),
  };
}

/** True when a PING on `port` is answered. */
function pong(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => done(data.toString('latin1').startsWith('+PONG')));
  });
}
