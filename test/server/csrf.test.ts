/**
 * CSRF prevention over real HTTP. A GET that carries `Authorization` is answered (a browser must
 * preflight that header, so no other site can send it); a GET that carries neither it nor one of
 * Apollo's preflight headers is still refused; mutations never run over GET.
 */
import { startStack, type Stack } from '../support/stack';
import { CHECKOUT } from '../support/checkout-query';
import { ZOE } from '../graphql/support/e2e';

let stack: Stack;
let token: string;

beforeAll(async () => {
  stack = await startStack();
  token = await stack.token();
});
afterAll(async () => {
  await stack?.close();
});

const CSRF_MESSAGE = /blocked as a potential Cross-Site Request Forgery/;

/** A GET /graphql with the operation in the query string, as urql and Apollo Client's useGETForQueries send it. */
async function get(params: Record<string, string>, headers: Record<string, string> = {}) {
  const url = new URL(stack.gatewayUrl);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  const response = await fetch(url, { headers: { accept: 'application/graphql-response+json, application/json', ...headers } });
  return { status: response.status, text: await response.text() };
}

const checkout = { query: CHECKOUT, variables: JSON.stringify({ id: ZOE.customerIdentification }) };

it('answers a GET query that carries a bearer token (and no other header)', async () => {
  const before = stack.upstreamCalls();
  const response = await get(checkout, { authorization: `Bearer ${token}` });
  expect(response.status).toBe(200);
  const body = JSON.parse(response.text);
  expect(body.errors).toBeUndefined();
  expect(body.data.customerProfile).toMatchObject({ profileGuid: ZOE.profileGuid, customer: { firstName: 'Zoë' } });
  expect(stack.upstreamCalls()).toBeGreaterThan(before);
});

it('refuses a GET without Authorization or a preflight header, before any upstream call', async () => {
  const before = stack.upstreamCalls();
  const response = await get(checkout);
  expect(response.status).toBe(400);
  expect(response.text).toMatch(CSRF_MESSAGE);
  expect(response.text).toContain('authorization');
  expect(stack.upstreamCalls()).toBe(before);
});

it('refuses a GET whose Authorization header is empty', async () => {
  const response = await get({ query: '{ __typename }' }, { authorization: '' });
  expect(response.status).toBe(400);
  expect(response.text).toMatch(CSRF_MESSAGE);
});

it.each([['apollo-require-preflight'], ['x-apollo-operation-name']])('still lets %s through a GET', async (header) => {
  const response = await get({ query: '{ __typename }' }, { [header]: 'Q' });
  expect(response.text).not.toMatch(CSRF_MESSAGE);
  expect(response.status).toBe(200);
});

it('refuses a form POST (a simple request no browser preflights)', async () => {
  const response = await fetch(stack.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'query=%7B__typename%7D',
  });
  expect(response.status).toBe(400);
  expect(await response.text()).toMatch(CSRF_MESSAGE);
});

it('never runs a mutation sent as GET, even with a bearer token', async () => {
  const before = stack.upstreamCalls();
  const mutation = `mutation { deleteCustomerProfile(input: { customerIdentification: "${ZOE.customerIdentification}" }) { success } }`;
  const response = await get({ query: mutation }, { authorization: `Bearer ${token}` });
  expect(response.status).toBe(405);
  expect(response.text).toMatch(/GET requests only support query operations/);
  expect(stack.upstreamCalls()).toBe(before);

  // The profile is still there.
  const read = await get(checkout, { authorization: `Bearer ${token}` });
  expect(JSON.parse(read.text).data.customerProfile.profileGuid).toBe(ZOE.profileGuid);
});
