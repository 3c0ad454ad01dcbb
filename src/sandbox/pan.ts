/**
 * Recognises card numbers (PANs) so the sandbox can refuse them: it is a test double that must
 * never receive, store or echo card data, even by accident.
 */

// Runs of digits in which single spaces or dashes may separate digits ("4111 1111-1111 1111").
const DIGIT_RUNS = /\d(?:[ -]?\d)*/g;

/** True when `text` contains a run of 13–19 digits (spaces/dashes allowed) passing the Luhn check. */
export function containsPan(text: string): boolean {
  for (const run of text.match(DIGIT_RUNS) ?? []) {
    const digits = run.replace(/[ -]/g, '');
    if (digits.length >= 13 && digits.length <= 19 && passesLuhn(digits)) return true;
  }
  return false;
}

/** The Luhn (mod 10) check every payment card number satisfies. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}
