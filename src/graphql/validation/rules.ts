/**
 * class-validator rules shared by the inputs, with messages written for API users. The message
 * is prefixed with the field path when reported (`input.customerData.email: must be ...`).
 */
import { IsEmail, IsIP, IsISO31661Alpha2, Length, MaxLength } from 'class-validator';
import { CUSTOMER_ID_RULE, PROFILE_GUID_RULE, type LengthRule } from './identifiers';

/** `profileGuid`: exactly 32 characters (API.md §3.1). */
export const IsProfileGuid = (): PropertyDecorator => lengthRule(PROFILE_GUID_RULE);

/** `customerIdentification`: 1–36 characters (API.md §3.1). */
export const IsCustomerIdentification = (): PropertyDecorator => lengthRule(CUSTOMER_ID_RULE);

/** A `paymentToken`: exactly 24 characters (API.md §4.1). */
export const IsPaymentToken = (): PropertyDecorator =>
  Length(24, 24, { message: 'must be exactly 24 characters (a paymentToken)' });

/** Upper length bound of a customer field (API.md §3.3). */
export const AtMost = (max: number): PropertyDecorator => MaxLength(max, { message: `must be at most ${max} characters long` });

export const IsEmailAddress = (): PropertyDecorator => IsEmail({}, { message: 'must be a valid e-mail address' });

export const IsCountryCode = (): PropertyDecorator =>
  IsISO31661Alpha2({ message: 'must be an ISO 3166-1 alpha-2 country code, e.g. AT' });

export const IsIpAddress = (): PropertyDecorator => IsIP(undefined, { message: 'must be an IPv4 or IPv6 address' });

function lengthRule(rule: LengthRule): PropertyDecorator {
  return Length(rule.min, rule.max, { message: rule.message });
}
