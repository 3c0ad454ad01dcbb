/**
 * type-graphql's `validateFn`: runs class-validator on every object argument before the resolver
 * and reports failures as one BadUserInputError whose `field` is the full input path
 * (`input.customerData.email`, `refs[2].profileGuid`). Doing it here rather than letting
 * type-graphql throw its ArgumentValidationError gives us the argument name and list index.
 */
import { validateSync, type ValidationError, type ValidatorOptions } from 'class-validator';
import { getNamedType, type GraphQLResolveInfo } from 'graphql';
import type { ResolverData, ValidatorFn } from 'type-graphql';
import { BadUserInputError } from '../errors';

/** One failed rule: the input path and what is wrong. */
export interface InputProblem {
  field: string;
  problem: string;
}

/** A plain check of one input object: its problems, with paths under `path`. */
export type InputCheck = (value: never, path: string) => InputProblem[];

const plainChecks = new WeakMap<object, InputCheck>();

/**
 * Class decorator: validate this input with `check` instead of class-validator. For the small
 * inputs every read carries (the profile identifiers), where class-validator's per-call overhead
 * is most of the cost; the class then carries no class-validator decorators of its own.
 */
export function ValidatedBy(check: InputCheck): ClassDecorator {
  return (target) => {
    plainChecks.set(target, check);
  };
}

const VALIDATOR_OPTIONS: ValidatorOptions = {
  // null/omitted optional fields are valid (null clears a value); GraphQL enforces non-null.
  skipMissingProperties: true,
  forbidUnknownValues: false,
  validationError: { target: false, value: false },
};

/**
 * Validates one argument value; throws BadUserInputError listing every problem. Synchronous on
 * purpose: every rule we register is synchronous, and class-validator's async `validate` would
 * only add promises around them on every request.
 */
export const validateArgs: ValidatorFn = (argValue: unknown, argType: unknown, resolverData: ResolverData): void => {
  if (argValue === null || typeof argValue !== 'object') return;
  const path = argumentPath(argType, resolverData.info);
  const check = (typeof argType === 'function' && plainChecks.get(argType)) || problemsOf;
  const problems: InputProblem[] = [];
  if (Array.isArray(argValue)) {
    for (const [index, item] of argValue.entries()) {
      if (item !== null && typeof item === 'object') problems.push(...check(item as never, `${path}[${index}]`));
    }
  } else {
    problems.push(...check(argValue as never, path));
  }
  if (problems.length > 0) throw toBadUserInput(problems);
};

/** The class-validator problems of `value`, with paths under `path`. */
export function problemsOf(value: object, path: string): InputProblem[] {
  return flatten(validateSync(value, VALIDATOR_OPTIONS), path);
}

/** One error for all problems: `field` is the first one's path; the message lists them all. */
export function toBadUserInput(problems: InputProblem[]): BadUserInputError {
  const message = problems.map((p) => `${p.field}: ${p.problem}`).join('; ');
  return new BadUserInputError(problems[0].field, problems[0].problem, message);
}

function flatten(errors: ValidationError[], path: string): InputProblem[] {
  return errors.flatMap((error) => {
    const field = joinPath(path, error.property);
    const own = Object.values(error.constraints ?? {}).slice(0, 1).map((problem) => ({ field, problem }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

function joinPath(path: string, property: string): string {
  if (/^\d+$/.test(property)) return `${path}[${property}]`;
  return path ? `${path}.${property}` : property;
}

/**
 * The argument name an input class arrived under, found by its GraphQL type name ('' for an
 * @ArgsType class, whose fields are top-level arguments). Input classes carry their GraphQL name.
 */
function argumentPath(argType: unknown, info: GraphQLResolveInfo): string {
  const typeName = typeof argType === 'function' ? argType.name : undefined;
  const field = info.parentType.getFields()[info.fieldName];
  const arg = field?.args.find((candidate) => getNamedType(candidate.type).name === typeName);
  return arg?.name ?? '';
}
