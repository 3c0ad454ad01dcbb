/**
 * The identifier rules every read, write, representation and shopper token goes through: the
 * documented lengths (API.md §3.1) counted in characters, and no stray whitespace.
 */
import { customerIdentificationProblem, customerIdentificationSchema, profileGuidSchema } from '../../src/ixopay/identifiers';

const problemOf = (schema: typeof profileGuidSchema, value: unknown) => {
  const result = schema.safeParse(value);
  return result.success ? undefined : result.error.issues.map((issue) => issue.message);
};

describe('profileGuid', () => {
  it.each([
    ['a sandbox guid', 'CP-3f9a-1c7e-0b52-4d86-a9e1-7c20'],
    ['any other 32 characters (no pattern is documented)', 'a'.repeat(32)],
  ])('accepts %s', (_label, value) => {
    expect(problemOf(profileGuidSchema, value)).toBeUndefined();
  });

  it.each([
    ['31 characters', 'a'.repeat(31), 'must be exactly 32 characters'],
    ['33 characters', 'a'.repeat(33), 'must be exactly 32 characters'],
    ['the empty string', '', 'must be exactly 32 characters'],
    ['32 spaces', ' '.repeat(32), 'must not contain whitespace'],
    ['a leading space', ` ${'a'.repeat(31)}`, 'must not contain whitespace'],
    ['a trailing newline', `${'a'.repeat(31)}\n`, 'must not contain whitespace'],
    ['an inner tab', `${'a'.repeat(16)}\t${'a'.repeat(15)}`, 'must not contain whitespace'],
    ['a number', 12345, 'must be a string'],
  ])('refuses %s with one problem', (_label, value, problem) => {
    expect(problemOf(profileGuidSchema, value)).toEqual([problem]);
  });
});

describe('customerIdentification', () => {
  it.each([
    ['1 character', 'c'],
    ['36 characters', 'c'.repeat(36)],
    // Characters, not UTF-16 units: 36 emoji are 72 units.
    ['36 astral characters', '😀'.repeat(36)],
    ['inner spaces', 'shop user 417'],
  ])('accepts %s', (_label, value) => {
    expect(problemOf(customerIdentificationSchema, value)).toBeUndefined();
  });

  it.each([
    ['the empty string', '', 'must be 1 to 36 characters long'],
    ['37 characters', 'c'.repeat(37), 'must be 1 to 36 characters long'],
    ['37 astral characters', '😀'.repeat(37), 'must be 1 to 36 characters long'],
    ['a blank value', '   ', 'must not start or end with whitespace'],
    ['a leading space', ' cust-0001', 'must not start or end with whitespace'],
    ['a trailing tab', 'cust-0001\t', 'must not start or end with whitespace'],
    ['a non-breaking space at the end', 'cust-0001\u00a0', 'must not start or end with whitespace'],
    ['40 spaces (length first)', ' '.repeat(40), 'must be 1 to 36 characters long'],
    ['an object', { id: 'x' }, 'must be a string'],
  ])('refuses %s with one problem', (_label, value, problem) => {
    expect(problemOf(customerIdentificationSchema, value)).toEqual([problem]);
  });
});

describe('customerIdentificationProblem (for token claims)', () => {
  it.each([
    ['cust-0001', undefined],
    ['a b', undefined],
    ['😀'.repeat(36), undefined],
    ['', 'must be 1 to 36 characters long'],
    ['😀'.repeat(37), 'must be 1 to 36 characters long'],
    [' ', 'must not start or end with whitespace'],
    ['\u2003cust', 'must not start or end with whitespace'],
    ['cust\t', 'must not start or end with whitespace'],
    [42, 'must be a string'],
    [null, 'must be a string'],
    [undefined, 'must be a string'],
  ])('%j -> %s', (value, problem) => {
    expect(customerIdentificationProblem(value)).toBe(problem);
  });
});
