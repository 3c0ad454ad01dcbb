/**
 * The operations the client can call: name (as in errors and events), where they are sent, how a
 * success body is parsed, whether a failure may be retried, and how a rejection becomes the
 * operation's own typed error. Built once per client; the apiKey is a path segment, encoded.
 */
import type { Dispatcher } from 'undici';
import type { BaseUrl } from './base-url';
import { paymentInstrumentError, type IxopayError, type UpstreamRejectedError } from './errors';
import type { JsonObject } from './wire/fields';
import { parseProfile } from './wire/profile';
import {
  parseAttachResult,
  parseDeleteResult,
  parseDeregisterResult,
  parseDetachResult,
  parseRegisterResult,
  parseUpdateResult,
} from './wire/results';
import type {
  AttachPaymentInstrumentResult,
  CustomerProfile,
  DeregisterResult,
  DetachPaymentInstrumentResult,
  RegisterResult,
  UpdateProfileResult,
} from './types';

export interface Endpoint<T> {
  readonly name: string;
  readonly origin: string;
  /** Path plus query: exactly the signed request URI. */
  readonly path: string;
  readonly dispatcher: Dispatcher;
  readonly parse: (body: JsonObject) => T;
  /** Only reads are retried. */
  readonly retried: boolean;
  /** The operation's own error for a rejection, when it has one. */
  readonly refine?: (error: UpstreamRejectedError) => IxopayError | undefined;
}

export interface Endpoints {
  getProfile: Endpoint<CustomerProfile>;
  updateProfile: Endpoint<UpdateProfileResult>;
  deleteProfile: Endpoint<void>;
  attachPaymentInstrument: Endpoint<AttachPaymentInstrumentResult>;
  detachPaymentInstrument: Endpoint<DetachPaymentInstrumentResult>;
  register: Endpoint<RegisterResult>;
  deregister: Endpoint<DeregisterResult>;
}

/** Where one API lives: its checked base URL and the dispatcher connected to its origin. */
export interface Api {
  base: BaseUrl;
  dispatcher: Dispatcher;
}

/** Customer Profiles operations go to `profiles`, register/deregister to `transaction` (API.md §1.1). */
export function endpoints(profiles: Api, transaction: Api, apiKey: string): Endpoints {
  const key = encodeURIComponent(apiKey);
  const profile = <T>(name: string, parse: (body: JsonObject) => T, extra: Partial<Endpoint<T>> = {}): Endpoint<T> => ({
    name,
    origin: profiles.base.origin,
    path: `${profiles.base.pathPrefix}/api/v3/customerProfiles/${key}/${name}`,
    dispatcher: profiles.dispatcher,
    parse,
    retried: false,
    ...extra,
  });
  const tx = <T>(name: string, parse: (body: JsonObject) => T): Endpoint<T> => ({
    name,
    origin: transaction.base.origin,
    path: `${transaction.base.pathPrefix}/api/v3/transaction/${key}/${name}`,
    dispatcher: transaction.dispatcher,
    parse,
    retried: false,
  });
  // attach/detach report their outcomes with string codes in their own envelope (API.md §6.2).
  const refine = (error: UpstreamRejectedError) => paymentInstrumentError(error.operation, error.errorCode);
  return {
    getProfile: profile('getProfile', parseProfile, { retried: true }),
    updateProfile: profile('updateProfile', parseUpdateResult),
    deleteProfile: profile('deleteProfile', parseDeleteResult),
    attachPaymentInstrument: profile('attachPaymentInstrument', parseAttachResult, { refine }),
    detachPaymentInstrument: profile('detachPaymentInstrument', parseDetachResult, { refine }),
    register: tx('register', parseRegisterResult),
    deregister: tx('deregister', parseDeregisterResult),
  };
}
