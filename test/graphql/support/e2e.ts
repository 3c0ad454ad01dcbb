/** Shared bits of the end-to-end tests: demo profiles and selections. */
import { DEMO_PROFILES } from '../../../src/sandbox/seed';

/** Seeded profile by customerIdentification (fails loudly when the seed changes). */
export function demo(customerIdentification: string): { profileGuid: string; customerIdentification: string } {
  const profile = DEMO_PROFILES.find((p) => p.customerIdentification === customerIdentification);
  if (!profile) throw new Error(`no demo profile ${customerIdentification}`);
  return { profileGuid: profile.profileGuid, customerIdentification: profile.customerIdentification };
}

/** Zoë Müller: Visa (preferred) + IBAN. */
export const ZOE = demo('cust-0001');
/** Mira Kovac: Mastercard (preferred), IBAN, PayPal wallet. */
export const MIRA = demo('shop-user-000417');
/** José Ñúñez: Amex with network token. */
export const JOSE = demo('cust-0002');
/** Noah Fischer: no instruments. */
export const NOAH = demo('cust-0005');

/** Mira's IBAN instrument (not preferred in the seed). */
export const MIRA_IBAN_TOKEN = 'pt::9b21e0c4d7f35a8e6c02';
/** Zoë's Visa: a real token, but not Mira's. */
export const ZOE_CARD_TOKEN = 'pt::0a1b2c3d4e5f60718293';

export const PROFILE_FIELDS = `
  profileGuid
  customerIdentification
  preferredMethod
  customer {
    firstName lastName birthDate gender billingAddress1 billingAddress2 billingCity billingPostcode
    billingState billingCountry billingPhone company email ipAddress nationalId extraData
  }
  paymentInstruments {
    paymentToken method createdAt isPreferred associatedTokenType networkTokenStatus
    paymentData {
      __typename
      ... on CardData { brand cardHolder expiryMonth expiryYear firstSixDigits lastFourDigits }
      ... on IbanData { iban bic mandateId mandateDate }
      ... on WalletData {
        walletReferenceId walletType walletOwner walletOwnerFirstName walletOwnerLastName walletOwnerCountryCode walletRegistrationId
      }
    }
  }
  preferredInstrument { paymentToken method }
`;
