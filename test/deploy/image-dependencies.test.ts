/**
 * The image installs production dependencies only (`npm ci --omit=dev`), so every package the
 * compiled code loads at run time must be in the lockfile's production tree; otherwise the
 * container would crash on a require that every test (run with dev dependencies) passes.
 * Type-only imports are erased by tsc and do not count.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { ROOT } from './support/deploy-files';

/** Every .ts file under a folder. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** Package names a file loads at run time: static imports and re-exports that are not type-only, require(), import(). */
function runtimePackages(source: string): string[] {
  const specifiers: string[] = [];
  for (const match of source.matchAll(/^\s*(import|export)\s+(type\s+)?[^;]*?\sfrom\s+['"]([^'"]+)['"]/gm)) {
    if (!match[2]) specifiers.push(match[3]);
  }
  for (const match of source.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) specifiers.push(match[1]);
  for (const match of source.matchAll(/\b(?:require|import)\(\s*['"]([^'"]+)['"]\s*\)/g)) specifiers.push(match[1]);
  return specifiers
    .filter((s) => !s.startsWith('.') && !s.startsWith('node:') && !builtinModules.includes(s))
    .map((s) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]));
}

it('every package src/ loads at run time is installed without dev dependencies', () => {
  const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));
  const missing: string[] = [];
  const seen = new Set<string>();
  for (const file of sourceFiles(path.join(ROOT, 'src'))) {
    for (const name of runtimePackages(readFileSync(file, 'utf8'))) {
      seen.add(name);
      const entry = lock.packages[`node_modules/${name}`];
      if (!entry || entry.dev) missing.push(`${name} (${path.relative(ROOT, file)})`);
    }
  }
  expect(seen).toContain('@apollo/server');
  expect(missing).toEqual([]);
});

it('the import scan sees what it must: value imports yes, type-only imports no', () => {
  const sample = [
    "import { a } from 'pkg-a';",
    "import type { B } from 'pkg-b';",
    "export { c } from '@scope/pkg-c/sub';",
    "import 'pkg-d';",
    "const e = require('pkg-e');",
    "import { f } from './local';",
    "import { g } from 'node:fs';",
  ].join('\n');
  expect(runtimePackages(sample).sort()).toEqual(['@scope/pkg-c', 'pkg-a', 'pkg-d', 'pkg-e']);
});
