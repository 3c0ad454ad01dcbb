/**
 * The per-request GraphQL context. The server calls `createGraphQLContext` at most once per HTTP request;
 * everything request-scoped (the caller, the DataLoaders and their cache) lives here and nowhere
 * else, so no data can leak from one caller's request into another's.
 */
import type { AccessPolicy } from '../auth/access';
import type { Principal } from '../auth/principal';
import type { Config } from '../config/config';
import type { ProfilesApi } from '../ixopay/types';
import { createProfileLoaders, type CallerPresence, type ProfileLoaders } from './loaders/profile-loaders';

export interface GraphQLContext {
  api: ProfilesApi;
  principal: Principal;
  /** This request's loaders: never shared between requests. */
  loaders: ProfileLoaders;
  policy: AccessPolicy;
  requestId: string;
  /** The request carried the federation router's shared secret (ROUTER_SECRET). */
  fromRouter: boolean;
}

export interface GraphQLContextOptions {
  api: ProfilesApi;
  principal: Principal;
  /** The whole Config fits; only `loader` and `auth.customerMayDelete` are read. */
  config: Pick<Config, 'loader'> & { auth: Config['auth'] | { customerMayDelete: boolean } };
  requestId: string;
  /** Its signal aborts when the client goes away before its answer: reads stop, writes never do. */
  caller?: CallerPresence;
  fromRouter?: boolean;
  /** Metrics hook: distinct profile keys per loader batch. */
  onLoaderBatch?: (size: number) => void;
}

/** Builds the context of one GraphQL request (fresh loaders, access policy, limits). */
export function createGraphQLContext(options: GraphQLContextOptions): GraphQLContext {
  const { loader, auth } = options.config;
  return {
    api: options.api,
    principal: options.principal,
    loaders: createProfileLoaders(options.api, { concurrency: loader.concurrency, onBatch: options.onLoaderBatch, caller: options.caller }),
    // AUTH_MODE=none has no shoppers, so the delete knob does not apply there.
    policy: { customerMayDelete: 'customerMayDelete' in auth && auth.customerMayDelete === true },
    requestId: options.requestId,
    fromRouter: options.fromRouter === true,
  };
}
