/**
 * The customer-data rules. The e-mail, IP and country verdicts below are the ones class-validator
 * (validator.js) gave before these rules replaced it; the one deliberate difference is noted.
 */
import { z } from 'zod';
import { countryCode, emailAddress, ipAddress, paymentToken, text } from '../../../src/graphql/validation/rules';
import { stringMap } from '../../../src/graphql/validation/string-map';

const problems = (schema: z.ZodType, value: unknown) => {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
};
const accepts = (schema: z.ZodType, value: unknown) => schema.safeParse(value).success;

describe('emailAddress', () => {
  it.each([
    'a@example.com',
    'A@EXAMPLE.COM',
    'a.b@c.de',
    'a+tag@x.io',
    "o'neil@x.ie",
    'a!#$%&*/=?^`{|}~@x.io',
    '-a@x.io',
    'jürgen@example.com',
    'a@münchen.de',
    'a@xn--mnchen-3ya.de',
    'a@x.xn--p1ai',
    '用户@例子.广告',
    'a@1x.com',
    `${'a'.repeat(64)}@x.io`,
    `a@${'b'.repeat(63)}.com`,
  ])('accepts %s', (value) => {
    expect(accepts(emailAddress, value)).toBe(true);
  });

  it.each([
    'not-an-email',
    'a@b',
    'a@localhost',
    'a@b.c',
    'a..b@c.de',
    '.a@c.de',
    'a.@c.de',
    'a b@x.io',
    'Name <a@x.io>',
    'a@@b.com',
    'a@x..io',
    'a@b.com.',
    'a@-x.io',
    'a@x-.io',
    'a@b_c.com',
    'a@1.2.3.4',
    'a@[1.2.3.4]',
    'ab@x.123',
    'a@x.io ',
    `${'a'.repeat(65)}@x.io`,
    `a@${'b'.repeat(64)}.com`,
    // The deliberate difference: quoted local parts, which validator.js accepted.
    '"quoted"@x.io',
  ])('refuses %s', (value) => {
    expect(problems(emailAddress, value)).toEqual(['must be a valid e-mail address']);
  });

  it('reports only the length when an address is both too long and malformed', () => {
    expect(problems(emailAddress, `${'a'.repeat(250)}@example.com`)).toEqual(['must be at most 255 characters long']);
  });
});

describe('ipAddress', () => {
  it.each(['1.2.3.4', '::1', '::', '2001:db8::', '1:2:3:4:5:6:7:8', '::ffff:1.2.3.4', 'fe80::1%eth0'])('accepts %s', (value) => {
    expect(accepts(ipAddress, value)).toBe(true);
  });

  it.each(['300.1.2.3', '01.2.3.4', '1.2.3', 'fe80::zz', '1::2::3', 'localhost'])('refuses %s', (value) => {
    expect(problems(ipAddress, value)).toEqual(['must be an IPv4 or IPv6 address']);
  });
});

describe('countryCode', () => {
  it('accepts assigned alpha-2 codes, in either case', () => {
    for (const code of ['AT', 'DE', 'US', 'SS', 'at']) expect(accepts(countryCode, code)).toBe(true);
  });

  it('refuses unassigned, user-assigned and alpha-3 codes', () => {
    for (const code of ['XX', 'ZZ', 'XK', 'EU', 'AUT', 'A', '']) {
      expect(problems(countryCode, code)).toEqual(['must be an ISO 3166-1 alpha-2 country code, e.g. AT']);
    }
  });
});

describe('lengths count characters', () => {
  it('lets 50 emoji through a 50-character bound and refuses 51', () => {
    expect(accepts(text(50), '😀'.repeat(50))).toBe(true);
    expect(problems(text(50), '😀'.repeat(51))).toEqual(['must be at most 50 characters long']);
  });

  it('wants a paymentToken of exactly 24 characters', () => {
    expect(accepts(paymentToken, 'pt::0a1b2c3d4e5f60718293')).toBe(true);
    expect(problems(paymentToken, 'pt::short')).toEqual(['must be exactly 24 characters (a paymentToken)']);
  });
});

describe('stringMap', () => {
  const schema = stringMap({ maxKeys: 2, maxKeyLength: 3, maxValueLength: 4 });

  it('accepts flat string maps within the limits', () => {
    expect(schema.parse({ a: 'x', bcd: 'wxyz' })).toEqual({ a: 'x', bcd: 'wxyz' });
  });

  it.each([
    [['not', 'a', 'map'], 'must be an object of string values'],
    [{ a: '1', b: '2', c: '3' }, 'must have at most 2 keys'],
    [{ abcd: 'x' }, 'keys must be 1 to 3 characters long ("abc")'],
    [{ '': 'x' }, 'keys must be 1 to 3 characters long ("")'],
    [{ a: 1 }, 'value of "a" must be a string'],
    [{ a: { nested: 'no' } }, 'value of "a" must be a string'],
    [{ a: 'vwxyz' }, 'value of "a" must be at most 4 characters long'],
  ])('refuses %j at the map itself', (value, problem) => {
    const result = schema.safeParse(value);
    expect(result.success ? [] : result.error.issues.map((issue) => [issue.path, issue.message])).toEqual([[[], problem]]);
  });
});
