/**
 * The two profile identifiers' rules as plain checks. Every read validates its identifiers, and
 * for two short strings class-validator's per-call work (metadata lookup, executor, error
 * objects) is nearly all of the cost; these run its same `length` test with the same messages.
 * The class-validator decorators for the identifiers inside mutation inputs (rules.ts) are built
 * from the same constants, so there is one definition of each limit.
 */
import { length } from 'class-validator';
import type { InputProblem } from './validate-args';

/** A length rule and the message shown when it fails. */
export interface LengthRule {
  min: number;
  max: number;
  message: string;
}

/** `profileGuid`: exactly 32 characters (API.md §3.1). */
export const PROFILE_GUID_RULE: LengthRule = { min: 32, max: 32, message: 'must be exactly 32 characters' };
/** `customerIdentification`: 1–36 characters (API.md §3.1). */
export const CUSTOMER_ID_RULE: LengthRule = { min: 1, max: 36, message: 'must be 1 to 36 characters long' };

/** Identifiers as they arrive: typed by GraphQL in arguments, anything in a representation. */
export interface UncheckedIdentifiers {
  profileGuid?: unknown;
  customerIdentification?: unknown;
}

/** Problems of the identifiers in `ids` (absent ones are fine here; requireProfileRef wants exactly one). */
export function identifierProblems(ids: UncheckedIdentifiers, path: string): InputProblem[] {
  const problems: InputProblem[] = [];
  check(ids.profileGuid, PROFILE_GUID_RULE, path, 'profileGuid', problems);
  check(ids.customerIdentification, CUSTOMER_ID_RULE, path, 'customerIdentification', problems);
  return problems;
}

function check(value: unknown, rule: LengthRule, path: string, name: string, problems: InputProblem[]): void {
  // skipMissingProperties, as for class-validator: null clears, undefined is absent.
  if (value === null || value === undefined) return;
  // The field path is built only for a problem: valid identifiers are the hot path.
  if (!length(value, rule.min, rule.max)) problems.push({ field: path ? `${path}.${name}` : name, problem: rule.message });
}
