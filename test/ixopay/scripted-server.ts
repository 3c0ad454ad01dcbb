/** Test helper: a loopback HTTP server that records requests and answers from a script. */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { IxopayClient, type IxopayClientOptions } from '../../src/ixopay/client';

/** One request as the server saw it. */
export interface Captured {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export type Handler = (request: Captured, response: ServerResponse, index: number) => void | Promise<void>;

export interface ScriptedServer {
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  origin: string;
  requests: Captured[];
  close(): Promise<void>;
}

/** Starts a server on an ephemeral 127.0.0.1 port; `handler` answers request number `index` (0-based). */
export async function startServer(handler: Handler): Promise<ScriptedServer> {
  const requests: Captured[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const captured: Captured = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      const index = requests.length;
      requests.push(captured);
      Promise.resolve(handler(captured, res, index)).catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A scripted server for the calling file or describe block: started once, its captured requests
 * cleared before each test, closed after the last. Each request goes to `current()`, the handler
 * the running test has set; `onStart` receives the server (assign it to the block's variable).
 */
export function useScriptedServer(current: () => Handler, onStart: (server: ScriptedServer) => void): void {
  let started: ScriptedServer | undefined;
  beforeAll(async () => {
    started = await startServer((q, r, i) => current()(q, r, i));
    onStart(started);
  });
  afterAll(() => started?.close());
  beforeEach(() => {
    if (started) started.requests.length = 0;
  });
}

/** Writes a JSON (or raw string) answer. */
export function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export const CREDENTIALS = {
  username: 'gateway-user',
  password: 'pa55-w0rd-SECRET',
  apiKey: 'api-key-SECRET-42',
  sharedSecret: 'shared-secret-SECRET',
} as const;

/** A client against `origin` with test credentials and quick, deterministic defaults (no jitter). */
export function clientFor(origin: string, overrides: Partial<IxopayClientOptions> = {}): IxopayClient {
  return new IxopayClient({ baseUrl: origin + '/', ...CREDENTIALS, timeoutMs: 2000, connections: 4, random: () => 0, ...overrides });
}

/**
 * Virtual time for the client: sleeping records the wait and moves both the monotonic clock and the
 * wall clock forward at once, so backoff, deadlines and a 429 cool-down see the same time pass.
 */
export function virtualTime(): { waits: number[]; advance(ms: number): void; hooks: Pick<IxopayClientOptions, 'now' | 'clock' | 'sleep'> } {
  const waits: number[] = [];
  let offset = 0;
  return {
    waits,
    advance: (ms) => void (offset += ms),
    hooks: {
      now: () => performance.now() + offset,
      clock: () => new Date(Date.now() + offset),
      sleep: async (ms: number) => {
        waits.push(ms);
        offset += ms;
      },
    },
  };
}

/** A minimal valid getProfile answer. */
export function profileBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    success: true,
    profileExists: true,
    profileGuid: 'CP-7a1e-33b0-5c9d-4e21-b8f0-0c6d',
    customerIdentification: 'shop-user-000417',
    preferredMethod: null,
    customer: { _TYPE: 'customerData', firstName: 'Mira', lastName: 'Kovac', extraData: [] },
    paymentInstruments: [],
    ...overrides,
  };
}

/** Awaits the rejection of `promise` and returns the error. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}
