/**
 * The instrument inputs: each GraphQL input and its zod schema list the same fields in the same
 * order (problems are reported in that order), and what the schemas hand the resolvers.
 */
import {
  attachPaymentInstrumentInputSchema,
  detachPaymentInstrumentInputSchema,
  registerPaymentInstrumentInputSchema,
  removePaymentInstrumentInputSchema,
} from '../../src/graphql/instrument/instrument.input';
import { validate } from '../../src/graphql/validation/validate';
import { refusal, useClientSchema } from './validation/input-harness';

const GUID = 'CP-3f9a-1c7e-0b52-4d86-a9e1-7c20';
const { inputFields } = useClientSchema();

it('inputs and their schemas cover the same fields in the same order, as the contract lists them', () => {
  expect(inputFields('RegisterPaymentInstrumentInput')).toEqual([
    'profileGuid',
    'customerIdentification',
    'transactionToken',
    'markAsPreferred',
    'customerData',
    'merchantTransactionId',
    'successUrl',
    'cancelUrl',
    'errorUrl',
    'callbackUrl',
  ]);
  expect(Object.keys(registerPaymentInstrumentInputSchema.in.shape)).toEqual(inputFields('RegisterPaymentInstrumentInput'));
  expect(inputFields('RemovePaymentInstrumentInput')).toEqual(['profileGuid', 'customerIdentification', 'paymentToken']);
  expect(Object.keys(removePaymentInstrumentInputSchema.in.shape)).toEqual(inputFields('RemovePaymentInstrumentInput'));
  expect(inputFields('AttachPaymentInstrumentInput')).toEqual([
    'profileGuid',
    'customerIdentification',
    'transactionUuid',
    'createProfileIfNotExists',
  ]);
  expect(Object.keys(attachPaymentInstrumentInputSchema.in.shape)).toEqual(inputFields('AttachPaymentInstrumentInput'));
  expect(inputFields('DetachPaymentInstrumentInput')).toEqual(['profileGuid', 'customerIdentification', 'transactionUuid']);
  expect(Object.keys(detachPaymentInstrumentInputSchema.in.shape)).toEqual(inputFields('DetachPaymentInstrumentInput'));
});

describe('register input', () => {
  it('hands the resolver a ref, only the customer values given, and only the URLs given', () => {
    const parsed = validate(
      registerPaymentInstrumentInputSchema,
      {
        customerIdentification: 'cust-0001',
        profileGuid: null,
        transactionToken: 'tok_visa',
        markAsPreferred: null,
        customerData: { firstName: 'Zoë', lastName: null, extraData: { tier: 'gold' } },
        successUrl: 'https://shop.example.net/ok',
        cancelUrl: null,
      },
      'input',
    );
    expect(parsed).toEqual({
      ref: { customerIdentification: 'cust-0001' },
      transactionToken: 'tok_visa',
      markAsPreferred: false,
      customer: { firstName: 'Zoë', extraData: { tier: 'gold' } },
      merchantTransactionId: undefined,
      urls: { successUrl: 'https://shop.example.net/ok' },
    });
  });

  it('sends no customer for customer data without values', () => {
    const parsed = validate(
      registerPaymentInstrumentInputSchema,
      { profileGuid: GUID, transactionToken: 'tok_visa', customerData: { email: null } },
      'input',
    );
    expect(parsed.customer).toBeUndefined();
  });

  it('refuses a card number without repeating it', () => {
    const problem = refusal(() =>
      validate(registerPaymentInstrumentInputSchema, { profileGuid: GUID, transactionToken: '4111 1111 1111 1111' }, 'input'),
    );
    expect(problem.field).toBe('input.transactionToken');
    expect(problem.message).not.toMatch(/4111|1111/);
  });

  it('lists every problem, in field order', () => {
    const problem = refusal(() =>
      validate(
        registerPaymentInstrumentInputSchema,
        { profileGuid: GUID, transactionToken: 'x'.repeat(8193), merchantTransactionId: ' id', errorUrl: 'ftp://x' },
        'input',
      ),
    );
    expect(problem.field).toBe('input.transactionToken');
    expect(problem.message).toBe(
      'input.transactionToken: must be at most 8192 characters long; input.merchantTransactionId: must not start or end with whitespace; input.errorUrl: must be an absolute http or https URL',
    );
  });
});

describe('attach input', () => {
  it('creates a profile only for a customerIdentification', () => {
    expect(
      validate(
        attachPaymentInstrumentInputSchema,
        { customerIdentification: 'new-1', transactionUuid: 'abc', createProfileIfNotExists: true },
        'input',
      ),
    ).toEqual({
      ref: { customerIdentification: 'new-1' },
      transactionUuid: 'abc',
      createProfileIfNotExists: true,
    });
    expect(
      refusal(() =>
        validate(attachPaymentInstrumentInputSchema, { profileGuid: GUID, transactionUuid: 'abc', createProfileIfNotExists: true }, 'input'),
      ),
    ).toEqual({
      field: 'input.createProfileIfNotExists',
      message: 'input.createProfileIfNotExists: needs customerIdentification: IXOPAY creates a profile only for a merchant id',
    });
  });
});
