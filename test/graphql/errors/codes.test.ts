/** The README's error table and the code table (src/graphql/errors/codes.ts) list the same codes. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_CODES } from '../../../src/graphql/errors';

function readmeErrorCodes(): string[] {
  const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');
  const section = readme.split(/^## Errors$/m)[1]?.split(/^## /m)[0] ?? '';
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `') && !line.startsWith('| `extensions.code`'))
    .map((line) => /^\| `([A-Z_]+)` \|/.exec(line)?.[1] ?? `unparsable row: ${line}`);
}

describe('error codes', () => {
  it('the README documents every code the gateway sends, one row each, and no other', () => {
    const documented = readmeErrorCodes();
    expect(documented).toEqual([...new Set(documented)]);
    expect([...documented].sort()).toEqual(Object.keys(ERROR_CODES).sort());
  });
});
