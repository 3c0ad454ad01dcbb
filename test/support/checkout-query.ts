/** A checkout page's query, the shape the e2e tests repeat: profile, customer, both instrument views. */
export const CHECKOUT = `query Checkout($id: String!) {
  customerProfile(customerIdentification: $id) {
    profileGuid
    customer { firstName lastName email }
    preferredInstrument { paymentToken paymentData { __typename ... on CardData { brand lastFourDigits } ... on IbanData { iban } } }
    paymentInstruments { paymentToken method isPreferred }
  }
}`;
