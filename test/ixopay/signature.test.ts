/** Every kind:"signature" vector of the official PHP client reproduces through signature.ts. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sign, stringToSign, type BodyHashAlgorithm } from '../../src/ixopay/signature';

interface SignatureVector {
  name: string;
  kind: string;
  sharedSecret: string;
  method: string;
  body: string;
  contentType: string;
  date: string;
  requestUri: string;
  bodyHash: BodyHashAlgorithm;
  stringToSign: string;
  expectedSignature: string;
}

const vectors = (JSON.parse(readFileSync(join(__dirname, '../fixtures/signature-vectors.json'), 'utf8')) as SignatureVector[]).filter(
  (v) => v.kind === 'signature',
);

test('the fixture holds signature vectors', () => {
  expect(vectors.length).toBeGreaterThanOrEqual(166);
});

test.each(vectors.map((v) => [v.name, v] as const))('%s', (_name, v) => {
  const input = { method: v.method, body: v.body, contentType: v.contentType, date: v.date, requestUri: v.requestUri, bodyHash: v.bodyHash };
  expect(stringToSign(input)).toBe(v.stringToSign);
  expect(sign(v.sharedSecret, input)).toBe(v.expectedSignature);
});
