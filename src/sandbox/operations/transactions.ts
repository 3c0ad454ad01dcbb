/**
 * Transaction API register/deregister, reduced to their effect on customer profiles (API.md §7).
 * Every register finishes synchronously (`returnType: FINISHED`). Request problems answer as a
 * transaction result with `success:false` and `returnType: ERROR` over HTTP 200, the way the
 * Transaction API reports failed transactions (and the way the PHP client's
 * parseTransactionResult reads them).
 */
import { newPaymentToken, newTransactionUuid } from '../ids';
import { instrumentFromToken } from '../instrument-token';
import { emptyCustomer, type CustomerPatch, type InstrumentDetails, type SandboxCustomer, type SandboxInstrument, type SandboxProfile } from '../model';
import { compactDay, formatTimestamp } from '../timestamps';
import {
  readCustomer,
  readOptionalBoolean,
  readOptionalObject,
  readString,
  ValidationError,
} from '../validate';
import { ErrorCode, paymentMethodName, returnDataJson, type Reply } from '../wire';
import type { OperationContext } from './context';

/**
 * register: stores the instrument derived from transactionToken and, with customerProfileData,
 * attaches it to the addressed profile (creating it for a new customerIdentification).
 */
export async function register(ctx: OperationContext, body: Record<string, unknown>): Promise<Reply> {
  let request: RegisterRequest;
  try {
    request = readRegister(body);
  } catch (error) {
    return transactionValidationError(error);
  }
  const { store } = ctx;
  const now = ctx.now();
  const uuid = newTransactionUuid();

  let profile: SandboxProfile | undefined;
  const target = request.profile;
  if (target?.profileGuid !== undefined) {
    profile = store.findProfile({ profileGuid: target.profileGuid });
    if (!profile) return transactionError(ErrorCode.INVALID_REQUEST_DATA, 'Invalid request data: customerProfileData.profileGuid names no customer profile');
    if (target.customerIdentification !== undefined && target.customerIdentification !== profile.customerIdentification) {
      return transactionError(ErrorCode.INVALID_REQUEST_DATA, 'Invalid request data: customerProfileData.customerIdentification does not belong to the profile named by profileGuid');
    }
  } else if (target?.customerIdentification !== undefined) {
    profile = store.findProfile({ customerIdentification: target.customerIdentification });
  }

  const patch = request.customer ? mergeTransactionCustomer(profile?.customer ?? emptyCustomer(), request.customer) : undefined;
  const customerAfter: SandboxCustomer | null = profile || patch ? { ...(profile?.customer ?? emptyCustomer()), ...patch } : null;
  let details: InstrumentDetails;
  try {
    details = instrumentFromToken(request.transactionToken, customerAfter, uuid, now);
  } catch (error) {
    return transactionValidationError(error);
  }

  // Everything is valid: mutate.
  if (!profile && target?.customerIdentification !== undefined) {
    profile = store.createProfile(target.customerIdentification, { ...emptyCustomer(), ...patch });
  } else if (profile && patch) {
    store.patchCustomer(profile, patch);
  }
  let paymentToken = newPaymentToken();
  while (store.registrationByToken(paymentToken)) paymentToken = newPaymentToken();
  const createdAt = formatTimestamp(now);
  const instrument: SandboxInstrument = {
    paymentToken,
    createdAt,
    associatedTokenType: null,
    networkTokenStatus: null,
    details,
    registrationUuid: uuid,
    profileGuid: null,
  };
  store.addRegistration({ uuid, merchantTransactionId: request.merchantTransactionId, paymentToken, createdAt, deregistered: false }, instrument);
  const preferred = profile ? store.attach(instrument, profile, request.profile?.markAsPreferred === true) : false;
  await ctx.persist();

  return {
    status: 200,
    body: {
      success: true,
      uuid,
      purchaseId: purchaseId(now, uuid),
      returnType: 'FINISHED',
      paymentMethod: paymentMethodName(details),
      returnData: returnDataJson(details),
      ...(profile
        ? {
            customerProfileData: {
              profileGuid: profile.profileGuid,
              customerIdentification: profile.customerIdentification,
              paymentToken,
              markAsPreferred: preferred,
            },
          }
        : {}),
    },
  };
}

/**
 * deregister: by referenceUuid (the register's uuid) or transactionToken (the paymentToken). The
 * instrument disappears from its profile; when it was the preferred one, none is preferred.
 */
export async function deregister(ctx: OperationContext, body: Record<string, unknown>): Promise<Reply> {
  let request: DeregisterRequest;
  try {
    request = readDeregister(body);
  } catch (error) {
    return transactionValidationError(error);
  }
  const { store } = ctx;
  const registration = request.referenceUuid !== undefined ? store.registration(request.referenceUuid) : store.registrationByToken(request.transactionToken ?? '');
  if (!registration) {
    const field = request.referenceUuid !== undefined ? 'referenceUuid' : 'transactionToken';
    return transactionError(ErrorCode.INVALID_REQUEST_DATA, `Invalid request data: ${field} does not name a register transaction`);
  }
  if (registration.deregistered) return transactionError(ErrorCode.ALREADY_DEREGISTERED, 'The referenced transaction has already been deregistered');
  const instrument = store.instrument(registration.paymentToken);
  store.deregister(registration);
  await ctx.persist();
  const now = ctx.now();
  const uuid = newTransactionUuid();
  return {
    status: 200,
    body: {
      success: true,
      uuid,
      purchaseId: purchaseId(now, uuid),
      returnType: 'FINISHED',
      paymentMethod: instrument ? paymentMethodName(instrument.details) : null,
    },
  };
}

interface RegisterRequest {
  merchantTransactionId: string;
  transactionToken?: string;
  customer?: CustomerPatch;
  profile?: { profileGuid?: string; customerIdentification?: string; markAsPreferred?: boolean };
}

interface DeregisterRequest {
  merchantTransactionId: string;
  referenceUuid?: string;
  transactionToken?: string;
}

function readRegister(body: Record<string, unknown>): RegisterRequest {
  const merchantTransactionId = readString(body.merchantTransactionId, 'merchantTransactionId', 1, 50);
  const transactionToken = optional(body.transactionToken, (v) => readString(v, 'transactionToken', 1, 8192));
  const customerObject = readOptionalObject(body.customer, 'customer');
  const customer = customerObject ? readCustomer(customerObject, 'customer', { kind: 'transaction' }) : undefined;
  // Older PHP clients (before customerProfileData) sent the same object as addToCustomerProfile.
  const field = body.customerProfileData !== undefined ? 'customerProfileData' : 'addToCustomerProfile';
  const profileObject = readOptionalObject(body[field], field);
  let profile: RegisterRequest['profile'];
  if (profileObject) {
    const profileGuid = optional(profileObject.profileGuid, (v) => readString(v, `${field}.profileGuid`, 1, 36));
    const customerIdentification = optional(profileObject.customerIdentification, (v) => readString(v, `${field}.customerIdentification`, 1, 36));
    if (profileGuid === undefined && customerIdentification === undefined) {
      throw new ValidationError(field, 'needs profileGuid or customerIdentification');
    }
    const markAsPreferred = readOptionalBoolean(profileObject.markAsPreferred, `${field}.markAsPreferred`);
    profile = { profileGuid, customerIdentification, markAsPreferred };
  }
  return { merchantTransactionId, transactionToken, customer, profile };
}

function readDeregister(body: Record<string, unknown>): DeregisterRequest {
  const merchantTransactionId = readString(body.merchantTransactionId, 'merchantTransactionId', 1, 50);
  const referenceUuid = optional(body.referenceUuid, (v) => readString(v, 'referenceUuid', 1, 50));
  const transactionToken = optional(body.transactionToken, (v) => readString(v, 'transactionToken', 1, 8192));
  if (referenceUuid === undefined && transactionToken === undefined) {
    throw new ValidationError('referenceUuid/transactionToken', 'missing: send the register uuid or the paymentToken');
  }
  const tokenType = body.tokenType ?? undefined;
  if (tokenType !== undefined && tokenType !== 'ALL' && tokenType !== 'PAN' && tokenType !== 'NT') {
    throw new ValidationError('tokenType', 'must be ALL, PAN or NT');
  }
  return { merchantTransactionId, referenceUuid, transactionToken };
}

/**
 * The transaction's customer updates the profile only with the values it carries: nothing is
 * cleared, extraData keys are merged into the existing ones.
 */
function mergeTransactionCustomer(current: SandboxCustomer, incoming: CustomerPatch): CustomerPatch {
  const patch: CustomerPatch = { ...incoming };
  if (incoming.extraData !== undefined) patch.extraData = { ...current.extraData, ...incoming.extraData };
  return patch;
}

function optional<T>(value: unknown, read: (v: unknown) => T): T | undefined {
  return value === undefined || value === null ? undefined : read(value);
}

function purchaseId(now: Date, uuid: string): string {
  return `${compactDay(now)}-${uuid}`;
}

/** A failed transaction result (HTTP 200, `success:false`, `returnType: ERROR`). */
function transactionError(errorCode: number, errorMessage: string): Reply {
  const error = { errorMessage, errorCode, adapterMessage: null, adapterCode: null };
  return {
    status: 200,
    body: { success: false, errorMessage, errorCode, adapterMessage: null, adapterCode: null, errors: [error], returnType: 'ERROR' },
  };
}

function transactionValidationError(error: unknown): Reply {
  if (error instanceof ValidationError) return transactionError(ErrorCode.INVALID_REQUEST_DATA, error.message);
  throw error;
}
