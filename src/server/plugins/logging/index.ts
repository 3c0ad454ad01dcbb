/** Request logging: the per-operation line, upstream call lines and the request id. */
export { logOperation } from './operation-log';
export { upstreamCallLogger } from './upstream-log';
export { requestIdFrom } from './request-id';
