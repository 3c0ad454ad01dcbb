/**
 * attachPaymentInstrument / detachPaymentInstrument (API.md §7.5). Their domain errors use the
 * different envelope of §6.2: `{success:false, message, errorCode:"<STRING>"}` with 404/422.
 * Malformed requests get the common API error object (400/1002) like every other call.
 */
import { readOptionalBoolean, readProfileRef, readString, ValidationError } from '../validate';
import { apiError, ErrorCode, type Reply } from '../wire';
import type { SandboxProfile } from '../model';
import type { ProfileLookup } from '../store';
import type { WriteKeys } from '../write-journal';
import type { OperationContext, OperationResult } from './context';

/** attach: puts a registered, unattached instrument on a profile (optionally creating it). */
export async function attachPaymentInstrument(ctx: OperationContext, body: Record<string, unknown>): Promise<OperationResult> {
  let transactionUuid: string;
  let ref: ProfileLookup;
  let createProfileIfNotExists: boolean;
  try {
    transactionUuid = readString(body.transactionUuid, 'transactionUuid', 1, 50);
    ref = readProfileRef(body);
    createProfileIfNotExists = readOptionalBoolean(body.createProfileIfNotExists, 'createProfileIfNotExists') ?? false;
  } catch (error) {
    return validationReply(error);
  }
  const { store } = ctx;
  const instrument = store.liveInstrumentOf(transactionUuid);
  if (!instrument) return transactionNotFound();
  if (instrument.profileGuid !== null) {
    return envelopeError(422, 'ALREADY_ATTACHED', 'The payment instrument of this transaction is already attached to a customer profile');
  }
  let profile = store.findProfile(ref);
  if (!profile) {
    if (!createProfileIfNotExists || !('customerIdentification' in ref)) return profileNotFoundEnvelope();
    profile = store.createProfile(ref.customerIdentification);
  }
  store.attach(instrument, profile, false);
  await ctx.persist();
  return {
    status: 200,
    body: { success: true, message: 'Payment instrument attached', profileGuid: profile.profileGuid, paymentToken: instrument.paymentToken },
    applied: appliedKeys(transactionUuid, profile, instrument.paymentToken),
  };
}

/** detach: takes an instrument off a profile without deregistering it. */
export async function detachPaymentInstrument(ctx: OperationContext, body: Record<string, unknown>): Promise<OperationResult> {
  let transactionUuid: string;
  let ref: ProfileLookup;
  try {
    transactionUuid = readString(body.transactionUuid, 'transactionUuid', 1, 50);
    ref = readProfileRef(body);
  } catch (error) {
    return validationReply(error);
  }
  const { store } = ctx;
  const instrument = store.liveInstrumentOf(transactionUuid);
  if (!instrument) return transactionNotFound();
  const profile = store.findProfile(ref);
  if (!profile) return profileNotFoundEnvelope();
  if (instrument.profileGuid !== profile.profileGuid) {
    return envelopeError(422, 'NOT_ATTACHED', 'The payment instrument of this transaction is not attached to this customer profile');
  }
  store.detach(instrument);
  await ctx.persist();
  return {
    status: 200,
    body: { success: true, message: 'Payment instrument detached', profileGuid: profile.profileGuid },
    applied: appliedKeys(transactionUuid, profile, instrument.paymentToken),
  };
}

function appliedKeys(transactionUuid: string, profile: SandboxProfile, paymentToken: string): WriteKeys {
  return { transactionUuid, profileGuid: profile.profileGuid, customerIdentification: profile.customerIdentification, paymentToken };
}

function transactionNotFound(): Reply {
  return envelopeError(404, 'TRANSACTION_NOT_FOUND', 'No successful, registered transaction with this transactionUuid');
}

/** Not documented for attach/detach; same envelope, plus `profileExists:false` like update/delete. */
function profileNotFoundEnvelope(): Reply {
  return { status: 404, body: { success: false, message: 'Customer profile not found', errorCode: 'PROFILE_NOT_FOUND', profileExists: false } };
}

function envelopeError(status: number, errorCode: string, message: string): Reply {
  return { status, body: { success: false, message, errorCode } };
}

function validationReply(error: unknown): Reply {
  if (error instanceof ValidationError) return apiError(400, ErrorCode.INVALID_REQUEST_DATA, error.message);
  throw error;
}
