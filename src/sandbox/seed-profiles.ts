/**
 * The demo profiles' data: fixed, deterministic profiles covering every shape the API can return
 * (card brands, IBAN, PayPal wallet, network/wallet tokens, unicode names, empty and non-empty
 * extraData, a profile without instruments). Everything here is invented; card numbers are the
 * public test PANs' BIN and last four only. seed.ts turns these into store entries.
 */
import type { InstrumentDetails, SandboxCustomer } from './model';

/** One seeded profile: its identifiers, customer fields and instruments. */
export interface SeedProfile {
  profileGuid: string;
  customerIdentification: string;
  description: string;
  customer: Partial<SandboxCustomer>;
  instruments: SeedInstrument[];
}

/** One seeded instrument, registered through a register transaction of its own. */
export interface SeedInstrument {
  paymentToken: string;
  registrationUuid: string;
  createdAt: string;
  preferred?: boolean;
  associatedTokenType?: string;
  networkTokenStatus?: string;
  details: InstrumentDetails;
}

/**
 * Fresh copies of the seed definitions (callers may keep and mutate what they get). A function,
 * not a constant, so that importing this module builds nothing.
 */
export function seedDefinitions(): SeedProfile[] {
  return [
    {
      profileGuid: 'CP-3f9a-1c7e-0b52-4d86-a9e1-7c20',
      customerIdentification: 'cust-0001',
      description: 'Zoë Müller (AT): Visa card (preferred) + IBAN; extraData loyaltyTier/website. The id the signature vectors use.',
      customer: {
        firstName: 'Zoë',
        lastName: 'Müller',
        birthDate: '1990-04-12',
        gender: 'F',
        billingAddress1: 'Mariahilfer Straße 47',
        billingCity: 'Wien',
        billingPostcode: '1060',
        billingState: 'Wien',
        billingCountry: 'AT',
        billingPhone: '+43 6601234567',
        email: 'zoe.mueller@example.com',
        ipAddress: '198.51.100.23',
        extraData: { loyaltyTier: 'gold', website: 'https://zoe.example/profile' },
      },
      instruments: [
        {
          paymentToken: 'pt::0a1b2c3d4e5f60718293',
          registrationUuid: '5e0c1a9b7d3f2e4a6c81',
          createdAt: '2024-09-18 10:12:44',
          preferred: true,
          details: {
            kind: 'card',
            brand: 'visa',
            cardHolder: 'Zoe Mueller',
            expiryMonth: 11,
            expiryYear: 2028,
            firstSixDigits: '411111',
            lastFourDigits: '1111',
          },
        },
        {
          paymentToken: 'pt::1b2c3d4e5f6071829304',
          registrationUuid: '6f1d2b0c8e4a3f5b7d92',
          createdAt: '2025-01-07 16:30:02',
          details: {
            kind: 'iban',
            iban: 'AT483200000012345864',
            bic: 'RLNWATWWXXX',
            accountOwner: 'Zoë Müller',
            mandateId: 'MND-2025-0007',
            mandateDate: '2025-01-07 00:00:00',
          },
        },
      ],
    },
    {
      profileGuid: 'CP-7a1e-33b0-5c9d-4e21-b8f0-0c6d',
      customerIdentification: 'shop-user-000417',
      description: 'Mira Kovac (AT): Mastercard (preferred), IBAN, PayPal wallet; the API reference example.',
      customer: {
        firstName: 'Mira',
        lastName: 'Kovac',
        birthDate: '1988-07-14',
        gender: 'F',
        billingAddress1: 'Lindengasse 12',
        billingCity: 'Graz',
        billingPostcode: '8010',
        billingState: 'Styria',
        billingCountry: 'AT',
        billingPhone: '+43 6641234567',
        email: 'mira.kovac@example.net',
        ipAddress: '203.0.113.45',
        extraData: { loyaltyTier: 'gold' },
      },
      instruments: [
        {
          paymentToken: 'pt::4f0c2d9e81b7a65c3e10',
          registrationUuid: '7c4e19a0d3b25f86e1a4',
          createdAt: '2024-11-05 14:03:51',
          preferred: true,
          details: {
            kind: 'card',
            brand: 'mastercard',
            cardHolder: 'Mira Kovac',
            expiryMonth: 9,
            expiryYear: 2029,
            firstSixDigits: '520000',
            lastFourDigits: '0007',
          },
        },
        {
          paymentToken: 'pt::9b21e0c4d7f35a8e6c02',
          registrationUuid: '8d5f2ab1e4c36a97f2b5',
          createdAt: '2025-01-20 08:41:10',
          details: {
            kind: 'iban',
            iban: 'AT611904300234573201',
            bic: null,
            accountOwner: 'Mira Kovac',
            mandateId: 'MND-2025-0042',
            mandateDate: '2025-01-20 00:00:00',
          },
        },
        {
          paymentToken: 'pt::c3e8a17f02d94b6e5a11',
          registrationUuid: 'e52b7c0d19a4f6e83d21',
          createdAt: '2025-02-02 19:12:00',
          details: {
            kind: 'wallet',
            walletReferenceId: 'BA-5TJ72913HX884210L',
            walletType: 'paypal',
            walletOwner: 'mira.k@example.net',
            walletOwnerFirstName: 'Mira',
            walletOwnerLastName: 'Kovac',
            walletOwnerCountryCode: 'AT',
            walletRegistrationId: 'e52b7c0d19a4f6e83d21',
          },
        },
      ],
    },
    {
      profileGuid: 'CP-b4d2-6e19-8a03-4f7c-c1e5-2d98',
      customerIdentification: 'cust-0002',
      description: 'José Ñúñez (ES): Amex card with an active network token (preferred).',
      customer: {
        firstName: 'José',
        lastName: 'Ñúñez',
        gender: 'M',
        billingAddress1: 'Calle de Alcalá 123',
        billingAddress2: '3º izquierda',
        billingCity: 'Madrid',
        billingPostcode: '28009',
        billingState: 'Madrid',
        billingCountry: 'ES',
        email: 'jose.nunez@example.es',
        nationalId: '12345678Z',
        extraData: { segment: 'vip', newsletter: 'yes' },
      },
      instruments: [
        {
          paymentToken: 'pt::2c3d4e5f607182930415',
          registrationUuid: '9e6a3bc2f5d47ba8a3c6',
          createdAt: '2025-03-11 09:05:33',
          preferred: true,
          associatedTokenType: 'network',
          networkTokenStatus: 'active',
          details: {
            kind: 'card',
            brand: 'amex',
            cardHolder: 'Jose Nunez',
            expiryMonth: 3,
            expiryYear: 2027,
            firstSixDigits: '378282',
            lastFourDigits: '0005',
          },
        },
      ],
    },
    {
      profileGuid: 'CP-c5e3-7f2a-9b14-5a8d-d2f6-3ea9',
      customerIdentification: 'cust-0003',
      description: 'Łukasz Żółć (PL): IBAN only (preferred, DirectDebit).',
      customer: {
        firstName: 'Łukasz',
        lastName: 'Żółć',
        birthDate: '1979-12-31',
        gender: 'M',
        billingAddress1: 'ul. Floriańska 15',
        billingCity: 'Kraków',
        billingPostcode: '31-019',
        billingCountry: 'PL',
        billingPhone: '+48 512345678',
        company: 'Żółć Sp. z o.o.',
        email: 'lukasz.zolc@example.pl',
        extraData: { invoiceRequired: 'true' },
      },
      instruments: [
        {
          paymentToken: 'pt::3d4e5f60718293041526',
          registrationUuid: 'af7b4cd3a6e58cb9b4d7',
          createdAt: '2024-06-30 12:00:00',
          preferred: true,
          details: {
            kind: 'iban',
            iban: 'PL61109010140000071219812874',
            bic: 'WBKPPLPP',
            accountOwner: 'Łukasz Żółć',
            mandateId: 'MND-2024-1130',
            mandateDate: '2024-06-30 00:00:00',
          },
        },
      ],
    },
    {
      profileGuid: 'CP-d6f4-803b-ac25-6b9e-e3a7-4fba',
      customerIdentification: 'cust-0004',
      description: '山田 太郎 (JP): PayPal wallet only (preferred); CJK names.',
      customer: {
        firstName: '太郎',
        lastName: '山田',
        billingAddress1: '千代田区丸の内1-1-1',
        billingCity: '東京',
        billingPostcode: '100-0005',
        billingState: '東京都',
        billingCountry: 'JP',
        email: 'taro.yamada@example.jp',
        ipAddress: '2001:db8::7a',
        extraData: { preferredLanguage: 'ja' },
      },
      instruments: [
        {
          paymentToken: 'pt::4e5f6071829304152637',
          registrationUuid: 'b08c5de4b7f69dcac5e8',
          createdAt: '2025-04-01 23:59:59',
          preferred: true,
          details: {
            kind: 'wallet',
            walletReferenceId: 'BA-8XK20457LM331902P',
            walletType: 'paypal',
            walletOwner: 'taro.yamada@example.jp',
            walletOwnerFirstName: '太郎',
            walletOwnerLastName: '山田',
            walletOwnerCountryCode: 'JP',
            walletRegistrationId: 'b08c5de4b7f69dcac5e8',
          },
        },
      ],
    },
    {
      profileGuid: 'CP-e7a5-914c-bd36-7caf-f4b8-50cb',
      customerIdentification: 'cust-0005',
      description: 'Noah Fischer (DE): no instruments, empty extraData (serialised as [], like the platform).',
      customer: {
        firstName: 'Noah',
        lastName: 'Fischer',
        billingCity: 'Berlin',
        billingCountry: 'DE',
        email: 'noah.fischer@example.de',
      },
      instruments: [],
    },
    {
      profileGuid: 'CP-f8b6-a25d-ce47-8db0-a5c9-61dc',
      customerIdentification: 'cust-0006',
      description: 'Amélie Dubois (FR): Visa with Apple Pay token (preferred) + Mastercard with Google Pay token.',
      customer: {
        firstName: 'Amélie',
        lastName: 'Dubois',
        birthDate: '1995-02-28',
        gender: 'F',
        billingAddress1: '8 rue de la Paix',
        billingCity: 'Paris',
        billingPostcode: '75002',
        billingState: 'Île-de-France',
        billingCountry: 'FR',
        billingPhone: '+33 612345678',
        company: 'Dubois & Fils SARL',
        email: 'amelie.dubois@example.fr',
        ipAddress: '192.0.2.146',
        nationalId: '2950275123456',
        extraData: { channel: 'mobile-app', consent: 'marketing' },
      },
      instruments: [
        {
          paymentToken: 'pt::5f607182930415263748',
          registrationUuid: 'c19d6ef5c8a7aedbd6f9',
          createdAt: '2025-05-17 07:45:12',
          preferred: true,
          associatedTokenType: 'applepay',
          details: {
            kind: 'card',
            brand: 'visa',
            cardHolder: 'Amelie Dubois',
            expiryMonth: 6,
            expiryYear: 2031,
            firstSixDigits: '400000',
            lastFourDigits: '0077',
          },
        },
        {
          paymentToken: 'pt::60718293041526374859',
          registrationUuid: 'd2ae7f06d9b8bfece70a',
          createdAt: '2025-05-18 18:20:00',
          associatedTokenType: 'googlepay',
          details: {
            kind: 'card',
            brand: 'mastercard',
            cardHolder: 'Amelie Dubois',
            expiryMonth: 1,
            expiryYear: 2030,
            firstSixDigits: '555555',
            lastFourDigits: '4444',
          },
        },
      ],
    },
  ];
}
