/**
 * The embedded sandbox and one signed client against it, for the calling test file or describe
 * block: started once, reset before every test, stopped after the last.
 */
import { IxopayClient } from '../../src/ixopay/client';
import { DEMO_CREDENTIALS, startSandbox, type RunningSandbox } from '../../src/sandbox/server';

export interface SandboxClient {
  sandbox: RunningSandbox;
  client: IxopayClient;
}

/** Registers the hooks; `onStart` receives the pair once it runs (assign it to the block's variables). */
export function useSandboxClient(onStart: (started: SandboxClient) => void): void {
  let started: SandboxClient | undefined;
  beforeAll(async () => {
    const sandbox = await startSandbox({ credentials: DEMO_CREDENTIALS, port: 0 });
    started = { sandbox, client: new IxopayClient({ baseUrl: sandbox.url, ...DEMO_CREDENTIALS, timeoutMs: 2000 }) };
    onStart(started);
  });
  afterAll(async () => {
    await started?.client.close();
    await started?.sandbox.close();
  });
  beforeEach(async () => {
    await started!.sandbox.reset();
  });
}
