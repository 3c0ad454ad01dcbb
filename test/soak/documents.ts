/** The soak's GraphQL documents, each with its own operation name (the ledger counts requests by it). */

const PROFILE_FIELDS = `
  profileGuid
  customerIdentification
  preferredMethod
  customer { firstName lastName company email billingCountry extraData }
  paymentInstruments {
    paymentToken method isPreferred
    paymentData { __typename ... on CardData { brand lastFourDigits } ... on IbanData { iban } ... on WalletData { walletType } }
  }
  preferredInstrument { paymentToken }`;

export const DOCS = {
  readByGuid: `query SoakReadByGuid($profileGuid: ID!) { customerProfile(profileGuid: $profileGuid) { ${PROFILE_FIELDS} } }`,
  readByCustomerId: `query SoakReadByCustomerId($customerIdentification: String!) { customerProfile(customerIdentification: $customerIdentification) { ${PROFILE_FIELDS} } }`,
  batch: `query SoakBatch($refs: [CustomerProfileRef!]!) { customerProfiles(refs: $refs) { profileGuid customerIdentification customer { lastName } preferredInstrument { paymentToken } } }`,
  entities: `query SoakEntities($representations: [_Any!]!) { _entities(representations: $representations) { ... on CustomerProfile { profileGuid customerIdentification customer { firstName } preferredInstrument { paymentToken method } } } }`,
  update: `mutation SoakUpdate($input: UpdateCustomerProfileInput!) { updateCustomerProfile(input: $input) { changedFields profile { profileGuid customerIdentification customer { company extraData } } } }`,
  delete: `mutation SoakDelete($input: DeleteCustomerProfileInput!) { deleteCustomerProfile(input: $input) { success profileGuid customerIdentification } }`,
  register: `mutation SoakRegister($input: RegisterPaymentInstrumentInput!) { registerPaymentInstrument(input: $input) { status transactionUuid merchantTransactionId redirectUrl } }`,
  registerWithProfile: `mutation SoakRegisterWithProfile($input: RegisterPaymentInstrumentInput!) { registerPaymentInstrument(input: $input) { status transactionUuid merchantTransactionId paymentInstrument { paymentToken isPreferred } profile { profileGuid customerIdentification } } }`,
  remove: `mutation SoakRemove($input: RemovePaymentInstrumentInput!) { removePaymentInstrument(input: $input) { removedPaymentToken } }`,
  removeWithProfile: `mutation SoakRemoveWithProfile($input: RemovePaymentInstrumentInput!) { removePaymentInstrument(input: $input) { removedPaymentToken profile { profileGuid paymentInstruments { paymentToken } } } }`,
  attach: `mutation SoakAttach($input: AttachPaymentInstrumentInput!) { attachPaymentInstrument(input: $input) { paymentToken } }`,
  attachWithProfile: `mutation SoakAttachWithProfile($input: AttachPaymentInstrumentInput!) { attachPaymentInstrument(input: $input) { paymentToken profile { profileGuid } } }`,
  detach: `mutation SoakDetach($input: DetachPaymentInstrumentInput!) { detachPaymentInstrument(input: $input) { profile { profileGuid } } }`,
} as const;

export const operationName = (doc: string) => /^(?:query|mutation) (\w+)/.exec(doc)![1];
