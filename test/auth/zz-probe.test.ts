import { jwtVerify, SignJWT } from 'jose';
test('probe', async () => {
  const key = new TextEncoder().encode('x'.repeat(32));
  const t = await new SignJWT({ a: 1 }).setProtectedHeader({ alg: 'HS256' }).sign(key);
  const r = await jwtVerify(t, key);
  expect(r.payload.a).toBe(1);
});
