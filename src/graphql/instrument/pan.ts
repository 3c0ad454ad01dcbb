/**
 * Recognising card numbers (PANs) in a `transactionToken`. The Transaction API is a PCI surface:
 * the gateway forwards tokens only, so a value that looks like a card number is refused before
 * anything else happens, and it is never echoed or logged (the refusal names the field, not the
 * value).
 *
 * What counts: a run of 13–19 digits, single or repeated spaces/dashes allowed between them
 * ("4111 1111-1111 1111"), passing the Luhn check, that stands on its own — not glued to a letter
 * or another digit. So `4111111111111111` and `card:4111 1111 1111 1111` are refused, while a
 * token with digits inside a longer alphanumeric string (`pt::` + 20 hex characters, a payment.js
 * token) is not: by chance alone one hex token in a few hundred holds a Luhn-valid run of 13+
 * digits, and refusing those would break real tokens.
 */

/** Maximal runs of digits, spaces and dashes between them allowed. */
const DIGIT_RUNS = /[0-9](?:[\s-]*[0-9])*/g;

/** Characters that make a digit run part of a longer token instead of a number of its own. */
const TOKEN_CHARACTER = /[A-Za-z0-9]/;

/** True when `value` contains a stand-alone run of 13–19 digits that passes the Luhn check. */
export function containsCardNumber(value: string): boolean {
  for (const match of value.matchAll(DIGIT_RUNS)) {
    const start = match.index;
    const end = start + match[0].length;
    if (start > 0 && TOKEN_CHARACTER.test(value[start - 1])) continue;
    if (end < value.length && TOKEN_CHARACTER.test(value[end])) continue;
    const digits = match[0].replace(/[\s-]/g, '');
    if (digits.length >= 13 && digits.length <= 19 && passesLuhn(digits)) return true;
  }
  return false;
}

/** The Luhn (mod 10) check every payment card number satisfies. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}
