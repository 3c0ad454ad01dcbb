/**
 * The soak's calls to the sandbox's control endpoints (dev-only, no auth, loopback): arm and
 * disarm faults, read the stats and the applied-writes journal, list the stored profiles.
 *
 * Each request uses a fresh connection (`agent: false`): control calls sit idle between uses, and
 * a pooled socket closed by the server's idle timeout just as it is reused would fail the call.
 * One retry on a connection-level error (control calls are reads or idempotent settings).
 */
import { controlRequestOnce } from '../bench/control-request';
import { sleep } from '../bench/processes';

/** The fault modes the sandbox knows (src/sandbox/faults.ts). */
export const SOAK_FAULT_MODES = [
  '500',
  '429',
  'hang',
  'malformed',
  'reset-connection',
  'wrong-shape',
  'applied-then-reset',
  'applied-then-502',
] as const;
export type SoakFaultMode = (typeof SOAK_FAULT_MODES)[number];

/** Upstream operations as the sandbox names them. */
export type UpstreamOperation =
  'getProfile' | 'updateProfile' | 'deleteProfile' | 'attachPaymentInstrument' | 'detachPaymentInstrument' | 'register' | 'deregister';

export interface SandboxStats {
  calls: Record<string, number>;
  total: number;
  rateLimited: number;
  faults: Record<string, number>;
  applied: Record<string, number>;
  duplicateWrites: { register: number; updateProfile: number; total: number };
}

/** One entry of the applied-writes journal. */
export interface AppliedWrite {
  seq: number;
  at: string;
  operation: UpstreamOperation;
  customerIdentification?: string | null;
  profileGuid?: string | null;
  merchantTransactionId?: string;
  transactionUuid?: string;
  paymentToken?: string;
  duplicate: boolean;
  answer: 'sent' | 'lost-reset' | 'lost-502';
}

export interface WriteQuery {
  operation?: UpstreamOperation;
  customerIdentification?: string;
  profileGuid?: string;
  merchantTransactionId?: string;
  transactionUuid?: string;
  paymentToken?: string;
}

export interface StoredProfile {
  profileGuid: string;
  customerIdentification: string | null;
  instruments: { paymentToken: string; registrationUuid: string | null; isPreferred: boolean }[];
}

export class SandboxControl {
  constructor(readonly baseUrl: string) {}

  private async call<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, expect = [200]): Promise<T> {
    const url = `${this.baseUrl}${path}`;
    let res: { status: number; text: string };
    try {
      res = await controlRequestOnce(method, url, body, {}, 10_000);
    } catch {
      await sleep(200);
      res = await controlRequestOnce(method, url, body, {}, 10_000);
    }
    if (!expect.includes(res.status)) throw new Error(`${method} ${path} answered ${res.status}: ${res.text.slice(0, 300)}`);
    return JSON.parse(res.text) as T;
  }

  stats(): Promise<SandboxStats> {
    return this.call('GET', '/__sandbox/stats');
  }

  /** Arms a random fault mix on one operation (or `*`). */
  armRandomFault(spec: {
    operation: UpstreamOperation | '*';
    probability: number;
    modes: SoakFaultMode[];
    seed: number;
    retryAfterSeconds: number;
  }): Promise<unknown> {
    return this.call('POST', '/__sandbox/faults', spec, [200, 201]);
  }

  clearFaults(): Promise<unknown> {
    return this.call('DELETE', '/__sandbox/faults');
  }

  async writes(query: WriteQuery): Promise<{ writes: AppliedWrite[]; dropped: number }> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, value);
    return this.call('GET', `/__sandbox/writes?${params.toString()}`);
  }

  async profiles(): Promise<StoredProfile[]> {
    return (await this.call<{ profiles: StoredProfile[] }>('GET', '/__sandbox/profiles')).profiles;
  }
}
