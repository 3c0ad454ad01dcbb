/**
 * Customer Profiles API: getProfile, updateProfile, deleteProfile (API.md §3–§5). Validation
 * failures answer 400/1002; update and delete of a missing profile answer in the configured
 * missingProfileWrite form (undocumented, see settings.ts); getProfile's not-found is the
 * documented HTTP 200 body.
 */
import { CUSTOMER_FIELDS, type CustomerField, type CustomerPatch, type SandboxCustomer } from '../model';
import { readCustomer, readPaymentTokenRef, readProfileRef, ValidationError } from '../validate';
import { apiError, customerJson, ErrorCode, getProfileNotFound, profileJson, profileNotFound, type Reply } from '../wire';
import type { ProfileLookup } from '../store';
import type { OperationContext, OperationResult } from './context';

/** getProfile: the full profile, or the documented not-found body. */
export function getProfile(ctx: OperationContext, body: Record<string, unknown>): Reply {
  return answerValidationErrors(() => {
    const profile = ctx.store.findProfile(readProfileRef(body));
    return profile ? { status: 200, body: profileJson(ctx.store, profile) } : getProfileNotFound();
  });
}

/**
 * updateProfile: merges customerData into the customer (absent keys unchanged, null/"" clear,
 * extraData replaced as a whole) and optionally sets the preferred instrument. Nothing changes
 * when any part of the request is rejected.
 */
export async function updateProfile(ctx: OperationContext, body: Record<string, unknown>): Promise<OperationResult> {
  let ref: ProfileLookup;
  let patch: CustomerPatch;
  let preferredInstrument: string | undefined;
  try {
    ref = readProfileRef(body);
    if (body.customerData === undefined || body.customerData === null) throw new ValidationError('customerData', 'is required');
    patch = readCustomer(body.customerData, 'customerData', { kind: 'update' });
    preferredInstrument =
      body.preferredInstrument === undefined || body.preferredInstrument === null
        ? undefined
        : readPaymentTokenRef(body.preferredInstrument, 'preferredInstrument');
  } catch (error) {
    return validationReply(error);
  }
  const profile = ctx.store.findProfile(ref);
  if (!profile) return profileNotFound(ctx.settings().missingProfileWrite);
  if (preferredInstrument !== undefined && ctx.store.instrument(preferredInstrument)?.profileGuid !== profile.profileGuid) {
    return apiError(422, ErrorCode.LOGICAL_ERROR, 'Invalid request data: preferredInstrument is not a payment instrument of this profile');
  }
  const changedFields = changedCustomerFields(profile.customer, patch);
  const preferredChanged = preferredInstrument !== undefined && profile.preferredToken !== preferredInstrument;
  if (changedFields.length > 0) ctx.store.patchCustomer(profile, patch);
  if (preferredChanged && preferredInstrument !== undefined) ctx.store.setPreferred(profile, preferredInstrument);
  if (changedFields.length > 0 || preferredChanged) await ctx.persist();
  return {
    status: 200,
    body: {
      success: true,
      profileGuid: profile.profileGuid,
      customerIdentification: profile.customerIdentification,
      customer: customerJson(profile.customer),
      changedFields,
    },
    applied: { profileGuid: profile.profileGuid, customerIdentification: profile.customerIdentification },
  };
}

/** deleteProfile: removes the profile; its instruments stay registered (not deregistered). */
export async function deleteProfile(ctx: OperationContext, body: Record<string, unknown>): Promise<OperationResult> {
  let ref: ProfileLookup;
  try {
    ref = readProfileRef(body);
  } catch (error) {
    return validationReply(error);
  }
  const profile = ctx.store.findProfile(ref);
  if (!profile) return profileNotFound(ctx.settings().missingProfileWrite);
  ctx.store.deleteProfile(profile);
  await ctx.persist();
  return {
    status: 200,
    body: { success: true },
    applied: { profileGuid: profile.profileGuid, customerIdentification: profile.customerIdentification },
  };
}

/** Customer fields whose value the patch really changes, in API order. */
export function changedCustomerFields(current: SandboxCustomer, patch: CustomerPatch): CustomerField[] {
  const changed: CustomerField[] = [];
  for (const field of CUSTOMER_FIELDS) {
    if (!(field in patch)) continue;
    if (field === 'extraData') {
      if (patch.extraData !== undefined && !sameStringMap(current.extraData, patch.extraData)) changed.push(field);
    } else if (patch[field] !== current[field]) {
      changed.push(field);
    }
  }
  return changed;
}

function sameStringMap(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && a[k] === b[k]);
}

function answerValidationErrors(fn: () => Reply): Reply {
  try {
    return fn();
  } catch (error) {
    return validationReply(error);
  }
}

/** 400/1002 for a ValidationError; anything else is a bug and propagates. */
function validationReply(error: unknown): Reply {
  if (error instanceof ValidationError) return apiError(400, ErrorCode.INVALID_REQUEST_DATA, error.message);
  throw error;
}
