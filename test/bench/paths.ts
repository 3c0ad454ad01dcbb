/** Where the runner finds the repository (it runs from dist-bench/test/bench). */
import { resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../../..');
