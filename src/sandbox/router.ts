/**
 * Maps method + path to what answers it. Paths are matched by suffix, so a base URL with a path
 * prefix (e.g. `http://host/sandbox/`) reaches the same routes; the signature still covers the
 * full path as received.
 */
import type { Operation } from './model';

export type ControlAction = 'health' | 'stats' | 'stats/reset' | 'reset' | 'latency' | 'faults' | 'profiles';

export type Route =
  | { kind: 'api'; operation: Operation; apiKey: string }
  | { kind: 'control'; action: ControlAction }
  | { kind: 'method-not-allowed'; allow: string }
  | { kind: 'not-found' };

const API_OPERATIONS: Record<string, readonly Operation[]> = {
  customerProfiles: ['getProfile', 'updateProfile', 'deleteProfile', 'attachPaymentInstrument', 'detachPaymentInstrument'],
  transaction: ['register', 'deregister'],
};

const CONTROL_METHODS: Record<ControlAction, readonly string[]> = {
  health: ['GET'],
  stats: ['GET'],
  'stats/reset': ['POST'],
  reset: ['POST'],
  latency: ['PUT'],
  faults: ['POST', 'DELETE'],
  profiles: ['GET'],
};

const API_PATH = /\/api\/v3\/(customerProfiles|transaction)\/([^/]+)\/([^/]+)$/;
const CONTROL_PATH = /\/__sandbox\/(health|stats|stats\/reset|reset|latency|faults|profiles)$/;

/** Resolves a request line to a route. `url` is the raw request target (path and query). */
export function matchRoute(method: string, url: string): Route {
  const query = url.indexOf('?');
  const path = query < 0 ? url : url.slice(0, query);
  const api = API_PATH.exec(path);
  if (api) {
    const [, family, apiKey, name] = api;
    const operation = API_OPERATIONS[family].find((op) => op === name);
    if (!operation) return { kind: 'not-found' };
    return method === 'POST' ? { kind: 'api', operation, apiKey } : { kind: 'method-not-allowed', allow: 'POST' };
  }
  const control = CONTROL_PATH.exec(path);
  if (control) {
    const action = control[1] as ControlAction;
    const allowed = CONTROL_METHODS[action];
    return allowed.includes(method) ? { kind: 'control', action } : { kind: 'method-not-allowed', allow: allowed.join(', ') };
  }
  return { kind: 'not-found' };
}
