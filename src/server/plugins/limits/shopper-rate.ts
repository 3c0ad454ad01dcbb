/**
 * A shopper token's own rate: at most `perMinute` operations a minute per shopper (its
 * customerIdentification), so one shopper cannot turn the per-operation budget into a stream.
 * rate-limiter-flexible's in-memory limiter counts; operators and the router are not limited here
 * (the IXOPAY quota protects the upstream from everyone).
 */
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { ShopperRateLimitedError } from '../../../graphql/errors';
import type { OperationCheck } from '../../../graphql/operation-check';
import { requestScope } from '../../operations/request-scope';

/**
 * The check; it answers synchronously (no promise) for every caller but a shopper. A request is
 * charged once, whichever path checks it: the fast path hands a request whose run had an error on
 * to Apollo, whose limits plugin checks it again; charging twice could refuse a mutation whose
 * write had already run (RATE_LIMITED would say it had not).
 */
export function shopperRateCheck(perMinute: number): OperationCheck {
  const limiter = new RateLimiterMemory({ points: perMinute, duration: 60 });
  const charged = new WeakMap<object, Promise<Error | undefined>>();
  return ({ context }) => {
    const { principal } = context;
    if (principal.kind !== 'shopper') return undefined;
    const scope = requestScope(context);
    let verdict = charged.get(scope);
    if (!verdict) {
      verdict = limiter.consume(principal.customerIdentification).then(
        () => undefined,
        (refusal: unknown) => {
          if (!(refusal instanceof RateLimiterRes)) throw refusal;
          return new ShopperRateLimitedError(Math.ceil(refusal.msBeforeNext / 1000));
        },
      );
      charged.set(scope, verdict);
    }
    return verdict;
  };
}
