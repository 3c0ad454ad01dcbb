/**
 * Each input class and its zod schema describe the same fields, in the same order (problems are
 * listed in that order), and the identifier pair is written once yet appears in every input that
 * addresses a profile. The pair rule reports where the tests of validation.test.ts expect it.
 */
import {
  customerInputSchema,
  customerProfileRefsSchema,
  deleteCustomerProfileInputSchema,
  profileRefArgsSchema,
  updateCustomerProfileInputSchema,
} from '../../../src/graphql/profile/profile.input';
import { validate } from '../../../src/graphql/validation/validate';
import { refusal, useClientSchema } from './input-harness';

const GUID = 'CP-3f9a-1c7e-0b52-4d86-a9e1-7c20';
const { inputFields, schema } = useClientSchema();

describe('input classes and their schemas', () => {
  it('cover the same fields in the same order', () => {
    expect(Object.keys(customerInputSchema.shape)).toEqual(inputFields('CustomerInput'));
    expect(Object.keys(updateCustomerProfileInputSchema.in.shape)).toEqual(inputFields('UpdateCustomerProfileInput'));
    for (const name of ['CustomerProfileRef', 'DeleteCustomerProfileInput'])
      expect(inputFields(name)).toEqual(['profileGuid', 'customerIdentification']);
    const args = schema()
      .getQueryType()!
      .getFields()
      .customerProfile.args.map((arg) => arg.name);
    expect(args).toEqual(['profileGuid', 'customerIdentification']);
  });

  it('keep the shared identifier base type out of the schema', () => {
    expect(schema().getType('ProfileIdentifiers')).toBeUndefined();
  });
});

describe('the exactly-one rule', () => {
  it('resolves the one identifier given to a ProfileRef', () => {
    expect(validate(profileRefArgsSchema, { profileGuid: GUID, customerIdentification: null }, '')).toEqual({ profileGuid: GUID });
    expect(validate(deleteCustomerProfileInputSchema, { customerIdentification: 'cust-0001' }, 'input')).toEqual({
      customerIdentification: 'cust-0001',
    });
    expect(validate(updateCustomerProfileInputSchema, { customerIdentification: 'cust-0001', customerData: { firstName: null } }, 'input')).toEqual({
      ref: { customerIdentification: 'cust-0001' },
      customerData: { firstName: null },
    });
  });

  it('names the argument for top-level arguments, the input or the ref otherwise', () => {
    expect(refusal(() => validate(profileRefArgsSchema, {}, ''))).toEqual({
      field: 'profileGuid',
      message: 'profileGuid: give exactly one of profileGuid and customerIdentification',
    });
    expect(refusal(() => validate(deleteCustomerProfileInputSchema, { profileGuid: GUID, customerIdentification: 'c' }, 'input'))).toEqual({
      field: 'input',
      message: 'input: give either profileGuid or customerIdentification, not both',
    });
    expect(refusal(() => validate(customerProfileRefsSchema, [{ customerIdentification: 'c' }, {}], 'refs')).field).toBe('refs[1]');
  });

  it('is checked only once both identifiers are valid (one problem per cause)', () => {
    expect(refusal(() => validate(profileRefArgsSchema, { profileGuid: 'short', customerIdentification: 'c' }, ''))).toEqual({
      field: 'profileGuid',
      message: 'profileGuid: must be exactly 32 characters',
    });
  });
});
