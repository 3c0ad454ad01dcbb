/**
 * The embedded demo sandbox and one signed client against it, for the calling test file or
 * describe block: started once, the sandbox reset before every test, both stopped after the last.
 */
import { IxopayClient } from '../../src/ixopay/client';
import { DEMO_CREDENTIALS, type RunningSandbox } from '../../src/sandbox/server';
import { useDemoSandbox } from '../sandbox/helpers';

export interface SandboxClient {
  sandbox: RunningSandbox;
  client: IxopayClient;
}

/** Registers the hooks; `onStart` receives the pair once it runs (assign it to the block's variables). */
export function useSandboxClient(onStart: (started: SandboxClient) => void): void {
  let client: IxopayClient | undefined;
  useDemoSandbox((sandbox) => {
    client = new IxopayClient({ baseUrl: sandbox.url, ...DEMO_CREDENTIALS, timeoutMs: 2000 });
    onStart({ sandbox, client });
  });
  afterAll(() => client?.close());
}
