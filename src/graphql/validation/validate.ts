/**
 * The one way inputs are checked: each resolver passes its arguments through the input's zod
 * schema at its start, before any upstream call. Failures become one BadUserInputError whose
 * `field` is the full input path of the first problem (`input.customerData.email`,
 * `refs[3].profileGuid`, `representation.profileGuid`) and whose message lists every problem.
 */
import type { z } from 'zod';
import { BadUserInputError } from '../errors';

/** One failed rule: the input path and what is wrong. */
export interface InputProblem {
  field: string;
  problem: string;
}

/**
 * `value` as `schema` parses it, or BadUserInputError. `path` is where the value sits in the
 * operation: an argument name (`input`, `refs`), `representation`, or '' for a resolver's
 * top-level arguments (the schema then names the argument a whole-value problem belongs to).
 */
export function validate<S extends z.ZodType>(schema: S, value: unknown, path: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw toBadUserInput(result.error.issues.map((issue) => ({ field: joinPath(path, issue.path), problem: issue.message })));
}

/** One error for all problems: `field` is the first one's path; the message lists them all. */
function toBadUserInput(problems: readonly InputProblem[]): BadUserInputError {
  const message = problems.map((p) => `${p.field}: ${p.problem}`).join('; ');
  return new BadUserInputError(problems[0].field, problems[0].problem, message);
}

/** `input` + ['customerData', 'email'] -> `input.customerData.email`; indexes as `[3]`. */
function joinPath(path: string, keys: readonly PropertyKey[]): string {
  let field = path;
  for (const key of keys) {
    if (typeof key === 'number') field = `${field}[${key}]`;
    else field = field ? `${field}.${String(key)}` : String(key);
  }
  return field;
}
