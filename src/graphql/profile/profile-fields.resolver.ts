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
  @FieldResolver(() => String, { nullable: true })
  async preferredMethod(@Root() profile: ProfileSource, @Ctx() context: GraphQLContext): Promise<string | null> {
    return (await complete(profile, context))?.preferredMethod ?? null;
  }

  @FieldResolver(() => [PaymentInstrument])
  async paymentInstruments(@Root() profile: ProfileSource, @Ctx() context: GraphQLContext): Promise<ixopay.PaymentInstrument[]> {
    return (await complete(profile, context))?.paymentInstruments ?? [];
  }

  @FieldResolver(() => PaymentInstrument, { nullable: true })
  async preferredInstrument(@Root() profile: ProfileSource, @Ctx() context: GraphQLContext): Promise<ixopay.PaymentInstrument | null> {
    const instruments = (await complete(profile, context))?.paymentInstruments ?? [];
    return instruments.find((instrument) => instrument.isPreferred) ?? null;
  }
}

/**
 * The full profile behind `source`. An updated profile was already access-checked before the
 * update; a null re-fetch means it vanished meanwhile (then there are no instruments to show).
 */
async function complete(source: ProfileSource, context: GraphQLContext): Promise<ixopay.CustomerProfile | null> {
  return isPartial(source) ? context.loaders.load({ profileGuid: source.profileGuid }) : source;
}
