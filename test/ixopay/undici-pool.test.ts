/**
 * The lean undici Pool (src/ixopay/undici-pool.ts) loads undici internals by path; this proves, in
 * a fresh module registry where nothing else has loaded undici's entry point, that the pool it
 * exports has the request API and talks HTTP.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

let server: Server;
let origin: string;

beforeAll(async () => {
  server = createServer((req, res) => res.end(`hello ${req.method} ${req.url}`));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

it('sends a request through a pool built without undici’s entry point', async () => {
  let Pool!: typeof import('../../src/ixopay/undici-pool').Pool;
  jest.isolateModules(() => {
    // A fresh module registry: the pool module's side effect must work on its own.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    ({ Pool } = require('../../src/ixopay/undici-pool') as typeof import('../../src/ixopay/undici-pool'));
  });
  const pool = new Pool(origin, { connections: 1 });
  try {
    expect(typeof pool.request).toBe('function');
    const response = await pool.request({ path: '/ping?x=1', method: 'POST', body: 'x' });
    expect(response.statusCode).toBe(200);
    expect(await response.body.text()).toBe('hello POST /ping?x=1');
  } finally {
    await pool.close();
  }
});
