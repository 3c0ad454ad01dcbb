/**
 * type-graphql's `validateFn`: runs class-validator on every object argument before the resolver
 * and reports failures as one BadUserInputError whose `field` is the full input path
 * (`input.customerData.email`, `refs[2].profileGuid`). Doing it here rather than letting
 * type-graphql throw its ArgumentValidationError gives us the argument name and list index.
 */
import { validate, type ValidationError, type ValidatorOptions } from 'class-validator';
import { getNamedType, type GraphQLResolveInfo } from 'graphql';
import type { ResolverData, ValidatorFn } from 'type-graphql';
import { BadUserInputError } from '../errors';

/** One failed rule: the input path and what is wrong. */
export interface InputProblem {
  field: string;
  problem: string;
}

const VALIDATOR_OPTIONS: ValidatorOptions = {
  // null/omitted optional fields are valid (null clears a value); GraphQL enforces non-null.
  skipMissingProperties: true,
  forbidUnknownValues: false,
  validationError: { target: false, value: false },
};

/** Validates one argument value; throws BadUserInputError listing every problem. */
export const validateArgs: ValidatorFn = async (argValue: unknown, argType: unknown, resolverData: ResolverData) => {
  if (argValue === null || typeof argValue !== 'object') return;
  const path = argumentPath(argType, resolverData.info);
  const problems: InputProblem[] = [];
  if (Array.isArray(argValue)) {
    for (const [index, item] of argValue.entries()) {
      if (item !== null && typeof item === 'object') problems.push(...(await problemsOf(item, `${path}[${index}]`)));
    }
  } else {
    problems.push(...(await problemsOf(argValue, path)));
  }
  if (problems.length > 0) throw toBadUserInput(problems);
};

/** The class-validator problems of `value`, with paths under `path`. */
export async function problemsOf(value: object, path: string): Promise<InputProblem[]> {
  return flatten(await validate(value, VALIDATOR_OPTIONS), path);
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
