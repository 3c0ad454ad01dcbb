/**
 * `extraData` rule: a flat object of string values with bounded size. Every problem is reported at
 * the map itself (`input.customerData.extraData`), naming the key in the message, so the field
 * path stays one a client can find in its own input. The caps follow the Transaction API's
 * documented `extraData` limits (API.md §7.3), the only ones IXOPAY states.
 */
import { z } from 'zod';
import { characterCount } from '../../ixopay/characters';

export interface StringMapLimits {
  maxKeys: number;
  maxKeyLength: number;
  maxValueLength: number;
}

/** What is wrong with `value` as a string map, or undefined when it is fine. */
export function stringMapProblem(value: unknown, limits: StringMapLimits): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'must be an object of string values';
  const entries = Object.entries(value);
  if (entries.length > limits.maxKeys) return `must have at most ${limits.maxKeys} keys`;
  for (const [key, item] of entries) {
    const keyLength = characterCount(key);
    if (keyLength === 0 || keyLength > limits.maxKeyLength) {
      return `keys must be 1 to ${limits.maxKeyLength} characters long ("${[...key].slice(0, limits.maxKeyLength).join('')}")`;
    }
    if (typeof item !== 'string') return `value of "${key}" must be a string`;
    if (characterCount(item) > limits.maxValueLength) return `value of "${key}" must be at most ${limits.maxValueLength} characters long`;
  }
  return undefined;
}

/** An object of string values within `limits`; the first problem found is reported. */
export function stringMap(limits: StringMapLimits) {
  return z.custom<Record<string, string>>().superRefine((value, ctx) => {
    const problem = stringMapProblem(value, limits);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
  });
}
