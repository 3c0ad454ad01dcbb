/** Option validation at construction: transport security and clear, credential-free messages. */
import { IxopayClient, type IxopayClientOptions } from '../../src/ixopay/client';
import { isLoopbackHost, parseBaseUrl } from '../../src/ixopay/base-url';
import { CREDENTIALS } from './scripted-server';

function options(overrides: Partial<IxopayClientOptions>): IxopayClientOptions {
  return { baseUrl: 'https://gateway.example.test/', ...CREDENTIALS, bodyHash: 'sha512', timeoutMs: 1000, connections: 1, ...overrides };
}

function constructionError(overrides: Partial<IxopayClientOptions>): Error {
  try {
    new IxopayClient(options(overrides));
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the constructor to throw');
}

test.each(['http://gateway.example.test/', 'http://10.0.0.5:8080/', 'http://[::2]/', 'http://128.0.0.1/', 'http://localhost.example.com/'])(
  'refuses plain http towards non-loopback %s',
  (baseUrl) => {
    const error = constructionError({ baseUrl });
    expect(error.message).toMatch(/https/);
    expect(error.message).not.toContain(baseUrl);
  },
);

test.each(['http://127.0.0.1:8080/', 'http://127.9.8.7/', 'http://localhost:3000/sandbox/', 'http://[::1]:9000/'])(
  'accepts plain http towards loopback %s',
  async (baseUrl) => {
    const client = new IxopayClient(options({ baseUrl }));
    await client.close();
  },
);

test.each(['ftp://gateway.example.test/', 'file:///etc/passwd', 'not a url', 'https://user:pw@gateway.example.test/', 'https://h.example/?a=1'])(
  'refuses base URL %s',
  (baseUrl) => {
    const error = constructionError({ baseUrl });
    expect(error.message).not.toContain('pw');
    expect(error.message).not.toContain(baseUrl);
  },
);

test('keeps a base-path prefix and drops the trailing slash', () => {
  expect(parseBaseUrl('https://h.example/sandbox/')).toEqual({ origin: 'https://h.example', pathPrefix: '/sandbox', secure: true });
  expect(parseBaseUrl('https://h.example')).toEqual({ origin: 'https://h.example', pathPrefix: '', secure: true });
  expect(isLoopbackHost('127.0.0.1')).toBe(true);
  expect(isLoopbackHost('[::1]')).toBe(true);
  expect(isLoopbackHost('example.com')).toBe(false);
});

test.each([
  [{ password: '' }, 'password'],
  [{ apiKey: '' }, 'apiKey'],
  [{ sharedSecret: '' }, 'sharedSecret'],
  [{ username: 'a:b' }, 'username'],
  [{ timeoutMs: 0 }, 'timeoutMs'],
  [{ connections: 1.5 }, 'connections'],
  [{ bodyHash: 'sha1' as never }, 'bodyHash'],
  [{ retryMaxAttempts: 0 }, 'retryMaxAttempts'],
  [{ attemptTimeoutMs: 2000 }, 'attemptTimeoutMs'],
  [{ transactionBaseUrl: 'http://tx.example.test/' }, 'transactionBaseUrl'],
  [{ resilience: { maxAttempts: 2 } } as never, 'resilience'],
  [{ retryBudgetMs: 2000 } as never, 'retryBudgetMs'],
] as const)('rejects bad option %j naming %s, without leaking credentials', (overrides, name) => {
  const error = constructionError(overrides);
  expect(error.message).toContain(name);
  for (const secret of Object.values(CREDENTIALS)) expect(error.message).not.toContain(secret);
});

test('a range error names the option, its environment variable and the range declared for both', () => {
  expect(constructionError({ timeoutMs: 0 }).message).toBe('IXOPAY client option timeoutMs (IXOPAY_TIMEOUT_MS) must be an integer from 1 to 120000');
  expect(constructionError({ retryBaseDelayMs: 500, retryMaxDelayMs: 100 }).message).toContain('retryMaxDelayMs');
});
