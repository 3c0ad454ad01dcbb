/**
 * type-graphql's authChecker: `@Authorized('read' | 'update' | 'delete')` on a resolver runs
 * `assertMay` before argument validation and before the resolver body, so a caller without the
 * right gets UNAUTHENTICATED/FORBIDDEN and the upstream is never called. Per-profile checks
 * (ownership) follow inside the resolvers once the profile is known.
 */
import type { AuthCheckerFn } from 'type-graphql';
import { assertMay, type Action } from '../auth/access';
import type { GraphQLContext } from './context';

/** Throws the auth error itself (never returns false), so the client sees our codes. */
export const authChecker: AuthCheckerFn<GraphQLContext, Action> = ({ context }, actions) => {
  for (const action of actions) assertMay(context.principal, action, context.policy);
  return true;
};
