/**
 * The instrument lifecycle: register (Transaction API, with customerProfileData), remove
 * (deregister), attach and detach (Customer Profiles API). Order inside each resolver, as for the
 * profile mutations: access (`@Authorized`, first), the input's zod schema, the per-profile access
 * check, then the one upstream write — so whatever is refused costs no write. None of them is
 * ever retried (the client sends writes at most once). After the write, the request's loader
 * entries of the profile are dropped or primed, so the payload, and any field after it in the
 * operation, sees the new state.
 */
import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Action } from '../../auth/access';
import { ProfileNotFoundError } from '../../ixopay/errors';
import type { ProfileRef, RegisterRequest, RegisterResult } from '../../ixopay/types';
import type { GraphQLContext } from '../context';
import { InstrumentNotFoundError } from '../errors/gateway-errors';
import { assertChangedOwn, assertMayChange, loadForCaller } from '../profile/profile-access';
import { UpstreamCost } from '../upstream-cost';
import { validate } from '../validation/validate';
import {
  AttachPaymentInstrumentInput,
  attachPaymentInstrumentInputSchema,
  DetachPaymentInstrumentInput,
  detachPaymentInstrumentInputSchema,
  RegisterPaymentInstrumentInput,
  registerPaymentInstrumentInputSchema,
  RemovePaymentInstrumentInput,
  removePaymentInstrumentInputSchema,
  type RegisterArguments,
} from './instrument.input';
import {
  AttachPaymentInstrumentPayload,
  DetachPaymentInstrumentPayload,
  RegisterPaymentInstrumentPayload,
  RemovePaymentInstrumentPayload,
  type RegisteredInstrument,
} from './instrument.payload';
import { newMerchantTransactionId } from './merchant-transaction-id';
import { rethrowSettled } from './missing-profile';
import { TransactionStatus, transactionStatusOf } from './transaction-status';
import { forgetChangedProfile } from './written-profile';

const NOT_RETRIED = 'Never retried by the gateway: after UPSTREAM_UNAVAILABLE the outcome is unknown; read the profile before trying again.';

@Resolver()
export class InstrumentResolver {
  @Authorized<Action>('update')
  // The register, plus the read of the profile for the payload's instrument and profile fields.
  @UpstreamCost({ calls: 2 })
  @Mutation(() => RegisterPaymentInstrumentPayload, {
    description:
      'Stores a new payment instrument (a payment.js / hosted-fields token) on a profile with an IXOPAY register transaction; a new `customerIdentification` creates the profile. FINISHED returns the instrument and the profile; REDIRECT / PENDING return the transaction (and `redirectUrl`): the profile changes only once it succeeds. A declined register is UPSTREAM_REJECTED (`upstreamErrorCode`, e.g. 2003); a `profileGuid` that names no profile is PROFILE_NOT_FOUND; a card number as `transactionToken` is refused (BAD_USER_INPUT). Needs `profiles:write`, or a shopper token on its own profile. Never retried by the gateway: send your own `merchantTransactionId` to retry safely after an unknown outcome.',
  })
  async registerPaymentInstrument(
    @Arg('input', () => RegisterPaymentInstrumentInput, { description: 'The profile, the token and the transaction details.' })
    input: RegisterPaymentInstrumentInput,
    @Ctx() context: GraphQLContext,
  ): Promise<RegisterPaymentInstrumentPayload> {
    const args = validate(registerPaymentInstrumentInputSchema, input, 'input');
    await assertMayChange(context, args.ref, 'register');

    const merchantTransactionId = args.merchantTransactionId ?? newMerchantTransactionId();
    const result = await context.api
      .register(registerRequest(args, merchantTransactionId))
      .catch((error: unknown) => rethrowSettled(context, args.ref, error, 'register'));
    const status = transactionStatusOf(result.returnType);
    const registered = status === TransactionStatus.FINISHED ? recordRegistration(context, args.ref, result) : null;
    return new RegisterPaymentInstrumentPayload({
      status,
      transactionUuid: result.uuid,
      merchantTransactionId,
      redirectUrl: status === TransactionStatus.REDIRECT ? result.redirectUrl : null,
      registered,
    });
  }

  @Authorized<Action>('update')
  // The ownership read (which the payload's profile then reuses) and the deregister.
  @UpstreamCost({ calls: 2 })
  @Mutation(() => RemovePaymentInstrumentPayload, {
    description: `Removes a stored instrument: checks that \`paymentToken\` is an instrument of the named profile (else INSTRUMENT_NOT_FOUND, and nothing is sent to IXOPAY), then deregisters it, which deletes it at IXOPAY and detaches it from the profile. Needs \`profiles:write\`, or a shopper token on its own profile. ${NOT_RETRIED}`,
  })
  async removePaymentInstrument(
    @Arg('input', () => RemovePaymentInstrumentInput, { description: 'The profile and the instrument to remove.' })
    input: RemovePaymentInstrumentInput,
    @Ctx() context: GraphQLContext,
  ): Promise<RemovePaymentInstrumentPayload> {
    const { ref, paymentToken } = validate(removePaymentInstrumentInputSchema, input, 'input');
    // One read through the request's loader: the profile must exist, be the shopper's own, and hold the token.
    const profile = await loadForCaller(context, ref);
    if (!profile) throw new ProfileNotFoundError('deregister');
    const instrument = profile.paymentInstruments.find((candidate) => candidate.paymentToken === paymentToken);
    if (!instrument) throw new InstrumentNotFoundError();

    await context.api.deregister({ merchantTransactionId: newMerchantTransactionId(), transactionToken: paymentToken });

    // A deregister only takes the instrument off (API.md §7.4). What becomes preferred when the
    // preferred one goes is not documented: then the profile is read again instead of guessed.
    if (instrument.isPreferred) forgetChangedProfile(context, profile);
    else context.loaders.prime({ ...profile, paymentInstruments: profile.paymentInstruments.filter((candidate) => candidate !== instrument) });
    return new RemovePaymentInstrumentPayload({ removedPaymentToken: paymentToken, profileGuid: profile.profileGuid });
  }

  @Authorized<Action>('operatorWrite')
  @UpstreamCost({ calls: 2 })
  @Mutation(() => AttachPaymentInstrumentPayload, {
    description: `Attaches the instrument of a successful register transaction to a profile (optionally creating it). TRANSACTION_NOT_FOUND: no such successful, not deregistered register; ALREADY_ATTACHED: its instrument already belongs to a profile; PROFILE_NOT_FOUND: no such profile (and none created). Operators only (\`profiles:write\`). ${NOT_RETRIED}`,
  })
  async attachPaymentInstrument(
    @Arg('input', () => AttachPaymentInstrumentInput, { description: 'The profile and the register transaction.' })
    input: AttachPaymentInstrumentInput,
    @Ctx() context: GraphQLContext,
  ): Promise<AttachPaymentInstrumentPayload> {
    const { ref, transactionUuid, createProfileIfNotExists } = validate(attachPaymentInstrumentInputSchema, input, 'input');
    const result = await context.api.attachPaymentInstrument(ref, {
      transactionUuid,
      ...(createProfileIfNotExists !== undefined && { createProfileIfNotExists }),
    });
    forgetChangedProfile(context, ref, { profileGuid: result.profileGuid });
    return new AttachPaymentInstrumentPayload({ paymentToken: result.paymentToken, profileGuid: result.profileGuid });
  }

  @Authorized<Action>('operatorWrite')
  @UpstreamCost({ calls: 2 })
  @Mutation(() => DetachPaymentInstrumentPayload, {
    description: `Detaches the instrument of a register transaction from a profile; it stays registered at IXOPAY (and can be attached again). TRANSACTION_NOT_FOUND: no such successful, not deregistered register; NOT_ATTACHED: its instrument is not on this profile; PROFILE_NOT_FOUND: no such profile. Operators only (\`profiles:write\`). ${NOT_RETRIED}`,
  })
  async detachPaymentInstrument(
    @Arg('input', () => DetachPaymentInstrumentInput, { description: 'The profile and the register transaction.' })
    input: DetachPaymentInstrumentInput,
    @Ctx() context: GraphQLContext,
  ): Promise<DetachPaymentInstrumentPayload> {
    const { ref, transactionUuid } = validate(detachPaymentInstrumentInputSchema, input, 'input');
    const result = await context.api.detachPaymentInstrument(ref, { transactionUuid });
    forgetChangedProfile(context, ref, { profileGuid: result.profileGuid });
    return new DetachPaymentInstrumentPayload({ profileGuid: result.profileGuid });
  }
}

/** The Transaction API register for validated arguments. */
function registerRequest(args: RegisterArguments, merchantTransactionId: string): RegisterRequest {
  return {
    merchantTransactionId,
    transactionToken: args.transactionToken,
    ...args.urls,
    ...(args.customer && { customer: args.customer }),
    customerProfileData: { ...args.ref, markAsPreferred: args.markAsPreferred },
  };
}

/**
 * A finished register changed the profile: its loader entries go (under the input's identifier
 * and the ones IXOPAY answered), and the payload will read it by the guid IXOPAY named.
 */
function recordRegistration(context: GraphQLContext, ref: ProfileRef, result: RegisterResult): RegisteredInstrument {
  const stored = result.customerProfileData;
  const before = context.loaders.peek(ref);
  forgetChangedProfile(context, ref);
  if (!stored) return { ref, paymentToken: null };
  forgetChangedProfile(context, { profileGuid: stored.profileGuid, customerIdentification: stored.customerIdentification });
  assertChangedOwn(context, {
    customerIdentification: stored.customerIdentification ?? ref.customerIdentification ?? before?.customerIdentification ?? null,
  });
  return { ref: { profileGuid: stored.profileGuid }, paymentToken: stored.paymentToken };
}
