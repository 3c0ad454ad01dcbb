/**
 * Parsing of the success bodies of updateProfile (API.md §4.3), of the Transaction API's
 * register/deregister results (§7.3–7.4) and of attach/detach (§7.5). getProfile lives in ./profile.ts.
 */
import {
  TRANSACTION_RETURN_TYPES,
  type AttachPaymentInstrumentResult,
  type DeregisterResult,
  type DetachPaymentInstrumentResult,
  type RegisterResult,
  type TransactionReturnType,
  type UpdateProfileResult,
} from '../types';
import { isObject, looseBoolean, optionalString, requiredString, WireShapeError, type JsonObject } from './fields';
import { parseCustomer } from './profile';

/** updateProfile success body → UpdateProfileResult. */
export function parseUpdateResult(body: JsonObject): UpdateProfileResult {
  return {
    profileGuid: requiredString(body, 'profileGuid', ''),
    customerIdentification: optionalString(body, 'customerIdentification', ''),
    customer: parseCustomer(body.customer, 'customer'),
    changedFields: stringList(body.changedFields, 'changedFields'),
  };
}

function stringList(value: unknown, path: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new WireShapeError(path, 'an array');
  for (let i = 0; i < value.length; i++) {
    if (typeof value[i] !== 'string') throw new WireShapeError(`${path}[${i}]`, 'a string');
  }
  return value as string[];
}

/** deleteProfile success body: nothing but `success: true`, already checked. */
export function parseDeleteResult(_body: JsonObject): void {
  return undefined;
}

/**
 * register success body → RegisterResult. A REDIRECT without redirectUrl or an HTML without
 * htmlContent is a shape error: the caller could not continue the flow.
 */
export function parseRegisterResult(body: JsonObject): RegisterResult {
  const returnType = returnTypeOf(body);
  const redirectUrl = optionalString(body, 'redirectUrl', '');
  const htmlContent = optionalString(body, 'htmlContent', '');
  if (returnType === 'REDIRECT' && !redirectUrl) throw new WireShapeError('redirectUrl', 'a URL with returnType REDIRECT');
  if (returnType === 'HTML' && !htmlContent) throw new WireShapeError('htmlContent', 'content with returnType HTML');
  return {
    uuid: requiredString(body, 'uuid', ''),
    purchaseId: optionalString(body, 'purchaseId', ''),
    returnType,
    redirectUrl,
    redirectType: optionalString(body, 'redirectType', ''),
    htmlContent,
    paymentMethod: optionalString(body, 'paymentMethod', ''),
    customerProfileData: parseCustomerProfileData(body.customerProfileData),
  };
}

/**
 * The known returnType of a success body. An unknown one is a shape error rather than a guess:
 * the caller could not tell whether to redirect, wait or stop. (ERROR never gets here; the response
 * interpreter turns it into UpstreamRejectedError.)
 */
function returnTypeOf(body: JsonObject): Exclude<TransactionReturnType, 'ERROR'> {
  const value = requiredString(body, 'returnType', '');
  if (value === 'ERROR' || !(TRANSACTION_RETURN_TYPES as readonly string[]).includes(value)) {
    throw new WireShapeError('returnType', `one of ${TRANSACTION_RETURN_TYPES.filter((t) => t !== 'ERROR').join(', ')}`);
  }
  return value as Exclude<TransactionReturnType, 'ERROR'>;
}

/**
 * The profile part of a register result. For REDIRECT/PENDING flows the profile is only written
 * once the transaction succeeds, so a block without profileGuid or paymentToken means "not yet"
 * and maps to null rather than to a shape error.
 */
function parseCustomerProfileData(value: unknown): RegisterResult['customerProfileData'] {
  if (value === undefined || value === null) return null;
  if (!isObject(value)) throw new WireShapeError('customerProfileData', 'an object');
  const p = 'customerProfileData.';
  const profileGuid = optionalString(value, 'profileGuid', p);
  const paymentToken = optionalString(value, 'paymentToken', p);
  if (!profileGuid || !paymentToken) return null;
  return {
    profileGuid,
    customerIdentification: optionalString(value, 'customerIdentification', p),
    paymentToken,
    markAsPreferred: looseBoolean(value, 'markAsPreferred', p, false),
  };
}

/** deregister success body → DeregisterResult. */
export function parseDeregisterResult(body: JsonObject): DeregisterResult {
  return {
    uuid: requiredString(body, 'uuid', ''),
    purchaseId: optionalString(body, 'purchaseId', ''),
    returnType: returnTypeOf(body),
  };
}

/** attachPaymentInstrument success body → the profile and the attached instrument's token. */
export function parseAttachResult(body: JsonObject): AttachPaymentInstrumentResult {
  return { profileGuid: requiredString(body, 'profileGuid', ''), paymentToken: requiredString(body, 'paymentToken', '') };
}

/** detachPaymentInstrument success body → the profile. */
export function parseDetachResult(body: JsonObject): DetachPaymentInstrumentResult {
  return { profileGuid: requiredString(body, 'profileGuid', '') };
}
