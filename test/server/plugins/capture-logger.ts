/** A gateway logger (createLogger) whose JSON lines the test can read. */
import { Writable } from 'node:stream';
import { createLogger } from '../../../src/server/logger';

export function captureLogger(level = 'debug') {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      callback();
    },
  });
  return {
    logger: createLogger({ level, destination }),
    lines,
    records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
