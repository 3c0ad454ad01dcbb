/**
 * `extraData` rule: a flat object of string values with bounded size. class-validator has no
 * built-in for "record of strings", hence this one custom decorator. The caps follow the
 * Transaction API's documented `extraData` limits (API.md §7.3), the only ones IXOPAY states.
 */
import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';

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
    if (key.length === 0 || key.length > limits.maxKeyLength) return `keys must be 1 to ${limits.maxKeyLength} characters long ("${key.slice(0, limits.maxKeyLength)}")`;
    if (typeof item !== 'string') return `value of "${key}" must be a string`;
    if (item.length > limits.maxValueLength) return `value of "${key}" must be at most ${limits.maxValueLength} characters long`;
  }
  return undefined;
}

/** Validates an object of string values within `limits`. */
export function IsStringMap(limits: StringMapLimits, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isStringMap',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => stringMapProblem(value, limits) === undefined,
        defaultMessage: (args?: ValidationArguments) => stringMapProblem(args?.value, limits) ?? 'must be an object of string values',
      },
    });
  };
}
