/** Where the runner finds the repository and its compiled helpers (it runs from dist-bench/test/bench). */
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../../..');

/** Makes a child exit when this runner is gone (see orphan-preload.ts). */
export const ORPHAN_PRELOAD = join(__dirname, 'orphan-preload.js');
