/**
 * Results of the instrument mutations. The write's own results are plain fields; `profile` and
 * `paymentInstrument` are read after the write, through the request's loader, and only when
 * selected (methods: type-graphql field resolvers on the type itself). A failure of that read is
 * an error at the field, not a lost answer to the write.
 *
 * Selecting `profile` needs the right to read profiles (profile/profile-read-check.ts, on the
 * whole operation before anything runs).
 */
import { Ctx, Field, ID, ObjectType } from 'type-graphql';
import type * as ixopay from '../../ixopay/types';
import type { GraphQLContext } from '../context';
import { PaymentInstrument } from '../profile/payment-instrument.type';
import { CustomerProfile } from '../profile/profile.type';
import { TransactionStatus } from './transaction-status';
import { loadWrittenProfile, loadWrittenProfileOrFail } from './written-profile';

/** Where a finished register put the instrument. */
export interface RegisteredInstrument {
  /** The profile to read: by the guid IXOPAY answered, else by the input's identifier. */
  ref: ixopay.ProfileRef;
  /** The new instrument's token, as the answer's customerProfileData names it (null when it names none). */
  paymentToken: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'Result of registerPaymentInstrument.' })
export class RegisterPaymentInstrumentPayload {
  @Field(() => TransactionStatus, {
    description: 'FINISHED: stored. REDIRECT: send the shopper to `redirectUrl`. PENDING: the outcome arrives at `callbackUrl` later.',
  })
  status!: TransactionStatus;

  @Field(() => ID, {
    description: "IXOPAY's uuid of the register transaction: names it for attach/detach, the sandbox's control endpoints and IXOPAY's back office.",
  })
  transactionUuid!: string;

  @Field(() => String, { description: 'The merchantTransactionId sent: yours, or the one the gateway generated.' })
  merchantTransactionId!: string;

  @Field(() => String, { nullable: true, description: 'When REDIRECT: where to send the shopper (e.g. the 3-D Secure challenge).' })
  redirectUrl!: string | null;

  /** Set when FINISHED; not a GraphQL field. */
  registered!: RegisteredInstrument | null;

  constructor(values?: Omit<RegisterPaymentInstrumentPayload, 'paymentInstrument' | 'profile'>) {
    if (values) Object.assign(this, values);
  }

  @Field(() => PaymentInstrument, {
    nullable: true,
    description: 'When FINISHED: the new instrument, as the profile now holds it. Null for REDIRECT and PENDING.',
  })
  async paymentInstrument(@Ctx() context: GraphQLContext): Promise<ixopay.PaymentInstrument | null> {
    const token = this.registered?.paymentToken;
    if (!this.registered || !token) return null;
    const profile = await loadWrittenProfile(context, this.registered.ref);
    return profile?.paymentInstruments.find((instrument) => instrument.paymentToken === token) ?? null;
  }

  @Field(() => CustomerProfile, {
    nullable: true,
    description:
      'When FINISHED: the profile as it is now (read once more, only when selected). Null for REDIRECT and PENDING: the profile changes only when the transaction succeeds.',
  })
  profile(@Ctx() context: GraphQLContext): Promise<ixopay.CustomerProfile | null> | null {
    return this.registered ? loadWrittenProfile(context, this.registered.ref) : null;
  }
}

@ObjectType({ simpleResolvers: true, description: 'Result of removePaymentInstrument.' })
export class RemovePaymentInstrumentPayload {
  @Field(() => ID, { description: 'The paymentToken of the removed (deregistered) instrument.' })
  removedPaymentToken!: string;

  /** The profile it was removed from; not a GraphQL field. */
  profileGuid!: string;

  constructor(values?: Omit<RemovePaymentInstrumentPayload, 'profile'>) {
    if (values) Object.assign(this, values);
  }

  @Field(() => CustomerProfile, { description: 'The profile without the removed instrument.' })
  profile(@Ctx() context: GraphQLContext): Promise<ixopay.CustomerProfile> {
    return loadWrittenProfileOrFail(context, { profileGuid: this.profileGuid });
  }
}

@ObjectType({ simpleResolvers: true, description: 'Result of attachPaymentInstrument.' })
export class AttachPaymentInstrumentPayload {
  @Field(() => ID, { description: "The attached instrument's paymentToken." })
  paymentToken!: string;

  /** The profile it was attached to (perhaps just created); not a GraphQL field. */
  profileGuid!: string;

  constructor(values?: Omit<AttachPaymentInstrumentPayload, 'profile'>) {
    if (values) Object.assign(this, values);
  }

  @Field(() => CustomerProfile, { description: 'The profile with the attached instrument (read after the attach).' })
  profile(@Ctx() context: GraphQLContext): Promise<ixopay.CustomerProfile> {
    return loadWrittenProfileOrFail(context, { profileGuid: this.profileGuid });
  }
}

@ObjectType({ simpleResolvers: true, description: 'Result of detachPaymentInstrument.' })
export class DetachPaymentInstrumentPayload {
  /** The profile it was detached from; not a GraphQL field. */
  profileGuid!: string;

  constructor(values?: Omit<DetachPaymentInstrumentPayload, 'profile'>) {
    if (values) Object.assign(this, values);
  }

  @Field(() => CustomerProfile, { description: 'The profile without the detached instrument (read after the detach).' })
  profile(@Ctx() context: GraphQLContext): Promise<ixopay.CustomerProfile> {
    return loadWrittenProfileOrFail(context, { profileGuid: this.profileGuid });
  }
}
