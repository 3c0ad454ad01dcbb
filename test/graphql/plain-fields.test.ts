/**
 * Plain data fields are read by GraphQL's default resolver, with no type-graphql wrapper per field
 * per object (plain-fields-guard.test.ts: what keeps that from dropping a field's @Authorized).
 */
import 'reflect-metadata';
import { isObjectType } from 'graphql';
import { buildGatewaySchemas } from '../../src/graphql/schema';

describe('plain data fields', () => {
  it('have no resolver of their own in the served schema; computed fields keep theirs', async () => {
    const { subgraphSchema } = await buildGatewaySchemas();
    const fieldsOf = (type: string) => {
      const named = subgraphSchema.getType(type);
      if (!isObjectType(named)) throw new Error(`${type} is not an object type`);
      return named.getFields();
    };
    const profile = fieldsOf('CustomerProfile');
    expect(profile.profileGuid.resolve).toBeUndefined();
    expect(profile.customer.resolve).toBeUndefined();
    expect(profile.preferredInstrument.resolve).toEqual(expect.any(Function));
    expect(profile.paymentInstruments.resolve).toEqual(expect.any(Function));
    for (const type of ['Customer', 'PaymentInstrument', 'CardData', 'IbanData', 'WalletData']) {
      for (const field of Object.values(fieldsOf(type))) expect([type, field.name, field.resolve]).toEqual([type, field.name, undefined]);
    }
  });
});
