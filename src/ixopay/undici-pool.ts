/**
 * undici's Pool without the rest of undici. The package entry point loads every feature eagerly
 * (fetch, WebSocket, EventSource, caches, mocks, proxies): about 3 MB of heap and 5 MB of RSS in a
 * process that only ever needs a keep-alive pool and `request()`. This module loads just those, the
 * way undici's own index does (it mixes the request API into Dispatcher.prototype).
 *
 * The paths are undici internals, which is safe only because undici is pinned to one exact version
 * in package.json; the client's tests (every one of them sends real requests through this pool)
 * fail on an upgrade that moves them.
 */
import type { Pool as PoolType } from 'undici';

/* eslint-disable @typescript-eslint/no-require-imports -- undici's Pool alone, not its index (see above) */

const PoolClass = require('undici/lib/dispatcher/pool') as typeof PoolType;
const Dispatcher = require('undici/lib/dispatcher/dispatcher') as { prototype: object };
const requestApi = require('undici/lib/api') as Record<string, unknown>;

// Idempotent, and identical to what `require('undici')` does, so both can coexist in one process.
/* eslint-enable @typescript-eslint/no-require-imports */
Object.assign(Dispatcher.prototype, requestApi);

/** undici's connection pool to one origin (the `Pool` of `require('undici')`). */
export const Pool = PoolClass;
export type Pool = PoolType;
