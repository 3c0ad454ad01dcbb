/**
 * Development-only control endpoints under `/__sandbox/` (no authentication: the sandbox binds to
 * loopback by default and holds demo data only). They expose exactly what RunningSandbox offers
 * programmatically: health, stats, reset, settings (latency, missing-profile form, rate limit),
 * faults, the applied-writes journal, the stored identifiers and the asynchronous transactions.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, readBody } from './body';
import { answerTransactionControl } from './control-transactions';
import { FaultSpecError, type FaultController, type FaultSpec } from './faults';
import { WRITE_OPERATIONS } from './model';
import type { TransactionController } from './pending-transactions';
import type { ControlAction, Route } from './router';
import { demoProfiles } from './seed';
import { parseSettingsPatch, SETTING_RANGES, SettingsError, type SandboxSettings } from './settings';
import type { SandboxStats } from './stats';
import type { SandboxStore } from './store';
import { isPlainObject } from './validate';
import { WRITE_QUERY_KEYS, type WriteLog, type WriteQuery } from './write-journal';
import { apiError, ErrorCode, paymentMethodName, sendReply, type Reply } from './wire';

export interface ControlEnvironment {
  store: SandboxStore;
  faults: FaultController;
  transactions: TransactionController;
  stats(): SandboxStats;
  resetStats(): void;
  settings(): SandboxSettings;
  updateSettings(patch: Partial<SandboxSettings>): SandboxSettings;
  writes(query: WriteQuery): WriteLog;
  reset(): Promise<void>;
}

const CONTROL_BODY_LIMIT = 64 * 1024;

/** Answers one control request. */
export async function handleControl(
  env: ControlEnvironment,
  route: Extract<Route, { kind: 'control' }>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const method = req.method ?? 'GET';
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
  const query = new URL(req.url ?? '/', 'http://sandbox.invalid').searchParams;
  if (route.uuid !== undefined || route.action === 'transactions') return answerTransactionControl(env.transactions, route, query, res);
  sendReply(res, await answer(env, route.action, method, input, query));
}

async function answer(env: ControlEnvironment, action: ControlAction, method: string, input: unknown, query: URLSearchParams): Promise<Reply> {
  switch (action) {
    case 'health':
      return ok({ status: 'ok', profiles: env.store.profileCount, latencyMs: env.settings().latencyMs, faults: env.faults.list().length });
    case 'stats':
      return ok(env.stats());
    case 'stats/reset':
      env.resetStats();
      return ok({ success: true });
    case 'reset':
      await env.reset();
      return ok({ success: true });
    case 'latency': {
      const ms = isPlainObject(input) ? input.ms : undefined;
      const { min, max } = SETTING_RANGES.latencyMs;
      if (typeof ms !== 'number' || !Number.isInteger(ms) || ms < min || ms > max) return invalid(`ms must be an integer between ${min} and ${max}`);
      return ok({ latencyMs: env.updateSettings({ latencyMs: ms }).latencyMs });
    }
    case 'settings':
      if (method === 'GET') return ok(env.settings());
      try {
        return ok(env.updateSettings(parseSettingsPatch(input)));
      } catch (error) {
        if (error instanceof SettingsError) return invalid(error.message);
        throw error;
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
        if (error instanceof FaultSpecError) return invalid(error.message);
        throw error;
      }
    case 'writes': {
      const filter: Record<string, string> = {};
      for (const [key, value] of query) {
        if (!(WRITE_QUERY_KEYS as readonly string[]).includes(key))
          return invalid(`unknown filter "${key.slice(0, 40)}" (known: ${WRITE_QUERY_KEYS.join(', ')})`);
        filter[key] = value;
      }
      if (filter.operation !== undefined && !(WRITE_OPERATIONS as readonly string[]).includes(filter.operation))
        return invalid(`operation must be one of ${WRITE_OPERATIONS.join(', ')}`);
      return ok(env.writes(filter));
    }
    case 'profiles':
      return ok({ profiles: listProfiles(env.store) });
    default:
      return apiError(404, ErrorCode.REQUEST_FAILED, 'Not found: no such control route');
  }
}

/** Identifiers of every stored profile and its instruments; no credentials, no customer data. */
function listProfiles(store: SandboxStore): unknown[] {
  const descriptions = new Map(demoProfiles().map((p) => [p.profileGuid, p.description]));
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

function invalid(problem: string): Reply {
  return apiError(400, ErrorCode.INVALID_REQUEST_DATA, `Invalid request data: ${problem}`);
}
