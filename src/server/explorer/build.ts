/**
 * Bundles the explorer's browser code (client/explorer.jsx: GraphiQL 3, React 18, their CSS and
 * fonts) with esbuild into one script and one stylesheet. `npm run build` runs this file after
 * tsc, writing dist/explorer/; a gateway started from the TypeScript sources (the tests) bundles
 * on first use instead (see bundle.ts). esbuild, GraphiQL and React are dev dependencies: a
 * production install serves what the build wrote and never loads any of them.
 */
import { execFile } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';

/** The repository root: this file is three levels down both as src/server/explorer/build.ts and dist/server/explorer/build.js. */
const ROOT = path.resolve(__dirname, '..', '..', '..');

/** Where `npm run build` puts the bundle. */
export const PREBUILT_DIR = path.join(ROOT, 'dist', 'explorer');

/** The browser entry point; tsc does not copy it to dist/, so it is always read from src/. */
export const CLIENT_ENTRY = path.join(ROOT, 'src', 'server', 'explorer', 'client', 'explorer.jsx');

/** Why the bundle cannot be made here (a production install without dev dependencies, say). */
export class ExplorerBuildError extends Error {
  override name = 'ExplorerBuildError';
}

/**
 * Writes `explorer-<hash>.js` and `explorer-<hash>.css` into `outdir` (emptied first).
 *
 * esbuild runs in a child Node process: inside Jest's module sandbox its JS API trips over
 * realm checks (a TextEncoder result that is not `instanceof` the sandbox's Uint8Array), and a
 * child also keeps esbuild's service process out of the gateway's.
 */
export async function buildExplorerBundle(outdir: string): Promise<void> {
  let esbuild: string;
  try {
    esbuild = require.resolve('esbuild', { paths: [ROOT] });
  } catch {
    throw new ExplorerBuildError('the explorer bundle is missing and esbuild is not installed: run `npm ci && npm run build`');
  }
  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });
  const options = {
    entryPoints: [CLIENT_ENTRY],
    absWorkingDir: ROOT,
    outdir,
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['es2020'],
    platform: 'browser',
    jsx: 'automatic',
    entryNames: '[name]-[hash]',
    assetNames: '[name]-[hash]',
    // Everything the page needs comes from here; GraphiQL's fonts are already data: URLs, and
    // any other font or image would become a file served next to the bundle.
    loader: { '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.svg': 'file', '.png': 'file' },
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  };
  const script = `require(process.argv[1]).build(JSON.parse(process.argv[2])).catch(() => process.exit(1))`;
  await new Promise<void>((resolve, reject) => {
    execFile(process.execPath, ['-e', script, esbuild, JSON.stringify(options)], { maxBuffer: 16 * 1024 * 1024 }, (error, _stdout, stderr) => {
      if (error) reject(new ExplorerBuildError(`bundling the explorer failed: ${stderr.trim() || error.message}`));
      else resolve();
    });
  });
}

// `npm run build`: silent on success, like tsc before it.
if (require.main === module) {
  buildExplorerBundle(PREBUILT_DIR).catch((error: unknown) => {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  });
}
