/**
 * What a frontend does: Apollo Client (HttpLink over fetch, normalised InMemoryCache) reading a
 * profile and running an update, against the real gateway over HTTP. The cache identifies
 * profiles by `profileGuid`, so the mutation's answer updates the earlier query's data.
 */
import { ApolloClient, HttpLink, InMemoryCache, gql } from '@apollo/client/core';
import { startStack, type Stack } from '../support/stack';
import { exampleOperations } from './support/operations';
import { MIRA } from './support/e2e';

let stack: Stack;
let client: ApolloClient<unknown>;

beforeAll(async () => {
  stack = await startStack();
  const token = await stack.token();
  client = new ApolloClient({
    link: new HttpLink({ uri: stack.gatewayUrl, fetch, headers: { authorization: `Bearer ${token}` } }),
    cache: new InMemoryCache({
      typePolicies: {
        CustomerProfile: { keyFields: ['profileGuid'] },
        // The customer block has no id of its own: it belongs to its profile, so merge updates in.
        Customer: { merge: true },
        PaymentInstrument: { keyFields: ['paymentToken'] },
      },
      possibleTypes: { PaymentData: ['CardData', 'IbanData', 'WalletData'] },
    }),
  });
});
afterAll(async () => {
  client?.stop();
  await stack?.close();
});

const operation = (name: string) => {
  const found = exampleOperations().find((o) => o.name === name);
  if (!found) throw new Error(`no example operation ${name}`);
  return gql(found.document);
};

it('reads a profile and sees its update through the normalised cache', async () => {
  const read = await client.query({ query: operation('GetProfileByGuid'), variables: { profileGuid: MIRA.profileGuid } });
  expect(read.errors).toBeUndefined();
  expect(read.data.customerProfile).toMatchObject({
    __typename: 'CustomerProfile',
    profileGuid: MIRA.profileGuid,
    customer: { firstName: 'Mira', lastName: 'Kovac' },
  });
  expect(read.data.customerProfile.paymentInstruments.map((i: { paymentData: { __typename: string } }) => i.paymentData.__typename)).toEqual([
    'CardData',
    'IbanData',
    'WalletData',
  ]);

  const updated = await client.mutate({
    mutation: operation('UpdateProfile'),
    variables: { input: { profileGuid: MIRA.profileGuid, customerData: { lastName: 'Kovač-Berg', email: 'mira.berg@example.net' } } },
  });
  expect(updated.errors).toBeUndefined();
  expect(updated.data.updateCustomerProfile.changedFields).toEqual(['lastName', 'email']);

  // Served from the cache, already showing the mutation's result.
  const cached = await client.query({
    query: operation('GetProfileByGuid'),
    variables: { profileGuid: MIRA.profileGuid },
    fetchPolicy: 'cache-only',
  });
  expect(cached.data.customerProfile.customer).toMatchObject({ lastName: 'Kovač-Berg', email: 'mira.berg@example.net' });
});

it('surfaces error codes to the client', async () => {
  const result = await client.query({
    query: gql`
      query Bad {
        customerProfile(profileGuid: "too-short") {
          profileGuid
        }
      }
    `,
    errorPolicy: 'all',
  });
  expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'profileGuid' });
});
