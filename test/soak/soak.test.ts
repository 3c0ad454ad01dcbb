/**
 * `npm run soak` as a smoke test: an 8-second soak (real sandbox and gateway processes on
 * loopback, faults armed) prints exactly one summary line and exits 0. The soak itself is a tool,
 * run for minutes outside `npm test` (test/soak/README.md).
 *
 * The fault mix here leaves out two modes, for time and for a known finding, not for luck:
 * - `hang`: a hung write holds its worker for the gateway's whole write deadline (10 s);
 * - `429`: every 429 starts the gateway's cool-down, which fails new calls fast for the whole
 *   Retry-After; at 5 % faults that is a large share of reads (see the README), which would make
 *   this test a measurement of that policy rather than of the soak.
 * Both are part of the default mix of `npm run soak`.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '../..');
let outDir: string;

beforeAll(() => {
  // Inside the repository (node_modules resolves like dist/ does), in a folder git and eslint ignore.
  mkdirSync(join(root, 'dist-bench'), { recursive: true });
  outDir = mkdtempSync(join(root, 'dist-bench', 'soak-test-'));
  // Emit only: `npm test` type-checks these files already.
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.soak.json', '--outDir', outDir, '--noCheck'], {
    cwd: root,
    stdio: 'pipe',
  });
}, 60_000);

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

test('a short soak under faults prints one summary line and exits 0', async () => {
  const args = [
    join(outDir, 'test/soak/run.js'),
    '--seconds',
    '8',
    '--seed',
    '1234',
    '--modes',
    '500,malformed,reset-connection,wrong-shape,applied-then-reset,applied-then-502',
    '--logs',
    join(outDir, 'logs'),
  ];
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  // SIGINT lets the soak stop its own children; it prints its summary as INTERRUPTED.
  const guard = setTimeout(() => child.kill('SIGINT'), 50_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  clearTimeout(guard);

  const lines = stdout.trim().split('\n');
  expect({ code, lines: lines.length, stderr: code === 0 ? '' : stderr.slice(-4000) }).toEqual({ code: 0, lines: 1, stderr: '' });
  expect(lines[0]).toMatch(
    /^soak PASS \d+s seed 1234 .*\| requests \d+ .*\| faults \d+ of \d+ upstream calls .*\| mutations confirmed \d+ \/ reported failed \d+ \/ outcome unknown \d+ .*\| reads served [\d.]+% .*\| violations \{\}$/,
  );
}, 70_000);
