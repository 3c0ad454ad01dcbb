/**
 * Fields of CustomerProfile that an update's answer lacks. For a full profile they read the
 * source; for an updated one they load the profile once (all three share one loader key, so at
 * most one re-fetch per profile per operation) — and not at all when none of them is selected.
 */
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type * as ixopay from '../../ixopay/types';
import type { GraphQLContext } from '../context';
import { isPartial, type ProfileSource } from './profile-source';
import { PaymentInstrument } from './payment-instrument.type';
import { CustomerProfile } from './profile.type';

@Resolver(() => CustomerProfile)
export class CustomerProfileFieldsResolver {
  // Synchronous for a full profile (every read): a promise per field per profile made graphql-js
  // build promise chains for each of up to 100 profiles in a batch, measurably (GC, microtasks).
  @FieldResolver(() => String, { nullable: true })
  preferredMethod(@Root() profile: ProfileSource, @Ctx() context: GraphQLContext): MaybePromise<string | null> {
    return withFull(profile, context, (full) => full?.preferredMethod ?? null);
  }

  @FieldResolver(() => [PaymentInstrument])
  paymentInstruments(@Root() profile: ProfileSource, @Ctx() context: GraphQLContext): MaybePromise<ixopay.PaymentInstrument[]> {
    return withFull(profile, context, (full) => full?.paymentInstruments ?? []);
  }

  @FieldResolver(() => PaymentInstrument, { nullable: true })
  preferredInstrument(@Root() profile: ProfileSource, @Ctx() context: GraphQLContext): MaybePromise<ixopay.PaymentInstrument | null> {
    return withFull(profile, context, (full) => full?.paymentInstruments.find((instrument) => instrument.isPreferred) ?? null);
  }
}

type MaybePromise<T> = T | Promise<T>;

/**
 * Applies `pick` to the full profile behind `source`: directly for a read, after loading it once
 * for an updated (partial) profile. That one was access-checked before the update; a null
 * re-fetch means it vanished meanwhile (then there are no instruments to show).
 */
function withFull<T>(source: ProfileSource, context: GraphQLContext, pick: (full: ixopay.CustomerProfile | null) => T): MaybePromise<T> {
  if (!isPartial(source)) return pick(source);
  return context.loaders.load({ profileGuid: source.profileGuid }).then(pick);
}
