/** Shared operations of the instrument end-to-end tests (test/graphql/instruments*.e2e.test.ts). */

export const INSTRUMENT_FIELDS = `
  paymentToken method isPreferred
  paymentData { __typename ... on CardData { brand lastFourDigits cardHolder } ... on IbanData { iban } ... on WalletData { walletType } }
`;

export const PROFILE_STATE = `
  profileGuid customerIdentification preferredMethod
  customer { firstName lastName email }
  paymentInstruments { paymentToken isPreferred }
  preferredInstrument { paymentToken }
`;

export const REGISTER = `mutation Register($input: RegisterPaymentInstrumentInput!) {
  registerPaymentInstrument(input: $input) {
    status transactionUuid merchantTransactionId redirectUrl
    paymentInstrument { ${INSTRUMENT_FIELDS} }
    profile { ${PROFILE_STATE} }
  }
}`;

/** Register without selecting a CustomerProfile (no read right needed). */
export const REGISTER_NO_PROFILE = `mutation RegisterNoProfile($input: RegisterPaymentInstrumentInput!) {
  registerPaymentInstrument(input: $input) { status transactionUuid merchantTransactionId paymentInstrument { ${INSTRUMENT_FIELDS} } }
}`;

export const REMOVE = `mutation Remove($input: RemovePaymentInstrumentInput!) {
  removePaymentInstrument(input: $input) { removedPaymentToken profile { ${PROFILE_STATE} } }
}`;

export const REMOVE_NO_PROFILE = `mutation RemoveNoProfile($input: RemovePaymentInstrumentInput!) {
  removePaymentInstrument(input: $input) { removedPaymentToken }
}`;

export const ATTACH = `mutation Attach($input: AttachPaymentInstrumentInput!) {
  attachPaymentInstrument(input: $input) { paymentToken profile { ${PROFILE_STATE} } }
}`;

export const ATTACH_NO_PROFILE = `mutation AttachNoProfile($input: AttachPaymentInstrumentInput!) {
  attachPaymentInstrument(input: $input) { paymentToken }
}`;

export const DETACH = `mutation Detach($input: DetachPaymentInstrumentInput!) {
  detachPaymentInstrument(input: $input) { profile { ${PROFILE_STATE} } }
}`;

export const DETACH_NO_PROFILE = `mutation DetachNoProfile($input: DetachPaymentInstrumentInput!) {
  detachPaymentInstrument(input: $input) { __typename }
}`;

export const READ_BY_ID = `query($id: String) { customerProfile(customerIdentification: $id) { ${PROFILE_STATE} paymentInstruments { ${INSTRUMENT_FIELDS} } } }`;

/** The register uuid of Mira's seeded Mastercard (sandbox demo data). */
export const MIRA_CARD_REGISTRATION = '7c4e19a0d3b25f86e1a4';
/** Mira's seeded Mastercard (preferred). */
export const MIRA_CARD_TOKEN = 'pt::4f0c2d9e81b7a65c3e10';

/** The codes of a response's errors, in order. */
export function codesOf(body: { errors?: Array<{ extensions?: Record<string, unknown> }> }): unknown[] {
  return (body.errors ?? []).map((error) => error.extensions?.code);
}
