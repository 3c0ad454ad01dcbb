import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
import { jwtAuth } from './support/auth-config';
import { createAuthenticator, type JwksOptions } from '../../src/auth/verify';
import { mintToken } from '../../src/auth/dev-token';
import { SCOPE_READ } from '../../src/auth/principal';

/** A JWKS endpoint on loopback whose key list the test changes, counting fetches. */
class JwksServer {
  keys: JWK[] = [];
  fetches = 0;
  private server?: Server;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      this.fetches++;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: this.keys }));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/.well-known/jwks.json`;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}

interface SigningKey {
  kid: string;
  alg: 'RS256' | 'ES256';
  privateKey: PrivateKey;
  jwk: JWK;
}

async function signingKey(alg: 'RS256' | 'ES256', kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  return { kid, alg, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

function sign(key: SigningKey, claims: Record<string, unknown> = { sub: 'svc', scope: SCOPE_READ }, kid = key.kid): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: key.alg, kid }).setIssuedAt().setExpirationTime('5m').sign(key.privateKey);
}

const jwksAuth = (jwksUrl: string) => jwtAuth({ jwksUrl });

describe('JWKS (RS256 / ES256) bearer tokens', () => {
  const jwks = new JwksServer();
  let url: string;
  let rsa: SigningKey;
  let ec: SigningKey;

  beforeAll(async () => {
    url = await jwks.start();
    [rsa, ec] = await Promise.all([signingKey('RS256', 'rsa-1'), signingKey('ES256', 'ec-1')]);
  });
  beforeEach(() => {
    jwks.keys = [rsa.jwk, ec.jwk];
    jwks.fetches = 0;
  });
  afterAll(() => jwks.stop());

  const authenticatorWith = (options: JwksOptions = {}) => createAuthenticator(jwksAuth(url), options);

  it('accepts an RS256 token signed by a published key', async () => {
    const principal = await authenticatorWith().authenticate(`Bearer ${await sign(rsa)}`);
    expect(principal).toEqual({ kind: 'operator', subject: 'svc', scopes: new Set([SCOPE_READ]) });
  });

  it('accepts an ES256 token signed by a published key', async () => {
    const principal = await authenticatorWith().authenticate(`Bearer ${await sign(ec, { sub: 'customer-1' })}`);
    expect(principal).toEqual({ kind: 'shopper', subject: 'customer-1', customerIdentification: 'customer-1' });
  });

  it('fetches the key set once and serves later tokens from its cache', async () => {
    const authenticator = authenticatorWith();
    const tokens = await Promise.all([sign(rsa), sign(ec), sign(rsa)]);
    const principals = await Promise.all(tokens.map((t) => authenticator.authenticate(`Bearer ${t}`)));
    expect(principals.map((p) => p.kind)).toEqual(['operator', 'operator', 'operator']);
    await authenticator.authenticate(`Bearer ${await sign(ec)}`);
    expect(jwks.fetches).toBe(1);
  });

  it('rejects a token whose signature does not match the key of its kid', async () => {
    const impostor = await signingKey('RS256', 'rsa-1');
    const token = await sign(impostor);
    expect(await authenticatorWith().authenticate(`Bearer ${token}`)).toEqual({ kind: 'anonymous', authError: 'bad signature' });
  });

  it('rejects a token with an unknown kid', async () => {
    const stranger = await signingKey('ES256', 'not-published');
    expect(await authenticatorWith().authenticate(`Bearer ${await sign(stranger)}`)).toEqual({
      kind: 'anonymous',
      authError: 'unknown signing key',
    });
  });

  it('rejects an HS256 token without fetching keys (algorithm confusion)', async () => {
    const token = await mintToken('x'.repeat(32), { sub: 'svc', scope: SCOPE_READ }, { expiresIn: '5m' });
    expect(await authenticatorWith().authenticate(`Bearer ${token}`)).toEqual({ kind: 'anonymous', authError: 'unsupported algorithm' });
    expect(jwks.fetches).toBe(0);
  });

  it('accepts a rotated-in key (new kid) once the cooldown has passed', async () => {
    const authenticator = authenticatorWith({ cooldownMs: 50 });
    expect((await authenticator.authenticate(`Bearer ${await sign(rsa)}`)).kind).toBe('operator');

    const rotated = await signingKey('RS256', 'rsa-2');
    jwks.keys = [rsa.jwk, rotated.jwk];
    await new Promise((resolve) => setTimeout(resolve, 80));

    expect(await authenticator.authenticate(`Bearer ${await sign(rotated)}`)).toEqual({
      kind: 'operator',
      subject: 'svc',
      scopes: new Set([SCOPE_READ]),
    });
    expect(jwks.fetches).toBe(2);
  });

  it('does not refetch for unknown kids during the cooldown (no kid spraying)', async () => {
    const authenticator = authenticatorWith({ cooldownMs: 60_000 });
    await authenticator.authenticate(`Bearer ${await sign(rsa)}`);
    const rotated = await signingKey('RS256', 'rsa-3');
    jwks.keys = [rsa.jwk, rotated.jwk];
    for (let i = 0; i < 5; i++) {
      expect(await authenticator.authenticate(`Bearer ${await sign(rotated)}`)).toEqual({ kind: 'anonymous', authError: 'unknown signing key' });
    }
    expect(jwks.fetches).toBe(1);
  });

  it('reports unreachable signing keys as such, and tells the listener', async () => {
    const down = new JwksServer();
    const downUrl = await down.start();
    await down.stop();
    const failures: Error[] = [];
    const authenticator = createAuthenticator(jwksAuth(downUrl), { onKeySourceError: (e) => failures.push(e) });
    expect(await authenticator.authenticate(`Bearer ${await sign(rsa)}`)).toEqual({ kind: 'anonymous', authError: 'signing keys unavailable' });
    expect(failures).toHaveLength(1);
    expect(failures[0].name).toBe('SigningKeysUnavailable');
  });
});
