/**
 * The operation log, over real HTTP: one info line per GraphQL operation, whichever path answered
 * it (Apollo's pipeline, a compiled plan, the fast path), with the request id, operation, outcome,
 * all error codes, HTTP status, duration and the query's sha256 — never the query text or the
 * variables.
 */
import { createHash } from 'node:crypto';
import { startStack, type Stack } from '../../../support/stack';
import { MIRA, ZOE } from '../../../graphql/support/e2e';
import { fresh, json, post, stats, statsSince, type PostOptions, type RawAnswer } from '../over-http';

let stack: Stack;
beforeAll(async () => {
  // Debug: every line the gateway writes is captured, upstream call lines included.
  stack = await startStack({ captureLogs: true, logLevel: 'debug', env: { LIMIT_MAX_ALIASES: '2' } });
});
afterAll(() => stack.close());
beforeEach(() => {
  stack.logs.length = 0;
});

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

type LogLine = Record<string, unknown>;

/** The operation lines captured so far. */
const operationLines = (): LogLine[] => stack.logs.map((line) => JSON.parse(line) as LogLine).filter((line) => line.msg === 'graphql operation');

let requests = 0;
/** POSTs with a known request id; returns the answer and that id. */
async function send(body: unknown, options: PostOptions = {}): Promise<{ answer: RawAnswer; requestId: string }> {
  const requestId = `op-log-${++requests}`;
  const answer = await post(stack, body, { ...options, headers: { 'x-request-id': requestId, ...options.headers } });
  return { answer, requestId };
}

/** The codes of a response's errors, in order. */
const codesOf = (answer: RawAnswer) => (json(answer).errors ?? []).map((error) => error.extensions?.code);

describe('the operation log', () => {
  it('writes one info line per operation, with the same fields whichever path answered it', async () => {
    const query = fresh('query Greet($id: String!) { customerProfile(customerIdentification: $id) { profileGuid } }');
    const before = stats(stack);
    const sent: Array<{ answer: RawAnswer; requestId: string }> = [];
    // Apollo and graphql-js; Apollo and a compiled plan; the fast path; the fast path.
    for (let i = 0; i < 4; i++) sent.push(await send({ query, variables: { id: ZOE.customerIdentification } }));
    expect(statsSince(stack, before)).toEqual({ compiled: 1, interpreted: 1, compilations: 1, fastPath: 2 });

    const lines = operationLines();
    expect(lines).toHaveLength(4);
    lines.forEach(({ time, pid, hostname, ...line }, i) => {
      expect({ time, pid, hostname }).toEqual({ time: expect.any(String), pid: process.pid, hostname: expect.any(String) });
      expect(line).toEqual({
        level: 'info',
        msg: 'graphql operation',
        requestId: sent[i].requestId,
        operationName: 'Greet',
        operationType: 'query',
        outcome: 'ok',
        errorCodes: [],
        httpStatus: 200,
        queryHash: sha256(query),
        durationMs: expect.any(Number),
      });
      expect(line.durationMs).toBeGreaterThanOrEqual(0);
    });
  });

  it('never logs the query text or variable values, on any path', async () => {
    const query = fresh(`query Lookup($id: String!) {
      customerProfile(customerIdentification: $id) { profileGuid }
      inline: customerProfile(customerIdentification: "Literal-PII-Value") { profileGuid }
    }`);
    const before = stats(stack);
    for (let i = 0; i < 3; i++) {
      const { answer } = await send({ query, variables: { id: 'secret-shopper-4711' } });
      expect(json(answer)).toEqual({ data: { customerProfile: null, inline: null } });
    }
    expect(statsSince(stack, before).fastPath).toBe(1);
    expect(operationLines()).toHaveLength(3);
    const output = stack.logs.join('\n');
    expect(output).not.toContain('secret-shopper-4711');
    expect(output).not.toContain('Literal-PII-Value');
    expect(output).not.toContain('customerProfile(');
    expect(output).not.toContain('Lookup($id');
  });

  it('reports the first error code as the outcome, and all codes in order', async () => {
    const twice = `{ a: customerProfile(customerIdentification: "${ZOE.customerIdentification}") { profileGuid } b: customerProfile(customerIdentification: "${MIRA.customerIdentification}") { profileGuid } }`;
    const anonymous = await send({ query: twice }, { token: null });
    expect(codesOf(anonymous.answer)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED']);

    // Two different codes: the line lists them as the response does.
    const mixed = await send({ query: '{ me: myCustomerProfile { profileGuid } p: customerProfile(profileGuid: "too-short") { profileGuid } }' });
    const mixedCodes = codesOf(mixed.answer);
    expect([...mixedCodes].sort()).toEqual(['BAD_USER_INPUT', 'FORBIDDEN']);

    expect(operationLines()).toEqual([
      expect.objectContaining({
        requestId: anonymous.requestId,
        operationName: null,
        operationType: 'query',
        outcome: 'UNAUTHENTICATED',
        errorCodes: ['UNAUTHENTICATED', 'UNAUTHENTICATED'],
        httpStatus: anonymous.answer.status,
      }),
      expect.objectContaining({
        requestId: mixed.requestId,
        operationName: null,
        operationType: 'query',
        outcome: mixedCodes[0],
        errorCodes: mixedCodes,
        httpStatus: mixed.answer.status,
      }),
    ]);
  });

  it('logs rejected documents with their code, the status sent, and an unknown operation type', async () => {
    const graphqlResponse = { headers: { accept: 'application/graphql-response+json' } };
    const sent = [
      await send({ query: '{ nope }' }),
      await send({ query: '{ nope }' }, graphqlResponse),
      await send({ query: '{ customerProfile(' }, graphqlResponse),
      await send(
        { query: `{ a: myCustomerProfile { profileGuid } b: myCustomerProfile { profileGuid } c: myCustomerProfile { profileGuid } }` },
        graphqlResponse,
      ),
      await send({ query: 'query Known { __typename }', operationName: 'Unknown' }, graphqlResponse),
    ];
    expect(sent.map(({ answer }) => answer.status)).toEqual([200, 400, 400, 400, 400]);
    expect(operationLines().map((line) => [line.requestId, line.operationType, line.outcome, line.errorCodes, line.httpStatus])).toEqual([
      [sent[0].requestId, 'unknown', 'GRAPHQL_VALIDATION_FAILED', ['GRAPHQL_VALIDATION_FAILED'], 200],
      [sent[1].requestId, 'unknown', 'GRAPHQL_VALIDATION_FAILED', ['GRAPHQL_VALIDATION_FAILED'], 400],
      [sent[2].requestId, 'unknown', 'GRAPHQL_PARSE_FAILED', ['GRAPHQL_PARSE_FAILED'], 400],
      [sent[3].requestId, 'unknown', 'QUERY_TOO_COMPLEX', ['QUERY_TOO_COMPLEX'], 400],
      [sent[4].requestId, 'unknown', 'OPERATION_RESOLUTION_FAILURE', ['OPERATION_RESOLUTION_FAILURE'], 400],
    ]);
  });

  it('writes one line for a request the fast path hands on to Apollo, with the code Apollo answered', async () => {
    const body = {
      query: fresh('query Mine($id: String!) { customerProfile(customerIdentification: $id) { profileGuid } }'),
      variables: { id: ZOE.customerIdentification },
    };
    for (let i = 0; i < 3; i++) await send(body);
    const before = stats(stack);
    stack.logs.length = 0;

    const stranger = await send(body, { token: await stack.token({ scope: '', sub: MIRA.customerIdentification }) });
    // Until cleared: the client retries a garbled answer.
    stack.sandbox.faults.add({ mode: 'malformed', operation: 'getProfile' });
    const failed = await send(body);
    stack.sandbox.faults.clear();
    const fast = await send(body);

    expect(statsSince(stack, before)).toMatchObject({ compiled: 0, fastPath: 1 });
    expect(
      operationLines().map((line) => [line.requestId, line.operationName, line.operationType, line.outcome, line.errorCodes, line.httpStatus]),
    ).toEqual([
      [stranger.requestId, 'Mine', 'query', 'FORBIDDEN', ['FORBIDDEN'], 200],
      [failed.requestId, 'Mine', 'query', 'UPSTREAM_UNAVAILABLE', ['UPSTREAM_UNAVAILABLE'], 200],
      [fast.requestId, 'Mine', 'query', 'ok', [], 200],
    ]);
    expect(codesOf(stranger.answer)).toEqual(['FORBIDDEN']);
    expect(codesOf(failed.answer)).toEqual(['UPSTREAM_UNAVAILABLE']);
  });
});
