/**
 * Transaction API register/deregister, reduced to their effect on customer profiles (API.md §7).
 * What a register does depends on its test token (instrument-token.ts): finish at once, decline,
 * or wait (REDIRECT / PENDING) until it is completed or failed through the control endpoints.
 * Request problems answer as failed transaction results over HTTP 200 (transaction-results.ts).
 */
import { newTransactionUuid } from '../ids';
import { resolveTransactionToken, type TokenOutcome } from '../instrument-token';
import type { CustomerPatch, ProfileTarget, SandboxTransaction } from '../model';
import { formatTimestamp } from '../timestamps';
import { asyncResult, declinedResult, finishedResult, purchaseId, transactionError } from '../transaction-results';
import { readCustomer, readOptionalBoolean, readOptionalObject, readString, ValidationError } from '../validate';
import { ErrorCode, paymentMethodName } from '../wire';
import type { CallInfo, OperationContext, OperationResult } from './context';
import { customerAfter, resolveTarget, storeRegistration } from './registration';

/**
 * register: stores the instrument its token stands for and, with customerProfileData, attaches
 * it to the addressed profile (creating it for a new customerIdentification) — at once, or on
 * completion for REDIRECT / PENDING tokens, which leave profiles untouched until then.
 */
export async function register(ctx: OperationContext, body: Record<string, unknown>, call: CallInfo): Promise<OperationResult> {
  let request: RegisterRequest;
  try {
    request = readRegister(body);
  } catch (error) {
    return transactionValidationError(error);
  }
  const { store } = ctx;
  const now = ctx.now();
  const uuid = newTransactionUuid();
  const resolved = resolveTarget(store, request.target);
  if (!resolved.ok) return transactionError(ErrorCode.INVALID_REQUEST_DATA, `Invalid request data: ${resolved.message}`);
  let outcome: TokenOutcome;
  try {
    outcome = resolveTransactionToken(request.transactionToken, customerAfter(resolved.profile, request.customer), uuid, now);
  } catch (error) {
    return transactionValidationError(error);
  }

  const createdAt = formatTimestamp(now);
  const { merchantTransactionId } = request;
  if (outcome.flow === 'finished') {
    const registered = storeRegistration(store, {
      uuid,
      merchantTransactionId,
      details: outcome.details,
      customer: request.customer,
      target: request.target,
      profile: resolved.profile,
      createdAt,
    });
    await ctx.persist();
    const { profile } = registered;
    return {
      status: 200,
      body: finishedResult(uuid, createdAt, outcome.details, registered),
      applied: {
        merchantTransactionId,
        transactionUuid: uuid,
        paymentToken: registered.paymentToken,
        profileGuid: profile?.profileGuid ?? null,
        customerIdentification: profile?.customerIdentification ?? null,
      },
    };
  }

  const transaction: SandboxTransaction = {
    uuid,
    merchantTransactionId,
    status: outcome.flow === 'declined' ? 'failed' : 'pending',
    returnType: outcome.flow === 'declined' ? 'ERROR' : outcome.flow === 'redirect' ? 'REDIRECT' : 'PENDING',
    createdAt,
    details: outcome.details,
    customer: request.customer ?? null,
    target: request.target ?? null,
    successUrl: request.successUrl ?? null,
    cancelUrl: request.cancelUrl ?? null,
    errorUrl: request.errorUrl ?? null,
  };
  store.addTransaction(transaction);
  await ctx.persist();
  if (outcome.flow === 'declined') return { status: 200, body: declinedResult(transaction) };
  const redirectUrl = outcome.flow === 'redirect' ? `${call.publicBaseUrl()}/__sandbox/transactions/${uuid}/redirect` : null;
  return {
    status: 200,
    body: asyncResult(transaction, redirectUrl),
    applied: {
      merchantTransactionId,
      transactionUuid: uuid,
      profileGuid: resolved.profile?.profileGuid ?? null,
      customerIdentification: resolved.profile?.customerIdentification ?? request.target?.customerIdentification ?? null,
    },
  };
}

/**
 * deregister: by referenceUuid (the register's uuid) or transactionToken (the paymentToken). The
 * instrument disappears from its profile; when it was the preferred one, none is preferred.
 */
export async function deregister(ctx: OperationContext, body: Record<string, unknown>): Promise<OperationResult> {
  let request: DeregisterRequest;
  try {
    request = readDeregister(body);
  } catch (error) {
    return transactionValidationError(error);
  }
  const { store } = ctx;
  const registration =
    request.referenceUuid !== undefined ? store.registration(request.referenceUuid) : store.registrationByToken(request.transactionToken ?? '');
  if (!registration) {
    const field = request.referenceUuid !== undefined ? 'referenceUuid' : 'transactionToken';
    return transactionError(ErrorCode.INVALID_REQUEST_DATA, `Invalid request data: ${field} does not name a register transaction`);
  }
  if (registration.deregistered) return transactionError(ErrorCode.ALREADY_DEREGISTERED, 'The referenced transaction has already been deregistered');
  const instrument = store.instrument(registration.paymentToken);
  const profile = instrument?.profileGuid ? store.findProfile({ profileGuid: instrument.profileGuid }) : undefined;
  store.deregister(registration);
  await ctx.persist();
  const uuid = newTransactionUuid();
  return {
    status: 200,
    body: {
      success: true,
      uuid,
      purchaseId: purchaseId(formatTimestamp(ctx.now()), uuid),
      returnType: 'FINISHED',
      paymentMethod: instrument ? paymentMethodName(instrument.details) : null,
    },
    applied: {
      merchantTransactionId: request.merchantTransactionId,
      transactionUuid: registration.uuid,
      paymentToken: registration.paymentToken,
      profileGuid: profile?.profileGuid ?? null,
      customerIdentification: profile?.customerIdentification ?? null,
    },
  };
}

interface RegisterRequest {
  merchantTransactionId: string;
  transactionToken?: string;
  customer?: CustomerPatch;
  target?: ProfileTarget;
  successUrl?: string;
  cancelUrl?: string;
  errorUrl?: string;
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
  let target: ProfileTarget | undefined;
  if (profileObject) {
    const profileGuid = optional(profileObject.profileGuid, (v) => readString(v, `${field}.profileGuid`, 1, 36));
    const customerIdentification = optional(profileObject.customerIdentification, (v) => readString(v, `${field}.customerIdentification`, 1, 36));
    if (profileGuid === undefined && customerIdentification === undefined) {
      throw new ValidationError(field, 'needs profileGuid or customerIdentification');
    }
    const markAsPreferred = readOptionalBoolean(profileObject.markAsPreferred, `${field}.markAsPreferred`);
    target = { profileGuid, customerIdentification, markAsPreferred };
  }
  const url = (key: 'successUrl' | 'cancelUrl' | 'errorUrl' | 'callbackUrl'): string | undefined =>
    optional(body[key], (v) => readString(v, key, 1, 4096));
  const [successUrl, cancelUrl, errorUrl] = [url('successUrl'), url('cancelUrl'), url('errorUrl'), url('callbackUrl')];
  return { merchantTransactionId, transactionToken, customer, target, successUrl, cancelUrl, errorUrl };
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

function optional<T>(value: unknown, read: (v: unknown) => T): T | undefined {
  return value === undefined || value === null ? undefined : read(value);
}

function transactionValidationError(error: unknown): OperationResult {
  if (error instanceof ValidationError) return transactionError(ErrorCode.INVALID_REQUEST_DATA, error.message);
  throw error;
}
