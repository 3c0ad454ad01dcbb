/**
 * Maps method + path to what answers it. Paths are matched by suffix, so a base URL with a path
 * prefix (e.g. `http://host/sandbox/`) reaches the same routes; the signature still covers the
 * full path as received.
 */
import type { Operation } from './model';

export type ControlAction =
  | 'health'
  | 'stats'
  | 'stats/reset'
  | 'reset'
  | 'latency'
  | 'settings'
  | 'faults'
  | 'profiles'
  | 'writes'
  | 'transactions'
  | 'transaction'
  | 'transaction/complete'
  | 'transaction/fail'
  | 'transaction/redirect';

export type Route =
  | { kind: 'api'; operation: Operation; apiKey: string }
  /** `uuid` for the transaction/* actions. */
  | { kind: 'control'; action: ControlAction; uuid?: string }
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
  settings: ['GET', 'PUT'],
  faults: ['POST', 'DELETE'],
  profiles: ['GET'],
  writes: ['GET'],
  transactions: ['GET'],
  transaction: ['GET'],
  'transaction/complete': ['POST'],
  'transaction/fail': ['POST'],
  'transaction/redirect': ['GET'],
};

const API_PATH = /\/api\/v3\/(customerProfiles|transaction)\/([^/]+)\/([^/]+)$/;
const CONTROL_PATH = /\/__sandbox\/(health|stats|stats\/reset|reset|latency|settings|faults|profiles|writes|transactions)$/;
const TRANSACTION_PATH = /\/__sandbox\/transactions\/([^/]+)(?:\/(complete|fail|redirect))?$/;

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
  if (control) return controlRoute(method, control[1] as ControlAction);
  const transaction = TRANSACTION_PATH.exec(path);
  if (transaction) {
    const action = (transaction[2] ? `transaction/${transaction[2]}` : 'transaction') as ControlAction;
    return controlRoute(method, action, transaction[1]);
  }
  return { kind: 'not-found' };
}

function controlRoute(method: string, action: ControlAction, uuid?: string): Route {
  const allowed = CONTROL_METHODS[action];
  if (!allowed.includes(method)) return { kind: 'method-not-allowed', allow: allowed.join(', ') };
  return uuid === undefined ? { kind: 'control', action } : { kind: 'control', action, uuid };
}
