/**
 * A small Dockerfile reader for the deploy tests: instructions with their build stage, enough to
 * check ENV, EXPOSE, USER, COPY, RUN, HEALTHCHECK and CMD. Not a general parser (no heredocs, no
 * escape directive, no variable substitution).
 */

export interface Instruction {
  /** Upper-case keyword, e.g. `ENV`. */
  keyword: string;
  /** Everything after the keyword, continuation lines joined. */
  args: string;
  /** 0 before the first FROM, then 1, 2, ... per FROM. */
  stage: number;
}

export function parseDockerfile(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let stage = 0;
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    // Comment lines may sit between continuation lines; they end nothing.
    if (line.startsWith('#') || (line === '' && pending === '')) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1).trim()} `;
      continue;
    }
    const whole = (pending + line).trim();
    pending = '';
    if (whole === '') continue;
    const match = /^(\S+)\s*(.*)$/s.exec(whole)!;
    const keyword = match[1].toUpperCase();
    if (keyword === 'FROM') stage++;
    instructions.push({ keyword, args: match[2], stage });
  }
  return instructions;
}

/** The stage the image is made of: the last one. */
export function finalStage(instructions: Instruction[]): Instruction[] {
  const last = Math.max(...instructions.map((i) => i.stage));
  return instructions.filter((i) => i.stage === last);
}

/** `ENV A=1 B="two"` of the given instructions, later ones winning. */
export function envOf(instructions: Instruction[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const { args } of instructions.filter((i) => i.keyword === 'ENV')) {
    for (const [, name, quoted, plain] of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=(?:"([^"]*)"|(\S*))/g)) {
      env[name] = quoted ?? plain;
    }
  }
  return env;
}

/** The JSON array of an exec-form CMD (or HEALTHCHECK ... CMD). */
export function execForm(args: string): string[] {
  const json = args.slice(args.indexOf('['));
  const parsed: unknown = JSON.parse(json);
  if (!Array.isArray(parsed) || !parsed.every((a) => typeof a === 'string')) throw new Error(`not an exec form: ${args}`);
  return parsed;
}

/** Sources a COPY without --from takes from the build context. */
export function contextSources(instructions: Instruction[]): string[] {
  return instructions
    .filter((i) => i.keyword === 'COPY' && !/--from=/.test(i.args))
    .flatMap((i) => {
      const words = i.args.split(/\s+/).filter((w) => !w.startsWith('--'));
      return words.slice(0, -1);
    });
}
