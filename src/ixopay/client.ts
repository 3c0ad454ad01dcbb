/**
 * The one HTTP client of the gateway towards IXOPAY: the Customer Profiles API (get, update,
 * delete, attach and detach instruments) and the Transaction API's register/deregister. Each call
 * is signed (./request-signer.ts), sent over keep-alive undici pools, interpreted without trusting
 * the body (./wire/interpret.ts), and protected by a circuit breaker, a rate-limit cool-down, a
 * concurrency budget and — for getProfile only — retries (./call-path.ts). Only getProfile is ever
 * sent twice.
 *
 *   const client = new IxopayClient({ ...config.ixopay, ...connection, onCall });
 */
import type { Dispatcher } from 'undici';
import { CallPath } from './call-path';
import { endpoints, type Endpoint, type Endpoints } from './endpoints';
import { ProfileNotFoundError, UpstreamUnavailableError } from './errors';
import { encodeJsonBody } from './json-body';
import { mayMeanMissingProfile } from './missing-profile';
import { resolveOptions, type IxopayClientOptions, type ResolvedOptions } from './options';
import { RequestSigner } from './request-signer';
import { CircuitBreaker, type CircuitState } from './resilience/circuit';
import { LocalCoolDown } from './resilience/cool-down';
import { Limiter } from './resilience/limiter';
import { Pool } from './undici-pool';
import { NOT_FOUND } from './wire/interpret';
import { attachBody, deregisterBody, detachBody, profileRefBody, registerBody, updateProfileBody } from './wire/requests';
import type {
  AttachPaymentInstrumentRequest,
  AttachPaymentInstrumentResult,
  CallOptions,
  CustomerProfile,
  DeregisterRequest,
  DeregisterResult,
  DetachPaymentInstrumentRequest,
  DetachPaymentInstrumentResult,
  ProfileRef,
  ProfilesApi,
  RegisterRequest,
  RegisterResult,
  UpdateProfileRequest,
  UpdateProfileResult,
} from './types';

export type { IxopayClientOptions } from './options';

/** IXOPAY client; one instance per upstream (it owns the pools, the breaker and the cool-down). */
export class IxopayClient implements ProfilesApi {
  readonly #options: ResolvedOptions;
  readonly #ownedPools: Dispatcher[] = [];
  readonly #circuit: CircuitBreaker;
  readonly #path: CallPath;
  readonly #endpoints: Endpoints;
  #closed = false;

  /** Validates the options (a plain Error naming the option, never its value) and creates the pools. */
  constructor(options: IxopayClientOptions) {
    const resolved = resolveOptions(options);
    const { tuning } = resolved;
    this.#options = resolved;
    this.#circuit = new CircuitBreaker({
      failureThreshold: tuning.circuitFailureThreshold,
      errorPercentage: tuning.circuitErrorPercentage,
      minimumCalls: tuning.circuitMinimumCalls,
      windowMs: tuning.circuitWindowMs,
      resetMs: tuning.circuitResetMs,
      now: resolved.now,
      onStateChange: resolved.hooks.onCircuitStateChange,
    });
    this.#path = new CallPath({
      options: resolved,
      signer: new RequestSigner({ ...resolved.connection, bodyHash: tuning.bodyHash, clock: resolved.clock, dateSuffix: tuning.dateSuffix }),
      circuit: this.#circuit,
      coolDown: resolved.hooks.coolDown ?? new LocalCoolDown(),
      budget: resolved.hooks.budget ?? new Limiter({ maxInFlight: tuning.maxInFlight, maxQueue: tuning.maxQueue }),
    });
    const profiles = { base: resolved.profilesBase, dispatcher: this.#dispatcherFor(resolved.profilesBase.origin) };
    const transaction =
      resolved.transactionBase.origin === resolved.profilesBase.origin
        ? { base: resolved.transactionBase, dispatcher: profiles.dispatcher }
        : { base: resolved.transactionBase, dispatcher: this.#dispatcherFor(resolved.transactionBase.origin) };
    this.#endpoints = endpoints(profiles, transaction, resolved.connection.apiKey);
  }

  /** The profile, or null when IXOPAY says it does not exist. The only operation that is retried. */
  async getProfile(ref: ProfileRef, options?: CallOptions): Promise<CustomerProfile | null> {
    const result = await this.#call(this.#endpoints.getProfile, profileRefBody(ref), options);
    return result === NOT_FOUND ? null : result;
  }

  /**
   * Updates customer data and/or the preferred instrument. ProfileNotFoundError when the profile
   * does not exist, in whichever form IXOPAY says so (./missing-profile.ts). Never retried.
   */
  async updateProfile(ref: ProfileRef, request: UpdateProfileRequest, options?: CallOptions): Promise<UpdateProfileResult> {
    return this.#write(this.#endpoints.updateProfile, ref, updateProfileBody(ref, request), options);
  }

  /** Deletes the profile; ProfileNotFoundError when it does not exist (as for update). Never retried. */
  async deleteProfile(ref: ProfileRef, options?: CallOptions): Promise<void> {
    await this.#write(this.#endpoints.deleteProfile, ref, profileRefBody(ref), options);
  }

  /** Attaches a registered instrument to the profile (API.md §7.5). Never retried. */
  async attachPaymentInstrument(
    ref: ProfileRef,
    request: AttachPaymentInstrumentRequest,
    options?: CallOptions,
  ): Promise<AttachPaymentInstrumentResult> {
    return this.#found(this.#endpoints.attachPaymentInstrument, attachBody(ref, request), options);
  }

  /** Detaches the instrument from the profile; it stays registered (API.md §7.4–7.5). Never retried. */
  async detachPaymentInstrument(
    ref: ProfileRef,
    request: DetachPaymentInstrumentRequest,
    options?: CallOptions,
  ): Promise<DetachPaymentInstrumentResult> {
    return this.#found(this.#endpoints.detachPaymentInstrument, detachBody(ref, request), options);
  }

  /** Transaction API register carrying customerProfileData (creates/extends a profile). Never retried. */
  async register(request: RegisterRequest, options?: CallOptions): Promise<RegisterResult> {
    return this.#found(this.#endpoints.register, registerBody(request), options);
  }

  /** Transaction API deregister (also detaches the instrument from its profile). Never retried. */
  async deregister(request: DeregisterRequest, options?: CallOptions): Promise<DeregisterResult> {
    return this.#found(this.#endpoints.deregister, deregisterBody(request), options);
  }

  /** State of the circuit breaker (for readiness and metrics). */
  circuitState(): CircuitState {
    return this.#circuit.state;
  }

  /** Stops accepting calls and closes the pools (waiting for in-flight requests); an injected dispatcher is left open. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all(this.#ownedPools.map((pool) => pool.close()));
  }

  #call<T>(endpoint: Endpoint<T>, body: object, options: CallOptions | undefined): Promise<T | typeof NOT_FOUND> {
    if (this.#closed) return Promise.reject(new UpstreamUnavailableError(endpoint.name, 'connection', 'client is closed', { local: true }));
    return this.#path.call(endpoint, encodeJsonBody(body, this.#options.tuning.jsonStyle), options?.signal);
  }

  /** A call whose not-found answer is an error. */
  async #found<T>(endpoint: Endpoint<T>, body: object, options: CallOptions | undefined): Promise<T> {
    const result = await this.#call(endpoint, body, options);
    if (result === NOT_FOUND) throw new ProfileNotFoundError(endpoint.name);
    return result;
  }

  /** update/delete: an ambiguous rejection is settled by one getProfile; the write is never re-sent. */
  async #write<T>(endpoint: Endpoint<T>, ref: ProfileRef, body: object, options: CallOptions | undefined): Promise<T> {
    try {
      return await this.#found(endpoint, body, options);
    } catch (error) {
      if (!mayMeanMissingProfile(error)) throw error;
      let profile: CustomerProfile | null;
      try {
        profile = await this.getProfile(ref, options);
      } catch {
        throw error;
      }
      throw profile === null ? new ProfileNotFoundError(endpoint.name) : error;
    }
  }

  #dispatcherFor(origin: string): Dispatcher {
    const injected = this.#options.hooks.dispatcher;
    if (injected) return injected;
    const { connections, timeoutMs } = this.#options.tuning;
    const pool = new Pool(origin, {
      connections,
      // TLS 1.2+ as the platform requires; ignored for loopback http.
      connect: { minVersion: 'TLSv1.2' },
      // Backstops only: the call's Deadline is what bounds a call.
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    this.#ownedPools.push(pool);
    return pool;
  }
}
