/** Trusted documents (TRUSTED_DOCUMENTS): only the manifest's operations run, for whom it is enforced. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { manifestFor } from '../../src/cli/trusted-documents';
import { startStack, type Stack } from '../support/stack';

const OPERATIONS = path.join(__dirname, '../../schema/operations');
const MY_PROFILE = readFileSync(path.join(OPERATIONS, 'MyProfile.graphql'), 'utf8');
const manifest = manifestFor(OPERATIONS);
const myProfileHash = manifest.operations.find((operation) => operation.name === 'MyProfile')!.id;
const SHOPPER = { sub: 'shop-user-000417', scope: undefined };
const UNTRUSTED = '{ myCustomerProfile { profileGuid customer { email } } }';

let dir: string;
let manifestFile: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'trusted-'));
  manifestFile = path.join(dir, 'manifest.json');
  writeFileSync(manifestFile, JSON.stringify(manifest));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function post(stack: Stack, body: unknown, token: string | null): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/graphql-response+json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(stack.gatewayUrl, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: response.status, body: await response.json() };
}

describe('TRUSTED_DOCUMENTS with the default enforcement (shoppers)', () => {
  let stack: Stack;
  let shopper: string;
  beforeAll(async () => {
    stack = await startStack({ env: { TRUSTED_DOCUMENTS: manifestFile } });
    shopper = await stack.token(SHOPPER);
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.sandbox.resetStats());

  it('runs a manifest operation named by its hash alone, with no query text sent', async () => {
    const result = await post(stack, { extensions: { persistedQuery: { version: 1, sha256Hash: myProfileHash } } }, shopper);
    expect(result.status).toBe(200);
    expect(result.body.data.myCustomerProfile.profileGuid).toBe('CP-7a1e-33b0-5c9d-4e21-b8f0-0c6d');
  });

  it('runs a manifest operation sent as its exact text, also over GET', async () => {
    expect((await post(stack, { query: MY_PROFILE }, shopper)).body.data.myCustomerProfile.customer.firstName).toBe('Mira');
    const url = `${stack.gatewayUrl}?query=${encodeURIComponent(MY_PROFILE)}`;
    const response = await fetch(url, { headers: { authorization: `Bearer ${shopper}` } });
    expect(response.status).toBe(200);
    expect(((await response.json()) as any).data.myCustomerProfile.customer.firstName).toBe('Mira');
  });

  it('runs a hash-only GET', async () => {
    const extensions = encodeURIComponent(JSON.stringify({ persistedQuery: { version: 1, sha256Hash: myProfileHash } }));
    const response = await fetch(`${stack.gatewayUrl}?extensions=${extensions}`, { headers: { authorization: `Bearer ${shopper}` } });
    expect(response.status).toBe(200);
    expect(((await response.json()) as any).data.myCustomerProfile.profileGuid).toBe('CP-7a1e-33b0-5c9d-4e21-b8f0-0c6d');
  });

  it('refuses a shopper any other text before parsing, with no upstream call', async () => {
    const result = await post(stack, { query: UNTRUSTED }, shopper);
    expect(result.status).toBe(400);
    expect(result.body.errors).toEqual([
      { message: expect.stringMatching(/trusted documents/), extensions: { code: 'PERSISTED_QUERY_NOT_IN_LIST' } },
    ]);
    const unknownHash = await post(stack, { extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } }, shopper);
    expect(unknownHash.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_IN_LIST');
    expect(stack.upstreamCalls()).toBe(0);
  });

  it('lets operator tokens and the router run any operation, _entities included', async () => {
    const entities = await stack.graphql('query ($r: [_Any!]!) { _entities(representations: $r) { ... on CustomerProfile { profileGuid } } }', {
      r: [{ __typename: 'CustomerProfile', customerIdentification: 'cust-0001' }],
    });
    expect(entities.body.errors).toBeUndefined();
    expect(entities.body.data._entities[0].profileGuid).toBe('CP-3f9a-1c7e-0b52-4d86-a9e1-7c20');
  });
});

describe('TRUSTED_DOCUMENTS_ENFORCE', () => {
  it('all: every caller is held to the manifest', async () => {
    const stack = await startStack({ env: { TRUSTED_DOCUMENTS: manifestFile, TRUSTED_DOCUMENTS_ENFORCE: 'all' } });
    try {
      const result = await stack.graphql('{ customerProfile(customerIdentification: "cust-0001") { profileGuid } }');
      expect(result.body.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_IN_LIST');
      expect(stack.upstreamCalls()).toBe(0);
    } finally {
      await stack.close();
    }
  });

  it('off: the manifest is loaded but nobody is held to it', async () => {
    const stack = await startStack({ env: { TRUSTED_DOCUMENTS: manifestFile, TRUSTED_DOCUMENTS_ENFORCE: 'off' } });
    try {
      const result = await post(stack, { query: UNTRUSTED }, await stack.token(SHOPPER));
      expect(result.body.data.myCustomerProfile.profileGuid).toBe('CP-7a1e-33b0-5c9d-4e21-b8f0-0c6d');
    } finally {
      await stack.close();
    }
  });

  it('a manifest that is not one stops start-up with a message naming the file', async () => {
    const broken = path.join(dir, 'broken.json');
    writeFileSync(broken, JSON.stringify({ format: 'something-else', version: 1, operations: [] }));
    await expect(startStack({ env: { TRUSTED_DOCUMENTS: broken } })).rejects.toThrow(
      /TRUSTED_DOCUMENTS: .*broken\.json is not an Apollo persisted-query manifest/,
    );
  });
});
