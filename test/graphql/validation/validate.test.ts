/** The one validation helper: parsed value on success, else one BadUserInputError naming paths. */
import { z } from 'zod';
import { BadUserInputError } from '../../../src/graphql/errors';
import { validate } from '../../../src/graphql/validation/validate';

const item = z.object({ name: z.string().max(3, { error: 'too long' }), tags: z.array(z.string({ error: 'not text' })).optional() });

function failure(run: () => unknown): BadUserInputError {
  try {
    run();
  } catch (error) {
    if (error instanceof BadUserInputError) return error;
    throw error;
  }
  throw new Error('expected a BadUserInputError');
}

describe('validate', () => {
  it("returns the schema's output", () => {
    const schema = z.object({ n: z.string() }).transform(({ n }) => n.length);
    expect(validate(schema, { n: 'abc', extra: true }, 'input')).toBe(3);
  });

  it('names the full input path of each problem, indexes included, and lists them all', () => {
    const error = failure(() => validate(z.array(item), [{ name: 'ok' }, { name: 'long', tags: ['a', 5] }], 'refs'));
    expect(error.field).toBe('refs[1].name');
    expect(error.message).toBe('refs[1].name: too long; refs[1].tags[1]: not text');
  });

  it('names top-level arguments bare', () => {
    expect(failure(() => validate(item, { name: 'long' }, '')).field).toBe('name');
  });

  it('names the value itself for a whole-value problem', () => {
    const schema = z.object({ a: z.string().optional() }).refine((value) => value.a !== undefined, { error: 'needs a' });
    expect(failure(() => validate(schema, {}, 'representation')).message).toBe('representation: needs a');
  });
});
