/**
 * A shopper token's own rate: at most `perMinute` operations a minute per shopper (its
 * customerIdentification), so one shopper cannot turn the per-operation budget into a stream.
 * rate-limiter-flexible's in-memory limiter counts; operators and the router are not limited here
 * (the IXOPAY quota protects the upstream from everyone).
 */
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { ShopperRateLimitedError } from '../../../graphql/errors';
import type { OperationCheck } from '../../../graphql/operation-check';

/** The check; it answers synchronously (no promise) for every caller but a shopper. */
export function shopperRateCheck(perMinute: number): OperationCheck {
  const limiter = new RateLimiterMemory({ points: perMinute, duration: 60 });
  return ({ context }) => {
    const { principal } = context;
    if (principal.kind !== 'shopper') return undefined;
    return limiter.consume(principal.customerIdentification).then(
      () => undefined,
      (refusal: unknown) => {
        if (!(refusal instanceof RateLimiterRes)) throw refusal;
        return new ShopperRateLimitedError(Math.ceil(refusal.msBeforeNext / 1000));
      },
    );
  };
}
