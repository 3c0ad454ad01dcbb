/**
 * The fast path's media type negotiation gives exactly Apollo Server's answer. Apollo's function is
 * internal (not in the package's exports), so the test loads it from its file to compare.
 */
import path from 'node:path';
import { HeaderMap } from '@apollo/server';
import { responseMediaType } from '../../../../src/server/plugins/compiled-execution/media-type';

const apolloInternals = require(path.join(path.dirname(require.resolve('@apollo/server')), 'ApolloServer.js')) as {
  chooseContentTypeForSingleResultResponse(head: { headers: HeaderMap }): string | null;
};

/** Apollo's choice, mapped to what the fast path answers: a JSON media type, or undefined (Apollo's turn). */
function apolloChoice(accept: string | undefined): string | undefined {
  const headers = new HeaderMap();
  if (accept !== undefined) headers.set('accept', accept);
  const chosen = apolloInternals.chooseContentTypeForSingleResultResponse({ headers });
  return chosen === null || chosen.includes('callbackSpec') ? undefined : chosen;
}

const ACCEPTS = [
  undefined,
  '',
  '*/*',
  'application/*',
  'application/json',
  'APPLICATION/JSON',
  'application/json; charset=utf-8',
  'application/graphql-response+json',
  'application/graphql-response+json, application/json;q=0.9',
  'application/json, application/graphql-response+json',
  'application/json;q=0.5, application/graphql-response+json',
  'application/json;q=0',
  'application/json; callbackSpec=1.0',
  'text/html',
  'text/html, */*;q=0.1',
  'multipart/mixed',
  'image/png, application/json;q=0.2',
  ';;;,,,',
];

test.each(ACCEPTS.map((accept) => [JSON.stringify(accept), accept]))('accept %s: the same media type as Apollo, or Apollo answers', (_label, accept) => {
  expect(responseMediaType(accept)).toBe(apolloChoice(accept));
  // Memoised answers are the same answers.
  expect(responseMediaType(accept)).toBe(apolloChoice(accept));
});

test('keeps answering like Apollo past the memo bound, and for very long headers', () => {
  for (let i = 0; i < 100; i++) {
    const accept = `application/vnd.test-${i}+json;q=0.9, application/json;q=0.${i % 10}`;
    expect(responseMediaType(accept)).toBe(apolloChoice(accept));
  }
  const long = `${'text/plain;q=0.1, '.repeat(200)}application/graphql-response+json`;
  expect(responseMediaType(long)).toBe(apolloChoice(long));
});
