/**
 * Query limits, over real HTTP against the real schema: a real gateway (configured through its
 * environment, as in production) in front of a real sandbox. Every refusal names its limit, answers
 * 400 to a client that accepts application/graphql-response+json, and costs no upstream call.
 */
import 'reflect-metadata';
import { Arg, buildSchema, Mutation, Query, Resolver } from 'type-graphql';
import { buildGatewaySchemas } from '../../../../src/graphql/schema';
import { assertRootFieldsPriced, upstreamCostOf, UpstreamCost } from '../../../../src/graphql/upstream-cost';
import { costCheck } from '../../../../src/server/plugins/limits';
import { startStack, type Stack } from '../../../support/stack';
import { MIRA, ZOE } from '../../../graphql/support/e2e';
import { get, json, post, type RawAnswer } from '../over-http';

const GRAPHQL_RESPONSE = 'application/graphql-response+json';

/** What a checkout page selects of a profile. */
const CHECKOUT_SELECTION = `
  profileGuid
  customerIdentification
  customer { firstName lastName email billingCountry }
  preferredInstrument {
    paymentToken
    method
    paymentData {
      ... on CardData { brand lastFourDigits expiryMonth expiryYear }
      ... on IbanData { iban }
      ... on WalletData { walletType walletOwner }
    }
  }
  paymentInstruments { paymentToken method isPreferred }
`;

const CUSTOMER_PROFILES = `query Checkout($refs: [CustomerProfileRef!]!) { customerProfiles(refs: $refs) { ${CHECKOUT_SELECTION} } }`;
const ENTITIES = `query Entities($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on CustomerProfile { ${CHECKOUT_SELECTION} } }
}`;

/** The sandbox's extra `bench-NNNN` profiles (startStack's sandbox.extraProfiles). */
const bench = (i: number) => `bench-${String(i + 1).padStart(4, '0')}`;
const refs = (n: number) => Array.from({ length: n }, (_, i) => ({ customerIdentification: bench(i) }));
const representations = (n: number) => Array.from({ length: n }, (_, i) => ({ __typename: 'CustomerProfile', customerIdentification: bench(i) }));
const aliased = (n: number, field = `customerProfile(customerIdentification: "${ZOE.customerIdentification}") { profileGuid }`) =>
  `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join('\n')} }`;

/** POSTs as a graphql-response+json client (request errors are 4xx for it). */
function ask(stack: Stack, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}): Promise<RawAnswer> {
  return post(stack, { query, variables }, { headers: { accept: GRAPHQL_RESPONSE, ...headers } });
}

/** A refusal as the client sees it: status, errors, and whether anything reached the upstream. */
async function refusal(stack: Stack, query: string, variables?: Record<string, unknown>) {
  stack.sandbox.resetStats();
  const answer = await ask(stack, query, variables);
  const body = json(answer);
  return { status: answer.status, data: body.data, errors: body.errors, upstreamCalls: stack.upstreamCalls() };
}

/** `{ status: 400, errors: [error], upstreamCalls: 0 }` with no data: refused before execution. */
function refusedWith(error: { message: unknown; extensions: Record<string, unknown> }) {
  return { status: 400, data: undefined, errors: [error], upstreamCalls: 0 };
}

/** The token limit is the parser's abort: its error may point at where parsing stopped. */
function refusedForTokens(limit: number) {
  return refusedWith(
    expect.objectContaining({ message: `Token limit of ${limit} exceeded.`, extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'maxTokens' } }),
  );
}

const stacks: Stack[] = [];
async function stack(env: Record<string, string> = {}, extraProfiles = 0): Promise<Stack> {
  const started = await startStack({ env, sandbox: { extraProfiles } });
  stacks.push(started);
  return started;
}
afterAll(async () => {
  await Promise.all(stacks.map((s) => s.close()));
});

describe('query limits with the default configuration', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await stack({}, 100);
  });
  beforeEach(() => s.sandbox.resetStats());

  it('lets the benchmark query through: customerProfiles with 100 refs and a checkout selection', async () => {
    const answer = await ask(s, CUSTOMER_PROFILES, { refs: refs(100) });
    expect(answer.status).toBe(200);
    const body = json(answer);
    expect(body.errors).toBeUndefined();
    expect(body.data.customerProfiles).toHaveLength(100);
    expect(body.data.customerProfiles[99].customerIdentification).toBe(bench(99));
    expect(s.upstreamCalls('getProfile')).toBe(100);
  });

  it('lets the benchmark query through: _entities with 100 representations and a checkout selection', async () => {
    const answer = await ask(s, ENTITIES, { representations: representations(100) });
    expect(answer.status).toBe(200);
    const body = json(answer);
    expect(body.errors).toBeUndefined();
    expect(body.data._entities).toHaveLength(100);
    expect(s.upstreamCalls('getProfile')).toBe(100);
  });

  it('lets a single-profile checkout query and the federation _service query through', async () => {
    const checkout = json(await ask(s, `{ customerProfile(customerIdentification: "${ZOE.customerIdentification}") { ${CHECKOUT_SELECTION} } }`));
    expect(checkout.errors).toBeUndefined();
    expect(checkout.data.customerProfile.profileGuid).toBe(ZOE.profileGuid);
    const service = json(await ask(s, '{ _service { sdl } }'));
    expect(service.errors).toBeUndefined();
    expect(service.data._service.sdl).toContain('type CustomerProfile');
  });

  it('rejects more aliases than maxAliases before any upstream call', async () => {
    expect(await refusal(s, aliased(31))).toEqual(
      refusedWith({ message: 'Aliases limit of 30 exceeded, found 31.', extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'maxAliases' } }),
    );
  });

  it('answers a refusal 400 to graphql-response+json clients and 200 to application/json ones (GraphQL over HTTP)', async () => {
    const asJson = await post(s, { query: aliased(31) }, { headers: { accept: 'application/json' } });
    const asGraphQLResponse = await post(s, { query: aliased(31) }, { headers: { accept: GRAPHQL_RESPONSE } });
    expect([asJson.status, asJson.contentType]).toEqual([200, 'application/json; charset=utf-8']);
    expect([asGraphQLResponse.status, asGraphQLResponse.contentType]).toEqual([400, `${GRAPHQL_RESPONSE}; charset=utf-8`]);
    // Same error either way, with no internal extensions (no http, no stacktrace).
    expect(json(asJson)).toEqual(json(asGraphQLResponse));
    expect(json(asJson).errors?.[0].extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'maxAliases' });
    expect(s.upstreamCalls()).toBe(0);
  });

  it('accepts exactly maxAliases aliases', async () => {
    const answer = await ask(s, aliased(30));
    expect(answer.status).toBe(200);
    const body = json(answer);
    expect(body.errors).toBeUndefined();
    expect(Object.keys(body.data)).toHaveLength(30);
    expect(s.upstreamCalls('getProfile')).toBeGreaterThan(0);
  });

  it('rejects more directives than maxDirectives', async () => {
    const fields = Array.from({ length: 51 }, () => 'profileGuid @include(if: true)').join(' ');
    expect(await refusal(s, `{ customerProfile(customerIdentification: "${ZOE.customerIdentification}") { ${fields} } }`)).toEqual(
      refusedWith({ message: 'Directives limit of 50 exceeded, found 51.', extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'maxDirectives' } }),
    );
  });

  it('rejects a document of more than maxTokens tokens while parsing', async () => {
    expect(
      await refusal(s, `{ customerProfile(customerIdentification: "${ZOE.customerIdentification}") { ${'profileGuid '.repeat(5000)} } }`),
    ).toEqual(refusedForTokens(5000));
  });

  it('refuses an oversized document every time it is sent, valid GraphQL or not', async () => {
    // Valid GraphQL (1 + 5 tokens per ref), so it would reach execution but for the token limit.
    const bigLiteral = `{ customerProfiles(refs: [${`{ customerIdentification: "${ZOE.customerIdentification}" } `.repeat(1000)}]) { profileGuid } }`;
    // Invalid too (5000 identical fields): still reported as the token limit.
    const bigSelection = `{ customerProfile(customerIdentification: "${ZOE.customerIdentification}") { ${'profileGuid '.repeat(5000)} } }`;
    for (const [query, attempt] of [
      [bigLiteral, 'first'],
      [bigLiteral, 'again'],
      [bigSelection, 'invalid'],
    ]) {
      expect({ attempt, ...(await refusal(s, query)) }).toEqual({
        attempt,
        ...refusedForTokens(5000),
      });
    }
  });

  it('leaves ordinary syntax and validation errors with their own codes', async () => {
    const syntax = await refusal(s, '{ customerProfile(');
    expect(syntax).toMatchObject({ status: 400, upstreamCalls: 0 });
    expect(syntax.errors?.[0].extensions).toEqual({ code: 'GRAPHQL_PARSE_FAILED' });
    const invalid = await refusal(s, '{ customerProfile { nope } }');
    expect(invalid).toMatchObject({ status: 400, upstreamCalls: 0 });
    expect(invalid.errors?.[0].extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
    expect(invalid.errors?.[0].message).toMatch(/^Cannot query field "nope"/);
  });

  it('reports a syntax error the parser met before maxTokens as a syntax error, however long the rest of the document', async () => {
    // The parser stops at the unclosed argument list (token 4); it never reaches the token limit.
    const query = `{ customerProfile( } ${'profileGuid '.repeat(5000)}`;
    const { status, errors, upstreamCalls } = await refusal(s, query);
    expect({ status, upstreamCalls }).toEqual({ status: 400, upstreamCalls: 0 });
    expect(errors).toHaveLength(1);
    expect(errors?.[0].extensions).toEqual({ code: 'GRAPHQL_PARSE_FAILED' });
    expect(errors?.[0].message).toMatch(/^Syntax Error: Expected Name, found "}"/);
  });

  it('rejects an operation whose upstream cost exceeds maxCost (aliased 100-ref lists)', async () => {
    const query = `query Many($refs: [CustomerProfileRef!]!) { ${Array.from({ length: 10 }, (_, i) => `l${i}: customerProfiles(refs: $refs) { profileGuid }`).join(' ')} }`;
    expect(await refusal(s, query, { refs: refs(100) })).toEqual(
      refusedWith({
        message: 'Query cost limit of 1000 exceeded, found 1020 (1000 upstream calls).',
        extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'maxCost' },
      }),
    );
  });

  it('rejects more refs than MAX_PROFILE_REFS as BAD_USER_INPUT on field refs (variables and literals)', async () => {
    const expected = refusedWith({
      message: 'refs: customerProfiles accepts at most 100 refs, got 101',
      extensions: { code: 'BAD_USER_INPUT', field: 'refs' },
    });
    expect(await refusal(s, CUSTOMER_PROFILES, { refs: refs(101) })).toEqual(expected);
    const literal = `{ customerProfiles(refs: [${refs(101)
      .map((r) => `{ customerIdentification: "${r.customerIdentification}" }`)
      .join(', ')}]) { profileGuid } }`;
    expect(await refusal(s, literal)).toEqual(expected);
  });

  it('rejects more representations than MAX_ENTITY_REPRESENTATIONS as BAD_USER_INPUT on field representations', async () => {
    expect(await refusal(s, ENTITIES, { representations: representations(101) })).toEqual(
      refusedWith({
        message: 'representations: _entities accepts at most 100 representations, got 101',
        extensions: { code: 'BAD_USER_INPUT', field: 'representations' },
      }),
    );
  });

  it('measures exponentially nested fragment spreads and refuses them', async () => {
    const levels = 40;
    const fragments = Array.from({ length: levels }, (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`).join('\n');
    const query = `{ ...F0 }\n${fragments}\nfragment F${levels} on Query { customerProfile(customerIdentification: "${ZOE.customerIdentification}") { profileGuid } }`;
    const refused = await refusal(s, query);
    expect(refused).toMatchObject({ status: 400, upstreamCalls: 0 });
    expect(refused.errors).toHaveLength(1);
    expect(refused.errors?.[0].extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'maxCost' });
    // 2^40 occurrences of one upstream-backed field.
    expect(refused.errors?.[0].message).toMatch(/^Query cost limit of 1000 exceeded, found [\d.]+ \(1099511627776 upstream calls\)\.$/);
  });

  it('hides field suggestions outside development (NODE_ENV=test)', async () => {
    const { errors } = await refusal(s, '{ customerProfile { profileGud } }');
    expect(errors?.[0].message).toBe('Cannot query field "profileGud" on type "CustomerProfile".');
  });
});

describe('configured limits', () => {
  it('LIMIT_MAX_DEPTH: rejects a query deeper than the limit; fragments do not count as depth', async () => {
    const s = await stack({ LIMIT_MAX_DEPTH: '3' });
    const deep = `{ customerProfile(customerIdentification: "${ZOE.customerIdentification}") { preferredInstrument { paymentData { ... on CardData { brand } } } } }`;
    expect(await refusal(s, deep)).toEqual(
      refusedWith({ message: 'Query depth limit of 3 exceeded, found 4.', extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'maxDepth' } }),
    );
    s.sandbox.resetStats();
    const shallow = await ask(
      s,
      `{ customerProfile(customerIdentification: "${ZOE.customerIdentification}") { ...P } } fragment P on CustomerProfile { customer { ... on Customer { email } } }`,
    );
    expect(json(shallow)).toEqual({ data: { customerProfile: { customer: { email: expect.any(String) } } } });
    expect(s.upstreamCalls('getProfile')).toBe(1);
  });

  it('LIMIT_MAX_ALIASES, LIMIT_MAX_DIRECTIVES, LIMIT_MAX_TOKENS: each is the configured number', async () => {
    const s = await stack({ LIMIT_MAX_ALIASES: '2', LIMIT_MAX_DIRECTIVES: '1', LIMIT_MAX_TOKENS: '40' });
    expect(await refusal(s, aliased(3))).toEqual(
      refusedWith({ message: 'Aliases limit of 2 exceeded, found 3.', extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'maxAliases' } }),
    );
    expect(await refusal(s, '{ a: __typename @include(if: true) b: __typename @skip(if: false) }')).toEqual(
      refusedWith({ message: 'Directives limit of 1 exceeded, found 2.', extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'maxDirectives' } }),
    );
    expect(await refusal(s, `{ ${'__typename '.repeat(41)}}`)).toEqual(refusedForTokens(40));
    expect(json(await ask(s, `{ a: __typename b: __typename ${'__typename '.repeat(30)}}`)).errors).toBeUndefined();
  });

  it('MAX_PROFILE_REFS and MAX_ENTITY_REPRESENTATIONS: the list caps are the configured numbers', async () => {
    const s = await stack({ MAX_PROFILE_REFS: '3', MAX_ENTITY_REPRESENTATIONS: '2' }, 10);
    expect(await refusal(s, CUSTOMER_PROFILES, { refs: refs(4) })).toEqual(
      refusedWith({ message: 'refs: customerProfiles accepts at most 3 refs, got 4', extensions: { code: 'BAD_USER_INPUT', field: 'refs' } }),
    );
    expect(await refusal(s, ENTITIES, { representations: representations(3) })).toEqual(
      refusedWith({
        message: 'representations: _entities accepts at most 2 representations, got 3',
        extensions: { code: 'BAD_USER_INPUT', field: 'representations' },
      }),
    );
    s.sandbox.resetStats();
    expect(json(await ask(s, CUSTOMER_PROFILES, { refs: refs(3) })).data.customerProfiles).toHaveLength(3);
    expect(json(await ask(s, ENTITIES, { representations: representations(2) })).data._entities).toHaveLength(2);
    expect(s.upstreamCalls('getProfile')).toBe(5);
  });

  it('LIMIT_MAX_COST prices mutations: updateCustomerProfile 2, deleteCustomerProfile 1, every alias counted', async () => {
    const s = await stack({ LIMIT_MAX_COST: '4' });
    const update = (alias: string, customerIdentification: string) =>
      `${alias}: updateCustomerProfile(input: { customerIdentification: "${customerIdentification}", customerData: { company: "ACME" } }) { changedFields }`;
    expect(json(await ask(s, `mutation { ${update('u0', ZOE.customerIdentification)} }`)).errors).toBeUndefined();
    expect(await refusal(s, `mutation { ${update('u0', ZOE.customerIdentification)} ${update('u1', MIRA.customerIdentification)} }`)).toEqual(
      refusedWith({
        message: 'Query cost limit of 4 exceeded, found 4.04 (4 upstream calls).',
        extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'maxCost' },
      }),
    );
    s.sandbox.resetStats();
    const deletes = `mutation { ${['cust-0001', 'shop-user-000417', 'cust-0002']
      .map((id, i) => `d${i}: deleteCustomerProfile(input: { customerIdentification: "${id}" }) { success }`)
      .join(' ')} }`;
    expect(json(await ask(s, deletes))).toEqual({ data: { d0: { success: true }, d1: { success: true }, d2: { success: true } } });
    expect(s.upstreamCalls('deleteProfile')).toBe(3);
    expect(s.upstreamCalls('updateProfile')).toBe(0);
  });

  it('LIMIT_MAX_COST counts root fields reached through fragments, and list sizes from variable defaults', async () => {
    const s = await stack({ LIMIT_MAX_COST: '5' });
    const query = `query Q($refs: [CustomerProfileRef!]! = [{ customerIdentification: "a" }, { customerIdentification: "b" }, { customerIdentification: "c" }]) {
      ...Roots
      ... on Query { myCustomerProfile { profileGuid } }
    }
    fragment Roots on Query { customerProfiles(refs: $refs) { profileGuid } customerProfile(customerIdentification: "d") { profileGuid } }`;
    // 3 refs + 1 + 1 = 5 upstream calls, plus field costs.
    expect(await refusal(s, query)).toEqual(
      refusedWith({
        message: 'Query cost limit of 5 exceeded, found 5.1 (5 upstream calls).',
        extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'maxCost' },
      }),
    );
  });

  it('LIMIT_SHOPPER_MAX_UPSTREAM_CALLS: a shopper token may cause at most that many upstream calls per operation', async () => {
    const s = await stack({ LIMIT_SHOPPER_MAX_UPSTREAM_CALLS: '3' });
    const token = await s.token({ scope: '', sub: ZOE.customerIdentification });
    const own = (n: number) => Array.from({ length: n }, () => ({ customerIdentification: ZOE.customerIdentification }));
    const query = 'query Own($refs: [CustomerProfileRef!]!) { customerProfiles(refs: $refs) { profileGuid } }';
    const headers = { accept: GRAPHQL_RESPONSE };
    // Within the limit, and often enough to be answered by the fast path, which checks it too.
    for (let i = 0; i < 3; i++) {
      expect(json(await post(s, { query, variables: { refs: own(3) } }, { token, headers }))).toEqual({
        data: { customerProfiles: own(3).map(() => ({ profileGuid: ZOE.profileGuid })) },
      });
    }
    s.sandbox.resetStats();
    const refused = await post(s, { query, variables: { refs: own(4) } }, { token, headers });
    expect({ status: refused.status, body: json(refused), upstreamCalls: s.upstreamCalls() }).toEqual({
      status: 400,
      body: {
        errors: [
          {
            message: 'Shopper tokens may cause at most 3 upstream calls per operation, found 4.',
            extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'maxShopperUpstreamCalls' },
          },
        ],
      },
      upstreamCalls: 0,
    });
    // Operator tokens are bound by the cost limit only.
    expect(json(await ask(s, query, { refs: own(4) })).errors).toBeUndefined();
  });

  it('NODE_ENV=production hides field suggestions; development keeps them', async () => {
    const [production, development] = await Promise.all([stack({ NODE_ENV: 'production' }), stack({ NODE_ENV: 'development' })]);
    const typo = '{ customerProfile { profileGud } }';
    expect((await refusal(production, typo)).errors?.[0].message).toBe('Cannot query field "profileGud" on type "CustomerProfile".');
    expect((await refusal(development, typo)).errors?.[0].message).toBe(
      'Cannot query field "profileGud" on type "CustomerProfile". Did you mean "profileGuid"?',
    );
  });
});

describe('LIMIT_MAX_QUERY_BYTES', () => {
  const MAX = 1024;
  let s: Stack;
  beforeAll(async () => {
    s = await stack({ LIMIT_MAX_QUERY_BYTES: String(MAX) });
  });
  beforeEach(() => s.sandbox.resetStats());

  /** `query` padded with a trailing comment to exactly `bytes` UTF-8 bytes, the padding being `pad`. */
  const padded = (query: string, bytes: number, pad = 'x') => {
    const head = `${query}\n#`;
    const room = bytes - Buffer.byteLength(head);
    const text = head + pad.repeat(Math.floor(room / Buffer.byteLength(pad))) + 'x'.repeat(room % Buffer.byteLength(pad));
    expect(Buffer.byteLength(text)).toBe(bytes);
    return text;
  };
  const PROFILE = `{ customerProfile(customerIdentification: "${ZOE.customerIdentification}") { profileGuid } }`;
  const TOO_LARGE = {
    errors: [
      { message: `Query text exceeds LIMIT_MAX_QUERY_BYTES (${MAX} bytes).`, extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'maxQueryBytes' } },
    ],
  };

  it('answers a query text of exactly the limit, by POST and GET', async () => {
    const query = padded(PROFILE, MAX);
    for (const answer of [await ask(s, query), await get(s, { query }, { headers: { accept: GRAPHQL_RESPONSE } })]) {
      expect(answer.status).toBe(200);
      expect(json(answer)).toEqual({ data: { customerProfile: { profileGuid: ZOE.profileGuid } } });
    }
    expect(s.upstreamCalls('getProfile')).toBe(2);
  });

  it('refuses a larger query text with QUERY_TOO_COMPLEX, by POST and GET, before any upstream call', async () => {
    const query = padded(PROFILE, MAX + 1);
    const answers = [await ask(s, query), await get(s, { query }, { headers: { accept: GRAPHQL_RESPONSE } })];
    for (const answer of answers) {
      expect([answer.status, answer.contentType]).toEqual([400, `${GRAPHQL_RESPONSE}; charset=utf-8`]);
      expect(json(answer)).toEqual(TOO_LARGE);
    }
    // A request error: 400 for application/json clients too.
    const legacy = await post(s, { query }, { headers: { accept: 'application/json' } });
    expect([legacy.status, legacy.contentType, json(legacy)]).toEqual([400, 'application/json; charset=utf-8', TOO_LARGE]);
    expect(s.upstreamCalls()).toBe(0);
  });

  it('counts UTF-8 bytes, not characters', async () => {
    // 2 bytes per ü: fewer characters than the limit, more bytes.
    const query = padded(PROFILE, MAX + 2, 'ü');
    expect(query.length).toBeLessThan(MAX);
    expect(json(await ask(s, query))).toEqual(TOO_LARGE);
    expect(json(await get(s, { query }))).toEqual(TOO_LARGE);
    expect(s.upstreamCalls()).toBe(0);
  });

  it('refuses before parsing: a larger text that is not even GraphQL gets the size error, not a syntax error', async () => {
    const query = padded('{ customerProfile(', MAX + 100);
    expect(json(await ask(s, query))).toEqual(TOO_LARGE);
    expect(json(await get(s, { query }))).toEqual(TOO_LARGE);
    // The same text within the limit is a syntax error.
    expect(json(await ask(s, padded('{ customerProfile(', MAX))).errors?.[0].extensions).toEqual({ code: 'GRAPHQL_PARSE_FAILED' });
  });
});

describe('upstream costs declared in the schema', () => {
  it('every Query and Mutation field of the built schemas declares its upstream cost', async () => {
    const { clientSchema, subgraphSchema } = await buildGatewaySchemas();
    for (const schema of [clientSchema, subgraphSchema]) {
      const roots = [schema.getQueryType(), schema.getMutationType()];
      const fields = roots.flatMap((root) => Object.values(root?.getFields() ?? {}).map((field) => ({ name: `${root!.name}.${field.name}`, field })));
      expect(fields.length).toBeGreaterThan(0);
      const unpriced = fields.filter(({ field }) => upstreamCostOf(field) === undefined).map(({ name }) => name);
      expect(unpriced).toEqual([]);
      // A per-item price names an argument the field takes.
      for (const { name, field } of fields) {
        const cost = upstreamCostOf(field)!;
        if ('perItemOf' in cost)
          expect({ name, args: field.args.map((arg) => arg.name) }).toEqual({ name, args: expect.arrayContaining([cost.perItemOf]) });
        else expect({ name, calls: cost.calls }).toEqual({ name, calls: expect.any(Number) });
      }
    }
    const subgraphFields = subgraphSchema.getQueryType()!.getFields();
    expect(upstreamCostOf(subgraphFields._entities)).toEqual({ perItemOf: 'representations' });
    expect(upstreamCostOf(subgraphFields._service)).toEqual({ calls: 0 });
    expect(() => assertRootFieldsPriced(subgraphSchema)).not.toThrow();
  });

  it('refuses to build a schema with a root field that declares no cost, or a per-item cost on an argument it lacks', async () => {
    @Resolver()
    class PricingProbeResolver {
      @UpstreamCost({ calls: 1 })
      @Query(() => String)
      priced(): string {
        return 'priced';
      }

      @Query(() => String)
      unpriced(): string {
        return 'free?';
      }

      @UpstreamCost({ perItemOf: 'ids' })
      @Mutation(() => String)
      wrongArgument(@Arg('id', () => String) id: string): string {
        return id;
      }
    }
    // authChecker: type-graphql asks for one once any resolver it has seen (the gateway's) uses @Authorized.
    const schema = await buildSchema({ resolvers: [PricingProbeResolver], validate: false, authChecker: () => true });
    // The decorator is what the schema carries.
    expect(upstreamCostOf(schema.getQueryType()!.getFields().priced)).toEqual({ calls: 1 });
    expect(() => assertRootFieldsPriced(schema)).toThrow(
      'Upstream cost missing: Query.unpriced has no @UpstreamCost; Mutation.wrongArgument is priced per item of "ids", which it does not take',
    );
  });

  it('refuses, at start-up, a per-item price whose list has no configured cap', async () => {
    const { subgraphSchema } = await buildGatewaySchemas();
    expect(() => costCheck(subgraphSchema, { maxCost: 1000, shopperMaxUpstreamCalls: 5, listCaps: { refs: 100 } })).toThrow(
      'Query._entities is priced per "representations" item, which has no cap',
    );
  });
});
