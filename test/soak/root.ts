/** The repository, found from wherever the soak was compiled to (dist-bench/soak, or a test's own folder). */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const ROOT = findRoot();

/** The repository: the nearest folder up from here with the project's package.json. */
function findRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 8; i++) {
    const file = join(dir, 'package.json');
    if (existsSync(file) && (JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name === 'ixopay-profiles-gateway') return dir;
    dir = dirname(dir);
  }
  throw new Error(`no ixopay-profiles-gateway package.json above ${__dirname}`);
}
