/** The README's Configuration table documents every environment variable the gateway reads, and no other. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_VARIABLES } from '../../src/config/config';

it('the README Configuration table lists exactly the variables of src/config', () => {
  const readme = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
  const section = readme.split(/^## Configuration$/m)[1]?.split(/^## /m)[0] ?? '';
  const documented = [...section.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \|/gm)].map((match) => match[1]);
  expect(documented).toEqual([...new Set(documented)]);
  // OpenTelemetry's standard OTEL_* variables are read by its SDK, not by src/config.
  expect(documented.filter((name) => !name.startsWith('OTEL_')).sort()).toEqual([...CONFIG_VARIABLES].sort());
});
