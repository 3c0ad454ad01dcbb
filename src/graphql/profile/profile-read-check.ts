/**
 * Read rights on every path. A profile reaches a client through queries, `_entities`, mutation
 * payloads and whatever field resolvers load for it; checking beside each resolver let a
 * write-only token read whole profiles through `updateCustomerProfile { profile { ... } }`. This
 * check runs on the operation before anything executes (so before any write): selecting a
 * CustomerProfile anywhere needs the right to read profiles.
 */
import { BREAK, getNamedType, TypeInfo, visit, visitWithTypeInfo, type GraphQLSchema } from 'graphql';
import { assertMay } from '../../auth/access';
import type { OperationCheck } from '../operation-check';

/** The type every profile read yields. */
const PROFILE_TYPE = 'CustomerProfile';

/** Refuses (FORBIDDEN) an operation selecting a CustomerProfile for a caller who may not read one. */
export function profileReadCheck(schema: GraphQLSchema): OperationCheck {
  return ({ document, context }) => {
    // Anonymous callers are refused by every resolver, with the error at the field's path.
    if (context.principal.kind === 'anonymous') return undefined;
    try {
      assertMay(context.principal, 'read', context.policy);
      return undefined;
    } catch (refusal) {
      // Only callers without read rights (write-only operators) pay for the walk.
      return selectsProfile(schema, document) ? (refusal as Error) : undefined;
    }
  };
}

function selectsProfile(schema: GraphQLSchema, document: Parameters<typeof visit>[0]): boolean {
  const typeInfo = new TypeInfo(schema);
  let found = false;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        if (getNamedType(typeInfo.getType())?.name === PROFILE_TYPE) {
          found = true;
          return BREAK;
        }
        return undefined;
      },
    }),
  );
  return found;
}
