/**
 * The GraphQL over HTTP audit suite shipped with graphql-http, run against the real gateway:
 * every MUST and SHOULD passes (MAY audits are informative only).
 */
import { serverAudits } from 'graphql-http';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

const audits = serverAudits({ url: () => stack.gatewayUrl });
const required = audits.filter((audit) => !audit.name.startsWith('MAY'));

test('the audit suite has MUST and SHOULD audits to run', () => {
  expect(required.length).toBeGreaterThan(25);
});

test.each(required.map((audit) => [audit.name, audit] as const))('%s', async (_name, audit) => {
  const result = await audit.fn();
  if (result.status !== 'ok') {
    throw new Error(`${result.name}: ${result.reason}`);
  }
});
