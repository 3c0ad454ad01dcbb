/**
 * The batches, resolved as a whole (one promise per list, one parse and one read per distinct key).
 *
 * `_entities` is resolved by the gateway (federation.ts) instead of one `__resolveReference` per
 * representation by @apollo/subgraph. Its contract must not change: for every kind of batch —
 * repeated keys, missing and failing profiles, malformed keys, other `__typename`s, refused
 * callers — the answer (data, error messages, paths, codes) is the one @apollo/subgraph's own
 * resolver gives on the same schema, with no more upstream reads. `customerProfiles` parses each
 * distinct ref once, and refuses a bad list with the error the whole-list schema gives.
 */
import { execute, parse, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery } from 'graphql-jit';
import { entitiesResolver } from '@apollo/subgraph/dist/types';
import type { Principal } from '../../src/auth/principal';
import { createGraphQLContext } from '../../src/graphql/context';
import { formatError } from '../../src/graphql/errors';
import { buildGatewaySchemas } from '../../src/graphql/schema';
import { UpstreamUnavailableError } from '../../src/ixopay/errors';
import type { CustomerProfile, ProfileRef, ProfilesApi } from '../../src/ixopay/types';
import { customerProfileRefsSchema } from '../../src/graphql/profile/profile.input';
import { validate } from '../../src/graphql/validation/validate';

const guid = (n: number) => `CP-${String(n).padStart(29, '0')}`;
const profile = (n: number, customerIdentification: string): CustomerProfile => ({
  profileGuid: guid(n),
  customerIdentification,
  preferredMethod: 'card',
  customer: null,
  paymentInstruments: [],
});
const PROFILES = [profile(1, 'cust-1'), profile(2, 'cust-2'), profile(3, 'cust-3')];
/** A profile whose read always fails. */
const FAILING = guid(9);

const reads: string[] = [];
const api = {
  async getProfile(ref: ProfileRef) {
    reads.push(ref.profileGuid ?? ref.customerIdentification);
    if (ref.profileGuid === FAILING) throw new UpstreamUnavailableError('getProfile', 'http_status', 'IXOPAY answered 500');
    return PROFILES.find((p) => p.profileGuid === ref.profileGuid || p.customerIdentification === ref.customerIdentification) ?? null;
  },
} as unknown as ProfilesApi;

const OPERATOR: Principal = { kind: 'operator', subject: 'op', scopes: new Set(['profiles:read']) };
const SHOPPER: Principal = { kind: 'shopper', subject: 's', customerIdentification: 'cust-2' };
const ANONYMOUS: Principal = { kind: 'anonymous', authError: 'Missing bearer token' };

const ENTITIES = parse(`query($r: [_Any!]!) {
  _entities(representations: $r) { __typename ... on CustomerProfile { profileGuid customerIdentification preferredMethod } }
}`);

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = (await buildGatewaySchemas()).subgraphSchema;
});

/** Runs the batch through graphql-js, with the gateway's resolvers or with @apollo/subgraph's own. */
async function run(r: unknown[], principal: Principal, resolvers: 'gateway' | 'library'): Promise<{ result: unknown; reads: string[] }> {
  const entities = schema.getQueryType()!.getFields()._entities;
  const union = schema.getType('_Entity') as { resolveType?: unknown };
  const ours = { resolve: entities.resolve, resolveType: union.resolveType };
  if (resolvers === 'library') {
    entities.resolve = (_source, args: { representations: unknown[] }, context, info) =>
      entitiesResolver({ representations: args.representations, context, info });
    union.resolveType = (parent: { __typename: string }) => parent.__typename;
  }
  reads.length = 0;
  try {
    const contextValue = createGraphQLContext({
      api,
      principal,
      config: { loader: { concurrency: 4 } as never, auth: { customerMayDelete: false } },
      requestId: 'test',
    });
    const result = await execute({ schema, document: ENTITIES, variableValues: { r }, contextValue });
    return { result: formatted(result), reads: [...reads] };
  } finally {
    entities.resolve = ours.resolve;
    union.resolveType = ours.resolveType;
  }
}

/**
 * What a client receives: errors through the gateway's formatError, in path order. (Their order
 * is not part of the contract: @apollo/subgraph's per-item promises settle in whatever order
 * they do; the batch reports them in index order.)
 */
function formatted(result: ExecutionResult): unknown {
  const errors = result.errors
    ?.map((error) => formatError(error.toJSON(), error, { exposeDetails: false, maxTokens: 10_000 }))
    .sort((a, b) => JSON.stringify(a.path).localeCompare(JSON.stringify(b.path)));
  return { data: result.data, ...(errors && { errors }) };
}

const rep = (key: Record<string, unknown>, __typename: unknown = 'CustomerProfile') => ({ __typename, ...key });

describe('_entities answers like @apollo/subgraph', () => {
  it.each<[string, unknown[], Principal]>([
    [
      'repeated keys, a missing profile, a customerIdentification key, in order',
      [
        rep({ profileGuid: guid(1) }),
        rep({ profileGuid: guid(2) }),
        rep({ profileGuid: guid(1) }),
        rep({ profileGuid: guid(7) }),
        rep({ customerIdentification: 'cust-3' }),
        rep({ profileGuid: guid(2) }),
      ],
      OPERATOR,
    ],
    [
      'malformed keys and a failing read, each at its own index',
      [
        rep({ profileGuid: guid(1) }),
        rep({ profileGuid: 'short' }),
        rep({ profileGuid: FAILING }),
        rep({ profileGuid: 42 }),
        rep({}),
        rep({ profileGuid: FAILING }),
        rep({ customerIdentification: ' x' }),
      ],
      OPERATOR,
    ],
    ['a caller without a token: every item refused', [rep({ profileGuid: guid(1) }), rep({ profileGuid: 'short' })], ANONYMOUS],
    [
      "a shopper: its own profile; another's by guid is null, by customerIdentification refused",
      [
        rep({ customerIdentification: 'cust-2' }),
        rep({ profileGuid: guid(1) }),
        rep({ customerIdentification: 'cust-1' }),
        rep({ profileGuid: guid(2) }),
      ],
      SHOPPER,
    ],
    ['an unknown __typename', [rep({ profileGuid: guid(1) }), rep({ profileGuid: guid(2) }, 'Nope')], OPERATOR],
    ['a type that is no entity', [rep({ profileGuid: guid(1) }), rep({ firstName: 'x' }, 'Customer')], OPERATOR],
    ['no __typename', [rep({ profileGuid: guid(1) }), { profileGuid: guid(2) }], OPERATOR],
    ['an empty batch', [], OPERATOR],
  ])('%s', async (_name, representations, principal) => {
    const expected = await run(representations, principal, 'library');
    const actual = await run(representations, principal, 'gateway');
    expect(actual.result).toEqual(expected.result);
    // Never more reads; one per distinct key.
    expect(actual.reads.length).toBeLessThanOrEqual(expected.reads.length);
    expect(new Set(actual.reads).size).toBe(actual.reads.length);
  });

  it('answers the same compiled (graphql-jit) as interpreted', async () => {
    const r = [rep({ profileGuid: guid(1) }), rep({ profileGuid: guid(2) }), rep({ profileGuid: guid(1) }), rep({ profileGuid: guid(7) })];
    const compiled = compileQuery(schema, ENTITIES);
    if (!isCompiledQuery(compiled)) throw new Error('not compiled');
    const contextValue = createGraphQLContext({
      api,
      principal: OPERATOR,
      config: { loader: { concurrency: 4 } as never, auth: { customerMayDelete: false } },
      requestId: 'test',
    });
    const result = await compiled.query(undefined, contextValue, { r });
    expect(result).toEqual((await run(r, OPERATOR, 'gateway')).result);
  });
});

describe('customerProfiles', () => {
  const MANY = parse('query($refs: [CustomerProfileRef!]!) { customerProfiles(refs: $refs) { profileGuid } }');
  const ask = async (refs: unknown[]) => {
    reads.length = 0;
    const contextValue = createGraphQLContext({
      api,
      principal: OPERATOR,
      config: { loader: { concurrency: 4 } as never, auth: { customerMayDelete: false } },
      requestId: 'test',
    });
    return formatted(await execute({ schema, document: MANY, variableValues: { refs }, contextValue }));
  };

  it('answers in order, one read per distinct ref', async () => {
    const refs = [
      { customerIdentification: 'cust-1' },
      { profileGuid: guid(2) },
      { customerIdentification: 'cust-1' },
      { customerIdentification: 'nobody' },
    ];
    await expect(ask(refs)).resolves.toEqual({
      data: { customerProfiles: [{ profileGuid: guid(1) }, { profileGuid: guid(2) }, { profileGuid: guid(1) }, null] },
    });
    expect(reads.sort()).toEqual(['cust-1', guid(2), 'nobody'].sort());
  });

  it('refuses a list with bad refs (even after good repeated ones) with the whole-list error', async () => {
    const refs = [
      { customerIdentification: 'cust-1' },
      { customerIdentification: 'cust-1' },
      { profileGuid: 'x' },
      {},
      { customerIdentification: 'cust-1' },
    ];
    let expected: Error | undefined;
    try {
      validate(customerProfileRefsSchema, refs, 'refs');
    } catch (error) {
      expected = error as Error;
    }
    const answer = (await ask(refs)) as { data: unknown; errors: Array<{ message: string; extensions: { field: string } }> };
    expect(answer.data).toBeNull();
    expect(answer.errors[0].message).toBe(expected?.message);
    expect(answer.errors[0].extensions.field).toBe('refs[2].profileGuid');
    expect(reads).toEqual([]);
  });
});
