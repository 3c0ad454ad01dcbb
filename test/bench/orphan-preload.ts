/**
 * Preloaded (`node --require …/orphan-preload.js`) into the sandbox and gateway processes the
 * benchmark starts, so they exit if the runner dies without cleaning up (SIGKILL). Adds one
 * unref'd 1 s timer and nothing else.
 */
import { exitWhenOrphaned } from './orphan-guard';

exitWhenOrphaned();
