import { requestIdFrom } from '../../../../src/server/plugins/logging';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('requestIdFrom', () => {
  it.each(['abc-123', 'trace:span.1_x', 'a'.repeat(128), '7f1c2c1e-1a1b-4c4d-8e8f-000000000000'])('keeps a sane X-Request-Id: %s', (id) => {
    expect(requestIdFrom({ 'x-request-id': id })).toBe(id);
  });

  it.each([
    ['too long', 'a'.repeat(129)],
    ['empty', ''],
    ['with spaces', 'abc def'],
    ['with a newline (log injection)', 'abc\n{"level":"error"}'],
    ['with quotes', 'abc"def'],
    ['non-ASCII', 'abcé'],
  ])('replaces an X-Request-Id that is %s with a UUID', (_, id) => {
    expect(requestIdFrom({ 'x-request-id': id })).toMatch(UUID);
  });

  it('generates a fresh UUID when the header is absent or repeated', () => {
    const first = requestIdFrom({});
    expect(first).toMatch(UUID);
    expect(requestIdFrom({})).not.toBe(first);
    expect(requestIdFrom({ 'x-request-id': ['a', 'b'] })).toMatch(UUID);
  });
});
