/**
 * zod rules for the fields of the profile inputs other than the identifiers, with messages
 * written for API users; the message is prefixed with the field path when reported
 * (`input.customerData.email: must be ...`). Each rule yields at most one problem per value: the
 * length bound first (`abort`), then the format.
 */
import { isIP } from 'node:net';
import { z } from 'zod';
import { characterCount } from '../../ixopay/characters';
import { ISO_3166_1_ALPHA_2 } from './country-codes';
import { NOT_A_STRING_MESSAGE } from '../../ixopay/identifiers';

/** A string of at most `max` characters (API.md §3.3 gives every customer field a bound). */
export const text = (max: number) =>
  z
    .string({ error: NOT_A_STRING_MESSAGE })
    .refine((value) => characterCount(value) <= max, { error: `must be at most ${max} characters long`, abort: true });

/** A `paymentToken`: exactly 24 characters (API.md §4.1). */
export const paymentToken = z
  .string({ error: NOT_A_STRING_MESSAGE })
  .refine((value) => characterCount(value) === 24, { error: 'must be exactly 24 characters (a paymentToken)' });

/**
 * An e-mail address: a dot-atom local part of at most 64 characters (RFC 5322 atext, plus any
 * letter or digit: RFC 6531 allows UTF-8) at a domain of labels that neither start nor end with a
 * hyphen, ending in an alphabetic or punycode (`xn--`) top-level label. This accepts what
 * class-validator's isEmail accepted before except quoted local parts (`"a b"@x.io`), which
 * payment providers do not take either.
 */
const ATEXT = "[\\p{L}\\p{N}!#$%&'*+/=?^_`{|}~-]";
const LABEL = '[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?';
const TOP_LABEL = '(?:\\p{L}{2,63}|xn--[\\p{L}\\p{N}-]{1,59})';
export const EMAIL_PATTERN = new RegExp(`^(?=[^@]{1,64}@)${ATEXT}+(?:\\.${ATEXT}+)*@(?:${LABEL}\\.)+${TOP_LABEL}$`, 'u');

export const emailAddress = text(255).regex(EMAIL_PATTERN, { error: 'must be a valid e-mail address' });

/** An IPv4 or IPv6 address as Node parses them (IPv4-mapped IPv6 and zone ids included). */
export const ipAddress = text(50).refine((value) => isIP(value) !== 0, { error: 'must be an IPv4 or IPv6 address' });

/** An ISO 3166-1 alpha-2 code; lower case is accepted, as it always was. */
export const countryCode = z
  .string({ error: NOT_A_STRING_MESSAGE })
  .refine((value) => ISO_3166_1_ALPHA_2.has(value.toUpperCase()), { error: 'must be an ISO 3166-1 alpha-2 country code, e.g. AT' });
