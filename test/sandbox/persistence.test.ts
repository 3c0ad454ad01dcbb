/**
 * JSON persistence: every mutation is on disk (complete, valid JSON: written to a temp file and
 * renamed) before its response, concurrent mutations all land, and a restart loses nothing.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningSandbox } from '../../src/sandbox/server';
import { call, profilePath, startDemoSandbox, transactionPath } from './helpers';

describe('sandbox persistence', () => {
  let dir: string;
  let dataFile: string;
  const open: RunningSandbox[] = [];

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ixopay-sandbox-'));
    dataFile = join(dir, 'sandbox-data.json');
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
    await rm(dir, { recursive: true, force: true });
  });

  async function start(extra: object = {}): Promise<RunningSandbox> {
    const sandbox = await startDemoSandbox({ dataFile, ...extra });
    open.push(sandbox);
    return sandbox;
  }

  /** The data file parsed; fails the test when it is not complete JSON. */
  async function onDisk(): Promise<{ profiles: { customerIdentification: string; customer: Record<string, unknown> }[]; instruments: unknown[] }> {
    return JSON.parse(await readFile(dataFile, 'utf8'));
  }

  async function leftoverTempFiles(): Promise<string[]> {
    return (await readdir(dir)).filter((name) => name !== 'sandbox-data.json');
  }

  it('writes the seeded store when it starts without a data file', async () => {
    await start();
    const data = await onDisk();
    expect(data).toMatchObject({ version: 1 });
    expect(data.profiles.map((p) => p.customerIdentification)).toContain('cust-0001');
  });

  it('has every mutation on disk as valid JSON before answering, without leftover temp files', async () => {
    const sandbox = await start();
    await call(sandbox, profilePath('updateProfile'), { customerIdentification: 'cust-0001', customerData: { lastName: 'Persisted' } });
    expect((await onDisk()).profiles.find((p) => p.customerIdentification === 'cust-0001')?.customer.lastName).toBe('Persisted');

    await call(sandbox, transactionPath('register'), {
      merchantTransactionId: 'p-1',
      customerProfileData: { customerIdentification: 'persist-new' },
    });
    expect((await onDisk()).profiles.some((p) => p.customerIdentification === 'persist-new')).toBe(true);

    await call(sandbox, profilePath('deleteProfile'), { customerIdentification: 'cust-0005' });
    expect((await onDisk()).profiles.some((p) => p.customerIdentification === 'cust-0005')).toBe(false);

    await call(sandbox, transactionPath('deregister'), { merchantTransactionId: 'p-2', transactionToken: 'pt::0a1b2c3d4e5f60718293' });
    expect(JSON.stringify((await onDisk()).instruments)).not.toContain('pt::0a1b2c3d4e5f60718293');

    expect(await leftoverTempFiles()).toEqual([]);
  });

  it('keeps every one of many concurrent mutations', async () => {
    const sandbox = await start();
    await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        call(sandbox, transactionPath('register'), {
          merchantTransactionId: `c-${i}`,
          customerProfileData: { customerIdentification: `concurrent-${i}` },
        }),
      ),
    );
    const ids = (await onDisk()).profiles.map((p) => p.customerIdentification);
    for (let i = 0; i < 25; i++) expect(ids).toContain(`concurrent-${i}`);
    expect(await leftoverTempFiles()).toEqual([]);
  });

  it('loses nothing across a restart (deletions included: a saved store is not re-seeded)', async () => {
    const first = await start();
    await call(first, profilePath('updateProfile'), {
      customerIdentification: 'cust-0002',
      customerData: { billingCity: 'Sevilla', extraData: { a: 'b' } },
    });
    const reg = (
      await call(first, transactionPath('register'), {
        merchantTransactionId: 'r-1',
        transactionToken: 'iban:AT483200000012345864',
        customerProfileData: { customerIdentification: 'restart-me' },
      })
    ).json();
    await call(first, profilePath('deleteProfile'), { customerIdentification: 'cust-0001' });
    await first.close();

    const second = await start();
    const jose = (await call(second, profilePath('getProfile'), { customerIdentification: 'cust-0002' })).json();
    expect(jose.customer).toMatchObject({ billingCity: 'Sevilla', extraData: { a: 'b' } });
    const restarted = (await call(second, profilePath('getProfile'), { customerIdentification: 'restart-me' })).json();
    expect(restarted.paymentInstruments[0]).toMatchObject({ paymentToken: reg.customerProfileData.paymentToken, method: 'iban' });
    expect((await call(second, profilePath('getProfile'), { customerIdentification: 'cust-0001' })).json().profileExists).toBe(false);
    // Register transactions survive too: the uuid still deregisters.
    const dereg = (await call(second, transactionPath('deregister'), { merchantTransactionId: 'r-2', referenceUuid: reg.uuid })).json();
    expect(dereg.success).toBe(true);
  });

  it('writes the seed back on reset()', async () => {
    const sandbox = await start();
    await call(sandbox, profilePath('deleteProfile'), { customerIdentification: 'cust-0001' });
    await sandbox.reset();
    expect((await onDisk()).profiles.some((p) => p.customerIdentification === 'cust-0001')).toBe(true);
  });

  it('refuses to start on a data file it cannot read, leaving the file alone', async () => {
    await writeFile(dataFile, '{"version":1,"profiles":[', 'utf8');
    await expect(startDemoSandbox({ dataFile })).rejects.toThrow(/not valid JSON/);
    await writeFile(dataFile, '{"hello":"world"}', 'utf8');
    await expect(startDemoSandbox({ dataFile })).rejects.toThrow(/not a sandbox data file/);
    expect(await readFile(dataFile, 'utf8')).toBe('{"hello":"world"}');
  });

  it('adds bench profiles once and keeps them deterministic', async () => {
    const sandbox = await start({ extraProfiles: 12 });
    const bench = (await call(sandbox, profilePath('getProfile'), { customerIdentification: 'bench-0012' })).json();
    expect(bench).toMatchObject({ success: true, profileGuid: 'CP-be00-0000-0000-0000-0000-000c', preferredMethod: 'Creditcard' });
    expect(bench.paymentInstruments[0].paymentToken).toBe('pt::be00000000000000000c');
    await sandbox.close();
    const again = await start({ extraProfiles: 12 });
    expect((await onDisk()).profiles.filter((p) => p.customerIdentification.startsWith('bench-'))).toHaveLength(12);
    expect((await call(again, profilePath('getProfile'), { customerIdentification: 'bench-0001' })).json().success).toBe(true);
  });
});
