/**
 * Parsing of the success bodies of updateProfile (API.md §4.3) and of the Transaction API's
 * register/deregister results (§7.3–7.4). getProfile lives in ./profile.ts.
 */
import type { DeregisterResult, RegisterResult, UpdateProfileResult } from '../types';
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

/** register success body → RegisterResult. */
export function parseRegisterResult(body: JsonObject): RegisterResult {
  return {
    uuid: requiredString(body, 'uuid', ''),
    purchaseId: optionalString(body, 'purchaseId', ''),
    returnType: requiredString(body, 'returnType', ''),
    paymentMethod: optionalString(body, 'paymentMethod', ''),
    customerProfileData: parseCustomerProfileData(body.customerProfileData),
  };
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
    returnType: requiredString(body, 'returnType', ''),
  };
}
