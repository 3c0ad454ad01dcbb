/**
 * The plain identifier check (reads) and the class-validator rules (mutation inputs) are two
 * implementations of one rule: they must agree on every value, message included.
 */
import 'reflect-metadata';
import { validateSync } from 'class-validator';
import { CustomerProfileRef, DeleteCustomerProfileInput, ProfileRefArgs } from '../../../src/graphql/profile/profile.input';
import { identifierProblems } from '../../../src/graphql/validation/identifiers';
import { problemsOf } from '../../../src/graphql/validation/validate-args';

const GUID = 'a'.repeat(32);

const CASES: Array<[string, { profileGuid?: unknown; customerIdentification?: unknown }]> = [
  ['a valid guid', { profileGuid: GUID }],
  ['a valid customer id', { customerIdentification: 'cust-0001' }],
  ['both valid', { profileGuid: GUID, customerIdentification: 'x' }],
  ['neither', {}],
  ['nulls', { profileGuid: null, customerIdentification: null }],
  ['a short guid', { profileGuid: 'abc' }],
  ['a long guid', { profileGuid: `${GUID}b` }],
  ['an empty customer id', { customerIdentification: '' }],
  ['a 37-character customer id', { customerIdentification: 'c'.repeat(37) }],
  ['a 36-character customer id', { customerIdentification: 'c'.repeat(36) }],
  // validator.js counts a surrogate pair as one character: 36 emoji are 72 UTF-16 units.
  ['36 astral characters', { customerIdentification: '😀'.repeat(36) }],
  ['a number for the guid', { profileGuid: 12345 }],
  ['an object for the customer id', { customerIdentification: { id: 'x' } }],
  ['both invalid', { profileGuid: 'short', customerIdentification: '' }],
];

describe('identifierProblems', () => {
  it.each(CASES)('agrees with the class-validator rules on %s', (_, ids) => {
    const viaClassValidator = problemsOf(Object.assign(new DeleteCustomerProfileInput(), ids), 'input');
    expect(identifierProblems(ids, 'input')).toEqual(viaClassValidator);
  });

  it('names fields under the path, or bare at the top level', () => {
    expect(identifierProblems({ profileGuid: 'x' }, 'refs[3]')).toEqual([{ field: 'refs[3].profileGuid', problem: 'must be exactly 32 characters' }]);
    expect(identifierProblems({ customerIdentification: '' }, '')).toEqual([
      { field: 'customerIdentification', problem: 'must be 1 to 36 characters long' },
    ]);
  });

  it('leaves the read inputs without class-validator rules of their own (the plain check is the only one)', () => {
    for (const type of [ProfileRefArgs, CustomerProfileRef]) {
      expect(validateSync(Object.assign(new type(), { profileGuid: 'short' }), { forbidUnknownValues: false })).toEqual([]);
    }
  });
});
