/**
 * Per-request memos across the two paths: Apollo shallow-copies the context, so the fast path and
 * Apollo's side see two objects for one request. A shopper's rate is charged once per request, and
 * a mutation's root field runs once per request, its outcome replayed when graphql-js redoes the
 * operation.
 */
import { execute, parse } from 'graphql';
import { buildSchema, Arg, Mutation, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../../../src/graphql/context';
import type { CheckedOperation } from '../../../src/graphql/operation-check';
import { shopperRateCheck } from '../../../src/server/plugins/limits/shopper-rate';
import { replayMutationsOnRerun } from '../../../src/server/plugins/compiled-execution/replayed-mutations';

/** A shopper's request context, and the copy Apollo's pipeline works with. */
function requestContexts(): [GraphQLContext, GraphQLContext] {
  const context = { loaders: {}, requestId: 'r', principal: { kind: 'shopper', customerIdentification: 'cust-0001' } } as unknown as GraphQLContext;
  return [context, { ...context }];
}

describe('shopperRateCheck', () => {
  const operation = {} as CheckedOperation['operation'];
  const document = {} as CheckedOperation['document'];
  const check = (rate: ReturnType<typeof shopperRateCheck>, context: GraphQLContext) => rate({ document, operation, variables: undefined, context });

  it('charges a request once, and gives both copies of its context the verdict', async () => {
    const rate = shopperRateCheck(1);
    const [fast, apollo] = requestContexts();
    await expect(check(rate, fast)).resolves.toBeUndefined();
    // Apollo's side checks the handed-on request again: same verdict, nothing charged.
    await expect(check(rate, apollo)).resolves.toBeUndefined();
    // The next request of the same shopper is over the rate.
    await expect(check(rate, requestContexts()[0])).resolves.toMatchObject({ code: 'RATE_LIMITED' });
  });
});

describe('replayMutationsOnRerun', () => {
  let writes: string[] = [];
  let failNext = false;

  @Resolver()
  class Writes {
    @Query(() => String)
    ping(): string {
      return 'pong';
    }

    @Mutation(() => String)
    write(@Arg('value') value: string): string {
      if (failNext) throw new Error(`write ${value} failed`);
      writes.push(value);
      return `wrote ${value}`;
    }
  }

  const schemaPromise = buildSchema({ resolvers: [Writes], validate: false }).then((schema) => {
    replayMutationsOnRerun(schema);
    replayMutationsOnRerun(schema); // idempotent
    return schema;
  });
  beforeEach(() => {
    writes = [];
    failNext = false;
  });

  const run = async (document: string, contextValue: GraphQLContext) =>
    execute({ schema: await schemaPromise, document: parse(document), contextValue });

  it('runs each root field once per request; a second execution gets the first outcome', async () => {
    const [fast, apollo] = requestContexts();
    const document = 'mutation { a: write(value: "x") b: write(value: "y") }';
    expect(await run(document, fast)).toEqual({ data: { a: 'wrote x', b: 'wrote y' } });
    expect(await run(document, apollo)).toEqual({ data: { a: 'wrote x', b: 'wrote y' } });
    expect(writes).toEqual(['x', 'y']);
    // A new request writes again.
    await run(document, requestContexts()[0]);
    expect(writes).toEqual(['x', 'y', 'x', 'y']);
  });

  it('replays a failure as the same error', async () => {
    const [fast, apollo] = requestContexts();
    failNext = true;
    const first = await run('mutation { write(value: "z") }', fast);
    failNext = false;
    const second = await run('mutation { write(value: "z") }', apollo);
    expect(second.errors?.[0].message).toBe('write z failed');
    expect(second.errors?.[0].originalError).toBe(first.errors?.[0].originalError);
    expect(writes).toEqual([]);
  });
});
