/**
 * No card numbers through the gateway: a `transactionToken` shaped like a PAN is refused with
 * BAD_USER_INPUT before any upstream call, and the number appears neither in the response nor in
 * any log line (debug logging captured). The recogniser itself is checked on its edge cases.
 */
import { containsCardNumber, passesLuhn } from '../../src/graphql/instrument/pan';
import { startStack, type Stack } from '../support/stack';
import { NOAH } from './support/e2e';
import { REGISTER } from './instruments-operations';

describe('containsCardNumber', () => {
  it.each([
    ['4111111111111111', 'a Visa test number'],
    ['4111 1111 1111 1111', 'grouped with spaces'],
    ['4111-1111-1111-1111', 'grouped with dashes'],
    ['4111 - 1111 - 1111 - 1111', 'with padded dashes'],
    ['  5555555555554444  ', 'surrounded by blanks'],
    ['378282246310005', 'a 15-digit Amex number'],
    ['4000056655665556', 'another Visa number'],
    ['card:4242424242424242', 'behind a prefix'],
    ['tok_4242424242424242', 'after an underscore'],
    ['6011111111111117', 'a Discover number'],
    ['4222222222222', 'a 13-digit number'],
  ])('refuses %j (%s)', (value) => {
    expect(containsCardNumber(value)).toBe(true);
  });

  it.each([
    ['tok_visa', 'a named test token'],
    ['4111111111111112', 'a number failing the Luhn check'],
    ['411111111111', 'twelve digits'],
    ['41111111111111111111', 'twenty digits'],
    ['pt::4111111111111111abcd', 'digits glued to hex characters'],
    ['ix::a4242424242424242', 'digits after a letter'],
    ['', 'nothing'],
  ])('accepts %j (%s)', (value) => {
    expect(containsCardNumber(value)).toBe(false);
  });

  it('implements the Luhn check', () => {
    expect(passesLuhn('79927398713')).toBe(true);
    expect(passesLuhn('79927398710')).toBe(false);
  });
});

describe('registerPaymentInstrument with a card number', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ captureLogs: true, logLevel: 'trace' });
  });
  afterAll(() => stack?.close());

  const PANS = ['4111111111111111', '4111 1111 1111 1111', '5555-5555-5555-4444', 'card:378282246310005'];

  it.each(PANS)('refuses %j with BAD_USER_INPUT, echoing it nowhere', async (pan) => {
    stack.sandbox.resetStats();
    const before = stack.logs.length;
    const { status, body } = await stack.graphql(REGISTER, { input: { profileGuid: NOAH.profileGuid, transactionToken: pan } });
    expect(status).toBe(200);
    expect(body.data).toBeNull();
    expect(body.errors).toEqual([
      expect.objectContaining({ path: ['registerPaymentInstrument'], extensions: { code: 'BAD_USER_INPUT', field: 'input.transactionToken' } }),
    ]);
    expect(body.errors![0].message).toMatch(/^input\.transactionToken: looks like a card number/);
    expect(stack.upstreamCalls()).toBe(0);

    const digits = pan.replace(/\D/g, '');
    const response = JSON.stringify(body);
    // The request was logged (so the check below is not vacuous) ...
    expect(stack.logs.length).toBeGreaterThan(before);
    // ... and no line, nor the response, holds the number in any form, nor a long part of it.
    for (const text of [response, ...stack.logs]) {
      expect(text.includes(pan)).toBe(false);
      expect(text.replace(/[\s-]/g, '').includes(digits)).toBe(false);
      expect(text).not.toMatch(new RegExp(digits.slice(0, 10)));
    }
  });

  it('refuses it on the literal path too (no variables)', async () => {
    stack.sandbox.resetStats();
    const { body } = await stack.graphql(
      `mutation { registerPaymentInstrument(input: { customerIdentification: "cust-0005", transactionToken: "4000 0566 5566 5556" }) { status } }`,
    );
    expect(body.errors?.map((e) => e.extensions)).toEqual([{ code: 'BAD_USER_INPUT', field: 'input.transactionToken' }]);
    expect(JSON.stringify(body)).not.toContain('5566');
    expect(stack.upstreamCalls()).toBe(0);
    for (const line of stack.logs) expect(line.replace(/[\s-]/g, '')).not.toContain('4000056655665556');
  });
});
