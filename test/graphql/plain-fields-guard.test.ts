/**
 * `simpleResolvers` switches off field-level middleware, so the schema build refuses a type whose
 * field would silently lose an @Authorized. Its own file: the offending type stays registered in
 * type-graphql's global metadata for the rest of the file.
 */
import 'reflect-metadata';
import { Authorized, Field, ObjectType } from 'type-graphql';
import { buildGatewaySchemas } from '../../src/graphql/schema';

describe('a field whose @Authorized simpleResolvers would skip', () => {
  it('stops the schema build with the field named', async () => {
    @ObjectType({ simpleResolvers: true })
    class Leaky {
      @Authorized('read')
      @Field(() => String)
      secret!: string;
    }
    expect(Leaky).toBeDefined();
    await expect(buildGatewaySchemas()).rejects.toThrow(/^Leaky\.secret has @Authorized or @UseMiddleware/);
  });
});
