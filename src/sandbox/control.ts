/**
 * Development-only control endpoints under `/__sandbox/` (no authentication: the sandbox binds to
 * loopback by default and holds demo data only). They expose exactly what RunningSandbox offers
 * programmatically: health, stats, reset, latency, faults, and the stored identifiers.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, readBody } from './body';
import { FaultSpecError, type FaultInjector, type FaultSpec } from './faults';
import type { ControlAction } from './router';
import { DEMO_PROFILES } from './seed';
import type { StatsCounter } from './stats';
import type { SandboxStore } from './store';
import { isPlainObject } from './validate';
import { apiError, ErrorCode, paymentMethodName, sendReply, type Reply } from './wire';

export interface ControlEnvironment {
  store: SandboxStore;
  faults: FaultInjector;
  stats: StatsCounter;
  latencyMs(): number;
  setLatency(ms: number): void;
  reset(): Promise<void>;
}

/** Largest latency the knob accepts (one minute). */
export const MAX_LATENCY_MS = 60_000;

const CONTROL_BODY_LIMIT = 64 * 1024;

/** Answers one control request. */
export async function handleControl(env: ControlEnvironment, action: ControlAction, method: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let input: unknown;
  if (method === 'POST' || method === 'PUT') {
    try {
      input = parseJson(await readBody(req, CONTROL_BODY_LIMIT));
    } catch (error) {
      if (error instanceof BodyTooLargeError || error instanceof SyntaxError) {
        return sendReply(res, apiError(400, ErrorCode.INVALID_REQUEST_BODY, 'Invalid control request body: expected a small JSON object'));
      }
      res.destroy();
      return;
    }
  }
  sendReply(res, await answer(env, action, method, input));
}

async function answer(env: ControlEnvironment, action: ControlAction, method: string, input: unknown): Promise<Reply> {
  switch (action) {
    case 'health':
      return ok({ status: 'ok', profiles: env.store.profileCount, latencyMs: env.latencyMs(), faults: env.faults.list().length });
    case 'stats':
      return ok(env.stats.read());
    case 'stats/reset':
      env.stats.reset();
      return ok({ success: true });
    case 'reset':
      await env.reset();
      return ok({ success: true });
    case 'latency': {
      const ms = isPlainObject(input) ? input.ms : undefined;
      if (typeof ms !== 'number' || !Number.isInteger(ms) || ms < 0 || ms > MAX_LATENCY_MS) {
        return apiError(400, ErrorCode.INVALID_REQUEST_DATA, `Invalid request data: ms must be an integer between 0 and ${MAX_LATENCY_MS}`);
      }
      env.setLatency(ms);
      return ok({ latencyMs: ms });
    }
    case 'faults':
      if (method === 'DELETE') {
        env.faults.clear();
        return ok({ success: true, faults: [] });
      }
      try {
        const fault = env.faults.add(input as FaultSpec);
        return { status: 201, body: { success: true, fault, faults: env.faults.list() } };
      } catch (error) {
        if (error instanceof FaultSpecError) return apiError(400, ErrorCode.INVALID_REQUEST_DATA, `Invalid request data: ${error.message}`);
        throw error;
      }
    case 'profiles':
      return ok({ profiles: listProfiles(env.store) });
  }
}

/** Identifiers of every stored profile and its instruments; no credentials, no customer data. */
function listProfiles(store: SandboxStore): unknown[] {
  const descriptions = new Map(DEMO_PROFILES.map((p) => [p.profileGuid, p.description]));
  const out: unknown[] = [];
  for (const profile of store.allProfiles()) {
    out.push({
      profileGuid: profile.profileGuid,
      customerIdentification: profile.customerIdentification,
      description: descriptions.get(profile.profileGuid) ?? null,
      instruments: store.instrumentsOf(profile).map((i) => ({
        paymentToken: i.paymentToken,
        method: i.details.kind,
        paymentMethod: paymentMethodName(i.details),
        registrationUuid: i.registrationUuid,
        isPreferred: i.paymentToken === profile.preferredToken,
      })),
    });
  }
  return out;
}

function parseJson(body: Buffer): unknown {
  const text = body.toString('utf8').trim();
  return text === '' ? undefined : (JSON.parse(text) as unknown);
}

function ok(body: unknown): Reply {
  return { status: 200, body };
}
