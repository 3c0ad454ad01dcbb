/** Request body bytes: standard JSON.stringify, or PHP json_encode-compatible escapes. */
import { encodeJsonBody, toPhpJsonEscapes } from '../../src/ixopay/json-body';
import { sign } from '../../src/ixopay/signature';
import { clientFor, reply, startServer } from './scripted-server';

test('php style escapes "/" and non-ASCII as lowercase \\uXXXX, astral as surrogate pairs', () => {
  const value = { a: 'https://x.example/p', b: 'Zoë Müller', c: '€ 😀', d: 'tab\tquote"<>&\'' };
  expect(encodeJsonBody(value, 'php').toString('utf8')).toBe(
    '{"a":"https:\\/\\/x.example\\/p","b":"Zo\\u00eb M\\u00fcller","c":"\\u20ac \\ud83d\\ude00","d":"tab\\tquote\\"<>&\'"}',
  );
  expect(JSON.parse(encodeJsonBody(value, 'php').toString('utf8'))).toEqual(value);
  expect(toPhpJsonEscapes('"\u2028"')).toBe('"\\u2028"');
});

test('standard style is JSON.stringify as UTF-8', () => {
  const value = { a: 'https://x.example/p', b: 'Zoë' };
  expect(encodeJsonBody(value, 'standard').equals(Buffer.from(JSON.stringify(value), 'utf8'))).toBe(true);
});

test('the signature covers exactly the bytes sent (standard style, non-ASCII body, base-path prefix)', async () => {
  const server = await startServer((_req, res) => reply(res, 200, { success: true, profileGuid: 'CP-1', changedFields: [] }));
  const clock = () => new Date('2025-01-15T10:30:00Z');
  const client = clientFor(server.origin + '/prefix', { clock, bodyHash: 'md5' });
  try {
    await client.updateProfile({ profileGuid: 'CP-1' }, { customerData: { firstName: 'Zoë', extraData: { site: 'https://z.example/' } } });
    const [seen] = server.requests;
    expect(seen.url).toBe('/prefix/api/v3/customerProfiles/api-key-SECRET-42/updateProfile');
    expect(seen.body.toString('utf8')).toBe('{"profileGuid":"CP-1","customerData":{"firstName":"Zoë","extraData":{"site":"https://z.example/"}}}');
    expect(seen.headers.date).toBe('Wed, 15 Jan 2025 10:30:00 GMT');
    expect(seen.headers['x-date']).toBe(seen.headers.date);
    expect(seen.headers['x-signature']).toBe(
      sign('shared-secret-SECRET', {
        method: 'POST',
        body: seen.body,
        contentType: 'application/json; charset=utf-8',
        date: 'Wed, 15 Jan 2025 10:30:00 GMT',
        requestUri: seen.url,
        bodyHash: 'md5',
      }),
    );
    expect(seen.headers.authorization).toBe('Basic ' + Buffer.from('gateway-user:pa55-w0rd-SECRET').toString('base64'));
  } finally {
    await client.close();
    await server.close();
  }
});

test('the apiKey is percent-encoded as a path segment', async () => {
  const server = await startServer((_req, res) => reply(res, 200, { success: true }));
  const client = clientFor(server.origin, { apiKey: 'key/with space' });
  try {
    await client.deleteProfile({ customerIdentification: 'c-1' });
    expect(server.requests[0].url).toBe('/api/v3/customerProfiles/key%2Fwith%20space/deleteProfile');
  } finally {
    await client.close();
    await server.close();
  }
});
