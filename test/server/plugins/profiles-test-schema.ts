/**
 * A tiny federation subgraph with the gateway's root field names, whose resolvers only count
 * calls: the limits tests assert a rejected operation never reached a resolver.
 */
import { parse } from 'graphql';
import { buildSubgraphSchema } from '@apollo/subgraph';

const typeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])

  input ProfileRefInput { profileGuid: ID, customerIdentification: String }
  input CustomerInput { firstName: String, email: String }

  type Query {
    customerProfile(profileGuid: ID, customerIdentification: String): CustomerProfile
    myCustomerProfile: CustomerProfile
    customerProfiles(refs: [ProfileRefInput!]!): [CustomerProfile]!
  }

  type Mutation {
    updateCustomerProfile(profileGuid: ID!, customer: CustomerInput): CustomerProfile
    deleteCustomerProfile(profileGuid: ID!): Boolean
  }

  type CustomerProfile @key(fields: "profileGuid") {
    profileGuid: ID!
    customerIdentification: String
    preferredMethod: String
    customer: Customer
    preferredInstrument: PaymentInstrument
    paymentInstruments: [PaymentInstrument!]!
  }

  type Customer {
    firstName: String
    lastName: String
    email: String
    billingCountry: String
    company: String
  }

  type PaymentInstrument {
    paymentToken: String!
    method: String
    isPreferred: Boolean
    paymentData: PaymentData
  }

  union PaymentData = CardData | IbanData | WalletData
  type CardData { brand: String, cardHolder: String, lastFourDigits: String, expiryMonth: Int, expiryYear: Int }
  type IbanData { iban: String, bic: String }
  type WalletData { walletType: String, walletOwner: String }
`);

/** Resolver call counts, by root field (and `__resolveReference` for `_entities`). */
export type CallCounts = Record<string, number>;

/** Builds the schema and the counters its resolvers increment. */
export function profilesTestSchema() {
  const calls: CallCounts = {};
  const count = (name: string) => {
    calls[name] = (calls[name] ?? 0) + 1;
  };
  const profile = (profileGuid: string) => ({
    profileGuid,
    customerIdentification: `cust-${profileGuid}`,
    customer: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', billingCountry: 'GB' },
    paymentInstruments: [],
    preferredInstrument: null,
  });
  const schema = buildSubgraphSchema({
    typeDefs,
    resolvers: {
      Query: {
        customerProfile: (_: unknown, args: { profileGuid?: string }) => (count('customerProfile'), profile(args.profileGuid ?? 'p1')),
        myCustomerProfile: () => (count('myCustomerProfile'), profile('me')),
        customerProfiles: (_: unknown, args: { refs: { profileGuid?: string }[] }) => (
          count('customerProfiles'), args.refs.map((ref) => profile(ref.profileGuid ?? 'x'))
        ),
      },
      Mutation: {
        updateCustomerProfile: (_: unknown, args: { profileGuid: string }) => (count('updateCustomerProfile'), profile(args.profileGuid)),
        deleteCustomerProfile: () => (count('deleteCustomerProfile'), true),
      },
      CustomerProfile: {
        __resolveReference: (ref: { profileGuid: string }) => (count('__resolveReference'), profile(ref.profileGuid)),
      },
      PaymentData: { __resolveType: () => 'CardData' },
    } as never,
  });
  return { schema, calls };
}

/** What a checkout page selects of a profile (as in the benchmark). */
export const CHECKOUT_SELECTION = `
  profileGuid
  customerIdentification
  customer { firstName lastName email billingCountry }
  preferredInstrument {
    paymentToken
    method
    paymentData {
      ... on CardData { brand lastFourDigits expiryMonth expiryYear }
      ... on IbanData { iban }
      ... on WalletData { walletType walletOwner }
    }
  }
  paymentInstruments { paymentToken method isPreferred }
`;
