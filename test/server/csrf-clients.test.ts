/**
 * The GraphQL clients frontends use, with their defaults, against a running gateway: urql (which
 * sends queries as GET), graphql-request (POST), Apollo Client with useGETForQueries. Each call
 * goes through a fetch that records the HTTP method, so the test also shows what went out.
 */
import { Client as UrqlClient, cacheExchange, fetchExchange } from '@urql/core';
import { GraphQLClient, ClientError } from 'graphql-request';
import { ApolloClient, HttpLink, InMemoryCache, gql } from '@apollo/client/core';
import { startStack, type Stack } from '../support/stack';
import { CHECKOUT } from '../support/checkout-query';
import { MIRA, ZOE } from '../graphql/support/e2e';

let stack: Stack;
let authorization: string;

beforeAll(async () => {
  stack = await startStack();
  authorization = `Bearer ${await stack.token()}`;
});
afterAll(async () => {
  await stack?.close();
});

/** The global fetch, noting each request's method. */
function recordingFetch(): { fetch: typeof fetch; methods: string[] } {
  const methods: string[] = [];
  return {
    methods,
    fetch: (input, init) => {
      methods.push(init?.method ?? (input instanceof Request ? input.method : 'GET'));
      return fetch(input, init);
    },
  };
}

const UPDATE_EMAIL = `mutation UpdateEmail($id: String!, $email: String!) {
  updateCustomerProfile(input: { customerIdentification: $id, customerData: { email: $email } }) { changedFields profile { customer { email } } }
}`;

describe('urql (@urql/core) with its defaults', () => {
  it('sends queries as GET, which the bearer token lets through CSRF prevention, and mutations as POST', async () => {
    const recorder = recordingFetch();
    const client = new UrqlClient({
      url: stack.gatewayUrl,
      exchanges: [cacheExchange, fetchExchange],
      fetch: recorder.fetch,
      fetchOptions: { headers: { authorization } },
    });

    const read = await client.query(CHECKOUT, { id: ZOE.customerIdentification }).toPromise();
    expect(read.error).toBeUndefined();
    expect(read.data.customerProfile).toMatchObject({ profileGuid: ZOE.profileGuid, customer: { firstName: 'Zoë' } });

    const write = await client.mutation(UPDATE_EMAIL, { id: MIRA.customerIdentification, email: 'mira.urql@example.net' }).toPromise();
    expect(write.error).toBeUndefined();
    expect(write.data.updateCustomerProfile.profile.customer.email).toBe('mira.urql@example.net');

    expect(recorder.methods).toEqual(['GET', 'POST']);
  });

  it('gets a CSRF refusal for a GET without a token: such a client needs a preflight header or POST', async () => {
    const client = new UrqlClient({ url: stack.gatewayUrl, exchanges: [fetchExchange] });
    const result = await client.query('{ __typename }', {}).toPromise();
    expect(result.error?.message).toMatch(/Cross-Site Request Forgery/);

    const withHeader = new UrqlClient({
      url: stack.gatewayUrl,
      exchanges: [fetchExchange],
      fetchOptions: { headers: { 'apollo-require-preflight': 'true' } },
    });
    expect((await withHeader.query('{ __typename }', {}).toPromise()).data).toEqual({ __typename: 'Query' });
  });
});

describe('graphql-request', () => {
  it('works with its defaults (POST + JSON)', async () => {
    const recorder = recordingFetch();
    const client = new GraphQLClient(stack.gatewayUrl, { headers: { authorization }, fetch: recorder.fetch });
    const data = await client.request<{ customerProfile: { profileGuid: string } }>(CHECKOUT, { id: ZOE.customerIdentification });
    expect(data.customerProfile.profileGuid).toBe(ZOE.profileGuid);
    expect(recorder.methods).toEqual(['POST']);
  });

  it("works with method: 'GET' too, and surfaces the gateway's error codes", async () => {
    const recorder = recordingFetch();
    const client = new GraphQLClient(stack.gatewayUrl, { headers: { authorization }, fetch: recorder.fetch, method: 'GET' });
    const data = await client.request<{ customerProfile: { profileGuid: string } }>(CHECKOUT, { id: ZOE.customerIdentification });
    expect(data.customerProfile.profileGuid).toBe(ZOE.profileGuid);

    const failure = await client.request('{ customerProfile(profileGuid: "too-short") { profileGuid } }').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ClientError);
    expect((failure as ClientError).response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(recorder.methods).toEqual(['GET', 'GET']);
  });
});

describe('Apollo Client with useGETForQueries', () => {
  it('reads over GET with the bearer token and still writes over POST', async () => {
    const recorder = recordingFetch();
    const client = new ApolloClient({
      link: new HttpLink({ uri: stack.gatewayUrl, fetch: recorder.fetch, headers: { authorization }, useGETForQueries: true }),
      cache: new InMemoryCache(),
    });
    try {
      const read = await client.query({ query: gql(CHECKOUT), variables: { id: ZOE.customerIdentification }, fetchPolicy: 'network-only' });
      expect(read.data.customerProfile.profileGuid).toBe(ZOE.profileGuid);
      const write = await client.mutate({
        mutation: gql(UPDATE_EMAIL),
        variables: { id: MIRA.customerIdentification, email: 'mira.apollo@example.net' },
      });
      expect(write.data.updateCustomerProfile.changedFields).toEqual(['email']);
      expect(recorder.methods).toEqual(['GET', 'POST']);
    } finally {
      client.stop();
    }
  });
});
