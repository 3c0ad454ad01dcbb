/** Request logging: the per-operation line, upstream call lines and the request id. */
export { loggingPlugin, logOperation, type OperationLogEntry } from './operation-log';
export { upstreamCallLogger } from './upstream-log';
export { requestIdFrom } from './request-id';
export { operationOutcome, successOutcome, type OperationOutcome, type OperationType } from './outcome';
