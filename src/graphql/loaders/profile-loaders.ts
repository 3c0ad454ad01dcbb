/**
 * Per-operation profile loading. IXOPAY has no batch endpoint, so a batch fans out single
 * getProfile calls; DataLoader gives us de-duplication (aliases, repeated refs and federation
 * representations cost one call per distinct key) and the per-operation cache. A new set is
 * created for every GraphQL request and never shared: the cache holds one caller's view of the data.
 */
import DataLoader from 'dataloader';
import type { Tracer } from '@opentelemetry/api';
import { annotate, gatewayTracer, withSpan } from '../../fleet/tracing';
import type { CustomerProfile, ProfileRef, ProfilesApi, UpdateProfileResult } from '../../ixopay/types';
import { UpstreamUnavailableError } from '../../ixopay/errors';
import { Limiter, LimiterAbortedError } from '../../ixopay/resilience/limiter';

/** The loaders of one GraphQL operation. */
export interface ProfileLoaders {
  /** The profile behind `ref` (null when it does not exist); each key is fetched at most once. */
  load(ref: ProfileRef): Promise<CustomerProfile | null>;
  /**
   * `load` for a list, aligned with `refs`: each distinct key is loaded once (in the same batch as
   * the operation's other reads), and a key that failed is its Error at each of its indexes. One
   * promise for the whole list: a 100-ref batch used to cost a promise chain per ref.
   */
  loadAll(refs: readonly ProfileRef[]): Promise<Array<CustomerProfile | null | Error>>;
  /** A profile this operation already holds under `ref`, without fetching. */
  peek(ref: ProfileIds): CustomerProfile | undefined;
  /**
   * Records an update: the cached profile gets the new customer block when its instruments are
   * unchanged (and is returned), otherwise both keys are dropped so the next read re-fetches.
   */
  applyUpdate(result: UpdateProfileResult, options: { instrumentsChanged: boolean }): CustomerProfile | undefined;
  /** Drops both keys of a profile, e.g. after it was deleted. */
  forget(ids: ProfileIds): void;
  /**
   * Records a profile as a write left it (when the caller knows the new state without a read):
   * it replaces whatever this operation held under either of its keys.
   */
  prime(profile: CustomerProfile): void;
}

/** Either or both identifiers of a profile. */
export interface ProfileIds {
  profileGuid?: string | null;
  customerIdentification?: string | null;
}

export interface ProfileLoaderOptions {
  /** Upstream calls in flight for this operation (LOADER_CONCURRENCY). */
  concurrency: number;
  /** Observer for metrics: called once per batch with the number of distinct keys. */
  onBatch?: (size: number) => void;
  /**
   * Whose signal fires when the client has gone away: queued reads never start and in-flight ones
   * are aborted (the upstream sees the connection close). Reads only: nothing here writes.
   */
  caller?: CallerPresence;
}

/**
 * The client of an operation, as its reads see it. The signal is asked for by the first read, not
 * before, so an operation that reads nothing needs none (an AbortController fits too).
 */
export interface CallerPresence {
  readonly signal: AbortSignal;
}

/** The DataLoader cache key of a ref: `g:<profileGuid>` or `c:<customerIdentification>`. */
export function profileCacheKey(ref: ProfileRef): string {
  return ref.profileGuid !== undefined ? `g:${ref.profileGuid}` : `c:${ref.customerIdentification}`;
}

/** How a read the client no longer waits for ends, in the client layer's words. */
function callerGone(): UpstreamUnavailableError {
  return new UpstreamUnavailableError('getProfile', 'timeout', 'call aborted by the caller');
}

function asError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason));
}

/** Creates the loaders for one operation. */
export function createProfileLoaders(api: ProfilesApi, options: ProfileLoaderOptions): ProfileLoaders {
  // One operation may not take the whole process-wide upstream budget by itself.
  const limiter = new Limiter({ maxInFlight: options.concurrency, maxQueue: Infinity });
  const { caller } = options;
  let callOptions: { signal: AbortSignal } | undefined;
  // Every profile this operation has seen, under both of its keys. DataLoader's own cache holds
  // promises; this map answers synchronously (peek, and the second phase of a batch below).
  const known = new Map<string, CustomerProfile>();

  const refsOf = (ids: ProfileIds): ProfileRef[] => {
    const refs: ProfileRef[] = [];
    if (ids.profileGuid != null) refs.push({ profileGuid: ids.profileGuid });
    if (ids.customerIdentification != null) refs.push({ customerIdentification: ids.customerIdentification });
    return refs;
  };

  /** Makes a fetched profile answer its other key too (prime is a no-op for keys already cached). */
  const remember = (profile: CustomerProfile): void => {
    for (const ref of refsOf(profile)) {
      known.set(profileCacheKey(ref), profile);
      loader.prime(ref, profile);
    }
  };

  const fetchOne = async (ref: ProfileRef): Promise<CustomerProfile | null | Error> => {
    if (caller && !callOptions) callOptions = { signal: caller.signal };
    const signal = callOptions?.signal;
    // The client has gone away: reads not yet started never start.
    if (signal?.aborted) return callerGone();
    try {
      // The limiter's run() without its wrapper closure and promise: one read per key of a batch.
      if (!limiter.tryAcquire()) await limiter.acquire(signal);
      let profile: CustomerProfile | null;
      try {
        profile = await api.getProfile(ref, callOptions);
      } finally {
        limiter.release();
      }
      if (profile) remember(profile);
      return profile;
    } catch (error) {
      // The client went away while this read waited for a slot: say so as the client layer does.
      if (error instanceof LimiterAbortedError) return callerGone();
      // Returned, not thrown: a failed key rejects only its own slot.
      return asError(error);
    }
  };

  const batch = async (refs: readonly ProfileRef[]): Promise<Array<CustomerProfile | null | Error>> => {
    options.onBatch?.(refs.length);
    const results = new Array<CustomerProfile | null | Error>(refs.length);
    const byCustomerId: number[] = [];
    const byGuid: number[] = [];
    refs.forEach((ref, i) => (ref.profileGuid !== undefined ? byGuid : byCustomerId).push(i));

    // Two phases when a batch mixes key kinds: merchant ids first, then only those guids that
    // phase 1 did not already return. `a: customerProfile(customerIdentification: "x")` next to
    // `b: customerProfile(profileGuid: <x's guid>)` thus costs one call, not two. Batches of one
    // kind (the common case) run in a single phase.
    await fetchEach(refs, byCustomerId, results);
    await fetchEach(refs, byGuid, results, (ref) => known.get(profileCacheKey(ref)));
    return results;
  };

  /**
   * Fetches `refs[i]` into `results[i]` for each of `indexes`, through at most `concurrency`
   * workers that each take the next index when their read ends (`reuse` answers one without a
   * call when it can). Handing all of a 100-ref batch to the limiter at once kept a waiter, a
   * promise and an abort listener alive per queued read for the whole batch: garbage that
   * survived young-generation collections, under load, batch after batch.
   */
  const fetchEach = async (
    refs: readonly ProfileRef[],
    indexes: readonly number[],
    results: Array<CustomerProfile | null | Error>,
    reuse?: (ref: ProfileRef) => CustomerProfile | undefined,
  ): Promise<void> => {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < indexes.length) {
        const i = indexes[next++];
        results[i] = reuse?.(refs[i]) ?? (await fetchOne(refs[i]));
      }
    };
    const workers: Array<Promise<void>> = [];
    for (let w = Math.min(options.concurrency, indexes.length); w > 0; w--) workers.push(worker());
    await Promise.all(workers);
  };

  const tracer = gatewayTracer();
  const loader = new DataLoader<ProfileRef, CustomerProfile | null, string>(tracer ? tracedBatch(tracer, batch) : batch, {
    cacheKeyFn: profileCacheKey,
  });

  const forget = (ids: ProfileIds): void => {
    const refs = refsOf(ids);
    // The profile's other key goes too, even when the caller only knew one of them.
    for (const ref of [...refs]) {
      const profile = known.get(profileCacheKey(ref));
      if (profile) refs.push(...refsOf(profile));
    }
    for (const ref of refs) {
      known.delete(profileCacheKey(ref));
      loader.clear(ref);
    }
  };

  const peek = (ids: ProfileIds): CustomerProfile | undefined =>
    refsOf(ids)
      .map((ref) => known.get(profileCacheKey(ref)))
      .find((profile) => profile !== undefined);

  const loadAll = async (refs: readonly ProfileRef[]): Promise<Array<CustomerProfile | null | Error>> => {
    // The indexes of each distinct key, in first-seen order (the order of `loads`): a repeated
    // ref costs neither a load nor a promise.
    const slots = new Map<string, number[]>();
    const loads: Array<Promise<CustomerProfile | null>> = [];
    for (let i = 0; i < refs.length; i++) {
      const key = profileCacheKey(refs[i]);
      const indexes = slots.get(key);
      if (indexes) indexes.push(i);
      else {
        slots.set(key, [i]);
        loads.push(loader.load(refs[i]));
      }
    }
    const settled = await Promise.allSettled(loads);
    const results = new Array<CustomerProfile | null | Error>(refs.length);
    let k = 0;
    for (const indexes of slots.values()) {
      const outcome = settled[k++];
      const value = outcome.status === 'fulfilled' ? outcome.value : asError(outcome.reason);
      for (const i of indexes) results[i] = value;
    }
    return results;
  };

  return {
    load: (ref) => loader.load(ref),
    loadAll,
    peek,
    applyUpdate(result, { instrumentsChanged }) {
      const previous = peek(result);
      forget({ profileGuid: result.profileGuid, customerIdentification: result.customerIdentification });
      if (!previous || instrumentsChanged) return undefined;
      const updated: CustomerProfile = {
        ...previous,
        profileGuid: result.profileGuid,
        customerIdentification: result.customerIdentification ?? previous.customerIdentification,
        customer: result.customer,
      };
      remember(updated);
      return updated;
    },
    forget,
    prime(profile) {
      forget(profile);
      remember(profile);
    },
  };
}

/**
 * With tracing on: each batch is a span (the IXOPAY calls it makes are its children) with its size
 * and how its keys ended. Never the keys themselves: they identify customers.
 */
function tracedBatch<R>(
  tracer: Tracer,
  batch: (refs: readonly ProfileRef[]) => Promise<Array<R | null | Error>>,
): (refs: readonly ProfileRef[]) => Promise<Array<R | null | Error>> {
  return (refs) => {
    const span = tracer.startSpan('dataloader.batch getProfile');
    annotate(span, () => ({ 'graphql.dataloader.batch_size': refs.length }));
    return withSpan(span, async () => {
      const results = await batch(refs);
      annotate(span, () => ({
        'graphql.dataloader.not_found': results.filter((r) => r === null).length,
        'graphql.dataloader.failed': results.filter((r) => r instanceof Error).length,
      }));
      return results;
    });
  };
}
