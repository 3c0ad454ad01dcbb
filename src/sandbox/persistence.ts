/**
 * Optional JSON persistence of the whole store. Writes are atomic (temp file in the same
 * directory, then rename, so readers only ever see a complete file), serialised (one write at a
 * time) and coalesced (mutations that arrive during a write share the next one). All file access
 * is async: nothing blocks the request path.
 */
import { randomBytes } from 'node:crypto';
import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Reads and parses the data file; undefined when it does not exist yet. */
export async function loadDataFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Refuse to start rather than overwrite a file we cannot read.
    throw new Error(`sandbox data file ${file} is not valid JSON`);
  }
}

/** Writes snapshots of the store to one file, atomically and one at a time. */
export class Persister {
  private writing: Promise<void> | null = null;
  private waiting: { promise: Promise<void>; resolve: () => void } | null = null;

  /**
   * @param file target path
   * @param snapshot produces the current store content; called when a write starts, so a write
   *   always contains every mutation made before it started
   * @param onError reports a failed write (the in-memory store stays authoritative)
   */
  constructor(
    private readonly file: string,
    private readonly snapshot: () => unknown,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Schedules a write; resolves once a write that includes the current state has finished. */
  save(): Promise<void> {
    if (!this.waiting) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      this.waiting = { promise, resolve };
    }
    const { promise } = this.waiting;
    if (!this.writing) this.startWrite();
    return promise;
  }

  /** Resolves when no write is running or scheduled. */
  async flush(): Promise<void> {
    while (this.writing || this.waiting) {
      await (this.writing ?? this.waiting?.promise);
    }
  }

  private startWrite(): void {
    const batch = this.waiting;
    this.waiting = null;
    const text = JSON.stringify(this.snapshot(), null, 2);
    this.writing = writeAtomically(this.file, text)
      .catch((error: unknown) => this.onError(error))
      .finally(() => {
        this.writing = null;
        batch?.resolve();
        if (this.waiting) this.startWrite();
      });
  }
}

/** Writes `text` to a temp file next to `file`, then renames it over `file`. */
async function writeAtomically(file: string, text: string): Promise<void> {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, text, 'utf8');
    await rename(tmp, file);
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
}
