/**
 * The explorer's static files, held in memory: what `npm run build` wrote to dist/explorer/ when
 * the gateway runs from dist/, or a fresh bundle made on first use when it runs from the
 * TypeScript sources (Jest), so tests never serve a bundle older than the code they test.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildExplorerBundle, PREBUILT_DIR } from './build';

/** One file served under /explorer/assets/. */
export interface Asset {
  contentType: string;
  body: Buffer;
  /** Precomputed once: the script is about a megabyte and served with the same bytes every time. */
  gzip: Buffer;
}

export interface ExplorerBundle {
  /** File names (content-hashed, so cacheable forever) of the entry script and stylesheet. */
  script: string;
  style: string;
  assets: ReadonlyMap<string, Asset>;
}

/** Loads the bundle once; a failed load is retried by the next call rather than remembered. */
export function bundleLoader(): () => Promise<ExplorerBundle> {
  let pending: Promise<ExplorerBundle> | undefined;
  return () =>
    (pending ??= loadBundle().catch((error: unknown) => {
      pending = undefined;
      throw error;
    }));
}

async function loadBundle(): Promise<ExplorerBundle> {
  const fromSources = path.extname(__filename) === '.ts';
  if (!fromSources) {
    const prebuilt = await readBundle(PREBUILT_DIR).catch(() => undefined);
    if (prebuilt) return prebuilt;
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'explorer-bundle-'));
  try {
    await buildExplorerBundle(dir);
    return await readBundle(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

async function readBundle(dir: string): Promise<ExplorerBundle> {
  const assets = new Map<string, Asset>();
  for (const name of await readdir(dir)) {
    const contentType = CONTENT_TYPES[path.extname(name)];
    if (!contentType) continue;
    const body = await readFile(path.join(dir, name));
    assets.set(name, { contentType, body, gzip: gzipSync(body) });
  }
  const names = [...assets.keys()];
  const script = names.find((name) => /^explorer-\w+\.js$/.test(name));
  const style = names.find((name) => /^explorer-\w+\.css$/.test(name));
  if (!script || !style) throw new Error(`no explorer bundle in ${dir}`);
  return { script, style, assets };
}
