/**
 * Queries and mutations of customer profiles. Order inside each resolver: access
 * (`@Authorized`, runs first), argument rules (the input's zod schema, validated at the start of
 * the resolver), then upstream calls — so rejected requests cost no upstream call.
 */
import { Arg, Args, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { Action } from '../../auth/access';
import { ForbiddenError } from '../../auth/errors';
import { CUSTOMER_FIELDS, type CustomerDataInput, type ProfileRef, type UpdateProfileRequest } from '../../ixopay/types';
import type { GraphQLContext } from '../context';
import { UpstreamCost } from '../upstream-cost';
import { validate } from '../validation/validate';
import { assertChangedOwn, assertMayChange, loadAllForCaller, loadForCaller } from './profile-access';
import type { ProfileSource } from './profile-source';
import {
  CustomerInput,
  CustomerProfileRef,
  customerProfileRefsSchema,
  DeleteCustomerProfileInput,
  deleteCustomerProfileInputSchema,
  ProfileRefArgs,
  profileRefArgsSchema,
  UpdateCustomerProfileInput,
  updateCustomerProfileInputSchema,
} from './profile.input';
import { DeleteCustomerProfilePayload, UpdateCustomerProfilePayload } from './profile.payload';
import { CustomerProfile } from './profile.type';

@Resolver(() => CustomerProfile)
export class ProfileResolver {
  @Authorized<Action>('read')
  @UpstreamCost({ calls: 1 })
  @Query(() => CustomerProfile, {
    nullable: true,
    description: 'One customer profile, by exactly one of its identifiers; null when it does not exist.',
  })
  async customerProfile(@Args(() => ProfileRefArgs) args: ProfileRefArgs, @Ctx() context: GraphQLContext): Promise<ProfileSource | null> {
    return loadForCaller(context, validate(profileRefArgsSchema, args, ''));
  }

  @Authorized<Action>('read')
  @UpstreamCost({ perItemOf: 'refs' })
  @Query(() => [CustomerProfile], {
    nullable: 'items',
    description:
      'Several profiles at once. The result is aligned with `refs`: null where a profile does not exist, and an error at that index (not for the whole list) where one cannot be read. Repeated refs cost nothing extra.',
  })
  customerProfiles(
    @Arg('refs', () => [CustomerProfileRef], { description: 'The profiles to read; at most MAX_PROFILE_REFS (default 100).' })
    refs: CustomerProfileRef[],
    @Ctx() context: GraphQLContext,
  ): Promise<Array<ProfileSource | null | Error>> {
    // One promise for the list; graphql-js (and graphql-jit) report an Error item at its index.
    return loadAllForCaller(context, parseRefs(refs));
  }

  @Authorized<Action>('read')
  @UpstreamCost({ calls: 1 })
  @Query(() => CustomerProfile, {
    nullable: true,
    description:
      "The caller's own profile (shopper tokens only; null when the shopper has none yet). Operator tokens get FORBIDDEN: they have no profile of their own and use customerProfile.",
  })
  async myCustomerProfile(@Ctx() context: GraphQLContext): Promise<ProfileSource | null> {
    const { principal } = context;
    if (principal.kind !== 'shopper') {
      throw new ForbiddenError('myCustomerProfile needs a shopper token; operator tokens use customerProfile');
    }
    return loadForCaller(context, { customerIdentification: principal.customerIdentification });
  }

  @Authorized<Action>('update')
  // The update, plus a possible re-fetch of the profile for the payload's instrument fields.
  @UpstreamCost({ calls: 2 })
  @Mutation(() => UpdateCustomerProfilePayload, {
    description:
      "Changes a profile's customer data (only the fields given) and/or its preferred instrument. Fails with PROFILE_NOT_FOUND when the profile does not exist.",
  })
  async updateCustomerProfile(
    @Arg('input', () => UpdateCustomerProfileInput, { description: 'The profile and what to change.' })
    input: UpdateCustomerProfileInput,
    @Ctx() context: GraphQLContext,
  ): Promise<UpdateCustomerProfilePayload> {
    const { ref, customerData, preferredInstrument } = validate(updateCustomerProfileInputSchema, input, 'input');
    await assertMayChange(context, ref, 'updateProfile');

    const request: UpdateProfileRequest = { customerData: givenCustomerData(customerData) };
    if (preferredInstrument != null) request.preferredInstrument = preferredInstrument;
    const result = await context.api.updateProfile(ref, request);
    assertChangedOwn(context, { customerIdentification: result.customerIdentification ?? ref.customerIdentification ?? null });

    // A profile loaded earlier in this operation is updated in place (its instruments are still
    // right unless the preferred one changed); otherwise the payload carries what the update
    // returned and the instrument fields fetch the rest once, only if selected.
    const instrumentsChanged = request.preferredInstrument !== undefined;
    const updated = context.loaders.applyUpdate(result, { instrumentsChanged });
    const profile: ProfileSource = updated ?? {
      partial: true,
      profileGuid: result.profileGuid,
      customerIdentification: result.customerIdentification ?? ref.customerIdentification ?? null,
      customer: result.customer,
    };
    return { profile, changedFields: result.changedFields };
  }

  @Authorized<Action>('delete')
  @UpstreamCost({ calls: 1 })
  @Mutation(() => DeleteCustomerProfilePayload, {
    description:
      'Deletes a profile with its customer data and stored instruments (irreversible). Fails with PROFILE_NOT_FOUND when the profile does not exist.',
  })
  async deleteCustomerProfile(
    @Arg('input', () => DeleteCustomerProfileInput, { description: 'The profile to delete.' })
    input: DeleteCustomerProfileInput,
    @Ctx() context: GraphQLContext,
  ): Promise<DeleteCustomerProfilePayload> {
    const ref = validate(deleteCustomerProfileInputSchema, input, 'input');
    await assertMayChange(context, ref, 'deleteProfile');
    await context.api.deleteProfile(ref);

    const known = context.loaders.peek(ref);
    const ids = {
      profileGuid: ref.profileGuid ?? known?.profileGuid ?? null,
      customerIdentification: ref.customerIdentification ?? known?.customerIdentification ?? null,
    };
    context.loaders.forget(ids);
    return { success: true, ...ids };
  }
}

/**
 * `refs` as customerProfileRefsSchema parses them, each distinct ref parsed once (a batch repeats
 * refs: 100 over 40 profiles). On any problem the whole list goes through the schema, so the
 * error is the one it always was, naming every problem.
 */
function parseRefs(refs: readonly CustomerProfileRef[]): ProfileRef[] {
  const parsed = new Map<unknown, Map<unknown, ProfileRef>>();
  const result: ProfileRef[] = [];
  for (const ref of refs) {
    let byCustomerId = parsed.get(ref.profileGuid);
    if (!byCustomerId) parsed.set(ref.profileGuid, (byCustomerId = new Map<unknown, ProfileRef>()));
    let profileRef = byCustomerId.get(ref.customerIdentification);
    if (!profileRef) {
      const outcome = customerProfileRefsSchema.element.safeParse(ref);
      if (!outcome.success) return validate(customerProfileRefsSchema, refs, 'refs');
      byCustomerId.set(ref.customerIdentification, (profileRef = outcome.data));
    }
    result.push(profileRef);
  }
  return result;
}

/** Only the keys the caller gave (null included: it clears), so omitted fields stay unchanged. */
function givenCustomerData(input: CustomerInput): CustomerDataInput {
  const data: Record<string, unknown> = {};
  for (const key of CUSTOMER_FIELDS) {
    const value = input[key];
    if (value !== undefined) data[key] = value;
  }
  return data;
}
