/**
 * The checked-in SDL (schema/schema.graphql, schema/subgraph.graphql) must match what the code
 * builds. `UPDATE_SCHEMA=1 npx jest test/graphql/schema-sdl` rewrites them (same as
 * `npm run schema:emit`).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { getNamedType, isEnumType, isInputObjectType, isObjectType, isUnionType, type GraphQLNamedType } from 'graphql';
import { emitSchemaFiles, SCHEMA_DIR, schemaFiles } from '../../src/graphql/emit-schema';
import { buildGatewaySchemas } from '../../src/graphql/schema';

describe('checked-in SDL', () => {
  if (process.env.UPDATE_SCHEMA === '1') {
    it('rewrites the SDL files', async () => {
      await emitSchemaFiles();
    });
  }

  it.each(['schema.graphql', 'subgraph.graphql'] as const)('schema/%s is up to date', async (name) => {
    const expected = (await schemaFiles())[name];
    const actual = await readFile(path.join(SCHEMA_DIR, name), 'utf8').catch(() => '');
    if (actual !== expected) {
      throw new Error(`schema/${name} is stale: run \`npm run schema:emit\` (or UPDATE_SCHEMA=1 npx jest test/graphql/schema-sdl)`);
    }
  });
});

describe('client schema', () => {
  const ownTypes = async (): Promise<GraphQLNamedType[]> => {
    const { clientSchema } = await buildGatewaySchemas();
    return Object.values(clientSchema.getTypeMap()).filter(
      (t) => !t.name.startsWith('__') && !['String', 'Boolean', 'Int', 'Float', 'ID'].includes(t.name),
    );
  };

  it('has a description on every type, field, argument, enum value and input field', async () => {
    const missing: string[] = [];
    for (const type of await ownTypes()) {
      if (!type.description) missing.push(type.name);
      if (isObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of field.args) if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
      if (isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) if (!field.description) missing.push(`${type.name}.${field.name}`);
      }
      if (isEnumType(type)) {
        for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('keeps federation machinery out of the client SDL', async () => {
    const { clientSdl, subgraphSdl } = await buildGatewaySchemas();
    for (const token of ['_entities', '_service', '@key', '@link', '_Any']) expect(clientSdl).not.toContain(token);
    expect(subgraphSdl).toContain('@link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])');
    expect(subgraphSdl).toMatch(/type CustomerProfile\s+@key\(fields: "profileGuid"\)\s+@key\(fields: "customerIdentification"\)/);
  });

  it('matches the outside contract', async () => {
    const { clientSchema } = await buildGatewaySchemas();
    const field = (typeName: string, name: string) => {
      const type = clientSchema.getType(typeName);
      if (!isObjectType(type)) throw new Error(`no object type ${typeName}`);
      const f = type.getFields()[name];
      if (!f) throw new Error(`no field ${typeName}.${name}`);
      return f;
    };
    expect(String(field('Query', 'customerProfile').type)).toBe('CustomerProfile');
    expect(field('Query', 'customerProfile').args.map((a) => `${a.name}: ${String(a.type)}`)).toEqual([
      'profileGuid: ID',
      'customerIdentification: String',
    ]);
    expect(String(field('Query', 'customerProfiles').type)).toBe('[CustomerProfile]!');
    expect(field('Query', 'customerProfiles').args.map((a) => `${a.name}: ${String(a.type)}`)).toEqual(['refs: [CustomerProfileRef!]!']);
    expect(String(field('Query', 'myCustomerProfile').type)).toBe('CustomerProfile');
    expect(String(field('Mutation', 'updateCustomerProfile').type)).toBe('UpdateCustomerProfilePayload!');
    expect(String(field('Mutation', 'deleteCustomerProfile').type)).toBe('DeleteCustomerProfilePayload!');

    const shape = (typeName: string) => {
      const type = clientSchema.getType(typeName);
      if (!type || !(isObjectType(type) || isInputObjectType(type))) throw new Error(`no type ${typeName}`);
      return Object.fromEntries(Object.values(type.getFields()).map((f) => [f.name, String(f.type)])) as Record<string, string>;
    };
    expect(shape('CustomerProfile')).toEqual({
      profileGuid: 'ID!',
      customerIdentification: 'String',
      preferredMethod: 'String',
      customer: 'Customer',
      paymentInstruments: '[PaymentInstrument!]!',
      preferredInstrument: 'PaymentInstrument',
    });
    expect(shape('PaymentInstrument')).toEqual({
      paymentToken: 'ID!',
      method: 'PaymentMethod!',
      createdAt: 'DateTime',
      isPreferred: 'Boolean!',
      paymentData: 'PaymentData',
      associatedTokenType: 'String',
      networkTokenStatus: 'String',
    });
    const customer = shape('Customer');
    expect(Object.keys(customer)).toEqual([
      'firstName',
      'lastName',
      'birthDate',
      'gender',
      'billingAddress1',
      'billingAddress2',
      'billingCity',
      'billingPostcode',
      'billingState',
      'billingCountry',
      'billingPhone',
      'company',
      'email',
      'ipAddress',
      'nationalId',
      'extraData',
    ]);
    expect(customer).toMatchObject({ birthDate: 'LocalDate', gender: 'Gender', extraData: 'JSONObject', email: 'String' });
    // CustomerInput: the same fields, all optional.
    const input = shape('CustomerInput');
    expect(Object.keys(input)).toEqual(Object.keys(customer));
    expect(Object.values(input).every((t) => !t.endsWith('!'))).toBe(true);
    expect(shape('CardData')).toEqual({
      brand: 'String',
      cardHolder: 'String',
      expiryMonth: 'Int',
      expiryYear: 'Int',
      firstSixDigits: 'String',
      lastFourDigits: 'String',
    });
    expect(shape('IbanData')).toEqual({ iban: 'String', bic: 'String', mandateId: 'String', mandateDate: 'DateTime' });
    expect(Object.keys(shape('WalletData'))).toEqual([
      'walletReferenceId',
      'walletType',
      'walletOwner',
      'walletOwnerFirstName',
      'walletOwnerLastName',
      'walletOwnerCountryCode',
      'walletRegistrationId',
    ]);
    expect(shape('CustomerProfileRef')).toEqual({ profileGuid: 'ID', customerIdentification: 'String' });
    expect(shape('UpdateCustomerProfileInput')).toEqual({
      profileGuid: 'ID',
      customerIdentification: 'String',
      customerData: 'CustomerInput!',
      preferredInstrument: 'ID',
    });
    expect(shape('UpdateCustomerProfilePayload')).toEqual({ profile: 'CustomerProfile!', changedFields: '[String!]!' });
    expect(shape('DeleteCustomerProfileInput')).toEqual({ profileGuid: 'ID', customerIdentification: 'String' });
    expect(shape('DeleteCustomerProfilePayload')).toEqual({ success: 'Boolean!', profileGuid: 'ID', customerIdentification: 'String' });

    const paymentData = clientSchema.getType('PaymentData');
    expect(isUnionType(paymentData) && paymentData.getTypes().map((t) => t.name)).toEqual(['CardData', 'IbanData', 'WalletData']);
    const method = clientSchema.getType('PaymentMethod');
    expect(isEnumType(method) && method.getValues().map((v) => v.name)).toEqual(['CARD', 'IBAN', 'WALLET']);
    const gender = getNamedType(field('Customer', 'gender').type);
    expect(isEnumType(gender) && gender.getValues().map((v) => v.name)).toEqual(['M', 'F']);
  });
});
