/** Public surface of the IXOPAY layer: the client, its options, the error set and the wire types. */
export { IxopayClient, DEFAULT_MAX_RESPONSE_BYTES, type IxopayClientOptions } from './client';
export { DEFAULT_RESILIENCE, type ResilienceOptions } from './resilience/options';
export type { CircuitState } from './resilience/circuit';
export type { JsonStyle } from './json-body';
export * from './errors';
export * from './types';
export { phpHashedPassword, type BodyHashAlgorithm } from './signature';
