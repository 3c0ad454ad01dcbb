/**
 * What identifies one request on both paths, for memos that must hold across them. Apollo Server
 * shallow-copies the context object for its pipeline (`cloneObject` in ApolloServer.ts), so a
 * request the fast path hands on reaches Apollo's plugins and resolvers as another object with
 * the same members. The loaders are created for each request and shared by both copies (that is
 * also why the hand-over costs no second upstream read): per-request memos key on them.
 */
import type { GraphQLContext } from '../../graphql/context';

/** The key of `context`'s request. */
export function requestScope(context: Pick<GraphQLContext, 'loaders'>): object {
  return context.loaders;
}
