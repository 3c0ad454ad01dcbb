/** Shared bits of the sandbox tests: a started sandbox per file and signed calls to it. */
import { DEMO_CREDENTIALS, startSandbox, type RunningSandbox, type SandboxOptions } from '../../src/sandbox/server';
import { rawRequest, signedRequest, type RawResponse, type SignedRequestOptions } from '../support/sandbox-request';

export const CREDS = { username: DEMO_CREDENTIALS.username, password: DEMO_CREDENTIALS.password, sharedSecret: DEMO_CREDENTIALS.sharedSecret };

export type ProfileOp = 'getProfile' | 'updateProfile' | 'deleteProfile' | 'attachPaymentInstrument' | 'detachPaymentInstrument';

/** Path of a Customer Profiles API operation. */
export function profilePath(op: ProfileOp, apiKey: string = DEMO_CREDENTIALS.apiKey): string {
  return `/api/v3/customerProfiles/${apiKey}/${op}`;
}

/** Path of a Transaction API operation. */
export function transactionPath(op: 'register' | 'deregister', apiKey: string = DEMO_CREDENTIALS.apiKey): string {
  return `/api/v3/transaction/${apiKey}/${op}`;
}

/** A correctly signed call with the demo credentials; `extra` overrides any option. */
export function call(sandbox: RunningSandbox, path: string, body: unknown, extra: Partial<SignedRequestOptions> = {}): Promise<RawResponse> {
  return signedRequest(sandbox.url, { path, body: body as object, credentials: CREDS, ...extra });
}

/** Starts a sandbox with the demo credentials (plus options) on an ephemeral loopback port. */
export function startDemoSandbox(options: Partial<SandboxOptions> = {}): Promise<RunningSandbox> {
  return startSandbox({ credentials: DEMO_CREDENTIALS, ...options });
}

/**
 * A demo sandbox for the calling file or describe block: started once, reset before every test,
 * closed after the last; `onStart` receives it (assign it to the block's variable).
 */
export function useDemoSandbox(onStart: (sandbox: RunningSandbox) => void): void {
  let started: RunningSandbox | undefined;
  beforeAll(async () => {
    started = await startDemoSandbox();
    onStart(started);
  });
  afterAll(() => started?.close());
  beforeEach(() => started?.reset());
}

/** An unauthenticated control request, `path` below `/__sandbox/` (may carry a `?query`). */
export function control(sandbox: RunningSandbox, method: string, path: string, body?: unknown): Promise<RawResponse> {
  return rawRequest(`${sandbox.url}/__sandbox/${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
