/**
 * The baseline: the floor the gateway cannot beat. A tiny node:http server that makes, per
 * request, the same upstream calls the gateway makes for a scenario, with the same signed
 * `IxopayClient` configured from the same environment (so the same pool, deadline and resilience
 * settings), and answers plain JSON. No GraphQL, no auth, no logging, no metrics.
 *
 *   POST /scenario/1  {ref}                    -> 1 getProfile
 *   POST /scenario/2  {refs}  (by identifier)  -> distinct getProfile, LOADER_CONCURRENCY in flight
 *   POST /scenario/3  {refs}  (by guid)        -> same as 2
 *   POST /scenario/4  {ref, customerData}      -> 1 updateProfile
 *   POST /scenario/5  {register: {ref, transactionToken}}  -> register + getProfile (the new instrument)
 *                     {remove: {ref, paymentToken}}        -> getProfile (ownership) + deregister
 *   (scenario 6 mixes the requests of 1, 3 and 4)
 *   GET  /readyz                               -> 200
 *
 * Environment: BASELINE_PORT, plus the gateway's (IXOPAY_*, LOADER_CONCURRENCY, ...).
 * Listens on 127.0.0.1 only.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { loadConfig } from '../../src/config/config';
import { IxopayClient } from '../../src/ixopay/client';
import type { CustomerProfile, ProfileRef } from '../../src/ixopay/types';
import { exitWhenOrphaned } from './orphan-guard';

const MAX_BODY = 1024 * 1024;

const config = loadConfig(process.env);
if (config.upstream.mode !== 'remote') throw new Error('baseline: IXOPAY_BASE_URL is required');
const concurrency = config.loader.concurrency;

const client = new IxopayClient({ ...config.ixopay, ...config.upstream.connection });

/** The key the gateway's loader dedupes on. */
const keyOf = (ref: ProfileRef) => (ref.profileGuid !== undefined ? `g:${ref.profileGuid}` : `c:${ref.customerIdentification}`);

/** Distinct refs fetched with at most `concurrency` calls in flight; results aligned with `refs`. */
async function loadMany(refs: ProfileRef[]): Promise<Array<CustomerProfile | null>> {
  const distinct = new Map<string, ProfileRef>();
  for (const ref of refs) distinct.set(keyOf(ref), ref);
  const keys = [...distinct.keys()];
  const results = new Map<string, CustomerProfile | null>();
  let next = 0;
  const worker = async () => {
    while (next < keys.length) {
      const key = keys[next++];
      results.set(key, await client.getProfile(distinct.get(key)!));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, keys.length) }, worker));
  return refs.map((ref) => results.get(keyOf(ref)) ?? null);
}

/** As registerPaymentInstrument: the register (a generated merchant id), then the profile for the new instrument. */
async function registerInstrument(input: any): Promise<{ paymentToken: string | null }> {
  const ref = toRef(input?.ref);
  const result = await client.register({
    merchantTransactionId: `gql-${randomUUID()}`,
    transactionToken: String(input.transactionToken),
    customerProfileData: { ...ref, markAsPreferred: false },
  });
  const token = result.customerProfileData?.paymentToken;
  const profile = await client.getProfile(ref);
  return { paymentToken: profile?.paymentInstruments.find((instrument) => instrument.paymentToken === token)?.paymentToken ?? null };
}

/** As removePaymentInstrument: the profile must hold the token, then the deregister. */
async function removeInstrument(input: any): Promise<{ removed: string }> {
  const ref = toRef(input?.ref);
  const profile = await client.getProfile(ref);
  if (!profile?.paymentInstruments.some((instrument) => instrument.paymentToken === input.paymentToken)) throw new BadRequest('no such instrument');
  await client.deregister({ merchantTransactionId: `gql-${randomUUID()}`, transactionToken: String(input.paymentToken) });
  return { removed: String(input.paymentToken) };
}

function toRef(value: any): ProfileRef {
  if (typeof value?.profileGuid === 'string') return { profileGuid: value.profileGuid };
  if (typeof value?.customerIdentification === 'string') return { customerIdentification: value.customerIdentification };
  throw new BadRequest('ref needs profileGuid or customerIdentification');
}

class BadRequest extends Error {}

async function readJson(req: IncomingMessage): Promise<any> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new BadRequest('body too large');
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new BadRequest('body is not JSON');
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method === 'GET' && (path === '/readyz' || path === '/healthz')) return send(res, 200, { status: 'ready' });
  if (req.method !== 'POST') return send(res, 405, { error: 'POST only' });
  switch (path) {
    case '/scenario/1': {
      const body = await readJson(req);
      return send(res, 200, { profile: await client.getProfile(toRef(body.ref)) });
    }
    case '/scenario/2':
    case '/scenario/3': {
      const body = await readJson(req);
      if (!Array.isArray(body.refs)) throw new BadRequest('refs must be an array');
      return send(res, 200, { profiles: await loadMany(body.refs.map(toRef)) });
    }
    case '/scenario/4': {
      const body = await readJson(req);
      return send(res, 200, { result: await client.updateProfile(toRef(body.ref), { customerData: body.customerData ?? {} }) });
    }
    case '/scenario/5': {
      const body = await readJson(req);
      return send(res, 200, body.remove ? await removeInstrument(body.remove) : await registerInstrument(body.register));
    }
    default:
      return send(res, 404, { error: 'not found' });
  }
}

const server = createServer((req, res) => {
  handle(req, res).catch((error: unknown) => {
    const status = error instanceof BadRequest ? 400 : 502;
    const name = (error as Error)?.name ?? 'Error';
    const code = (error as { code?: unknown })?.code;
    if (!res.headersSent) send(res, status, { error: name, code, message: (error as Error)?.message });
    else res.destroy();
  });
});
server.keepAliveTimeout = 65_000;

const port = Number(process.env.BASELINE_PORT ?? 0);
server.listen(port, '127.0.0.1', () => {
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  process.stdout.write(`baseline listening on http://127.0.0.1:${actual}\n`);
});

let stopping = false;
const stop = () => {
  if (stopping) process.exit(1);
  stopping = true;
  server.close();
  server.closeAllConnections();
  client
    .close()
    .catch(() => undefined)
    .finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
exitWhenOrphaned();
