/**
 * ClientDisconnect over real HTTP: its signal fires when the client leaves before the answer, never
 * once the answer was written, and also when the first read asks only after the client has left.
 */
import { once } from 'node:events';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ClientDisconnect } from '../../../src/server/http/client-disconnect';

interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  disconnect: ClientDisconnect;
}

let server: Server;
let port: number;
let arrivals: Array<(exchange: Exchange) => void> = [];

beforeAll(async () => {
  server = createServer((req, res) => arrivals.shift()?.({ req, res, disconnect: new ClientDisconnect(res) }));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** Sends a request and resolves with the server's side of it; `leave()` drops the client's socket. */
async function exchange(): Promise<Exchange & { leave: () => void; answered: Promise<string> }> {
  const arrived = new Promise<Exchange>((resolve) => arrivals.push(resolve));
  const client = request({ host: '127.0.0.1', port, method: 'POST', path: '/graphql', agent: false });
  const answered = new Promise<string>((resolve, reject) => {
    client.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve(text));
    });
    client.on('error', reject);
  });
  answered.catch(() => undefined);
  client.end('{}');
  return { ...(await arrived), leave: () => client.destroy(), answered };
}

const closed = (res: ServerResponse) => (res.closed ? Promise.resolve() : once(res, 'close').then(() => undefined));

beforeEach(() => {
  arrivals = [];
});

test('a client that leaves before its answer aborts the signal a read holds', async () => {
  const { res, disconnect, leave } = await exchange();
  const signal = disconnect.signal;
  expect(signal.aborted).toBe(false);
  leave();
  await closed(res);
  expect(signal.aborted).toBe(true);
  expect(disconnect.signal).toBe(signal);
});

test('a client that left before the first read asked: the signal is aborted when asked for', async () => {
  const { res, disconnect, leave } = await exchange();
  leave();
  await closed(res);
  expect(disconnect.signal.aborted).toBe(true);
});

test('an answer written in full never aborts it, before or after the connection closes', async () => {
  const first = await exchange();
  const signal = first.disconnect.signal;
  first.res.end('done');
  expect(await first.answered).toBe('done');
  await closed(first.res);
  expect(signal.aborted).toBe(false);

  const second = await exchange();
  second.res.end('done');
  expect(await second.answered).toBe('done');
  await closed(second.res);
  expect(second.disconnect.signal.aborted).toBe(false);
});
