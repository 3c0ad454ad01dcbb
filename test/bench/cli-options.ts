/**
 * Command-line parsing shared by `npm run bench` and `npm run soak`: one strict parseArgs call
 * that knows -h/--help, the value parsers both tools use, and how a bad command line ends (the
 * problem and the usage on stderr, exit 2). The value parsers throw an Error whose message is
 * meant for the user, so a tool's whole parse can run inside `parseOrExit`.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/**
 * The values of `argv` for `options` (strict: an unknown option, a missing value or a positional
 * argument throws). -h/--help prints the usage to stdout and exits 0, after the parse, so a
 * command line with a mistake fails even with --help.
 */
export function parseCommandLine<O extends OptionSpecs>(argv: string[], options: O, usage: () => string) {
  const { values } = parseArgs({ args: argv, options: { ...options, ...HELP }, strict: true, allowPositionals: false });
  // The values' type is only known where `options` is; `help` is always there.
  if ((values as { help?: boolean }).help) {
    process.stdout.write(`${usage()}\n`);
    process.exit(0);
  }
  return values;
}

/** Runs a tool's parse; a problem is printed as `tool: message` and the usage, and exits 2. */
export function parseOrExit<T>(tool: string, usage: () => string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    process.stderr.write(`${tool}: ${(error as Error).message}\n${usage()}\n`);
    process.exit(2);
  }
}

/** `--name N`: a number in [min, max], or `fallback` when the option is absent. */
export function numberOption(name: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < min || value > max) throw new Error(`--${name} must be a number in [${min}, ${max}], got "${text}"`);
  return value;
}

/**
 * `--name 1,2,3`: integers, each accepted by `allowed`, duplicates dropped; `none` or an empty
 * value is the empty list, an absent option `fallback`.
 */
export function numberListOption(name: string, text: string | undefined, fallback: number[], allowed?: (n: number) => boolean): number[] {
  if (text === undefined) return fallback;
  if (text.trim() === 'none' || text.trim() === '') return [];
  const items = text.split(',').map((s) => Number(s.trim()));
  for (const n of items) if (!Number.isInteger(n) || (allowed && !allowed(n))) throw new Error(`--${name}: bad value in "${text}"`);
  return [...new Set(items)];
}

/** Node flags given as one string (`--gateway-flags="--a --b=1"`): split on whitespace, no quoting. */
export function nodeFlagsOption(text: string): string[] {
  return text.split(/\s+/).filter(Boolean);
}

/** `--name K=V,K2=V2`: environment variables; a pair without a key before its `=` is an error. */
export function envPairsOption(name: string, text: string | undefined): Record<string, string> {
  return Object.fromEntries(
    (text ?? '')
      .split(',')
      .filter(Boolean)
      .map((pair) => {
        const at = pair.indexOf('=');
        if (at < 1) throw new Error(`--${name}: expected K=V, got "${pair}"`);
        return [pair.slice(0, at), pair.slice(at + 1)];
      }),
  );
}

type OptionSpecs = NonNullable<ParseArgsConfig['options']>;

/** Every tool has -h/--help. */
const HELP = { help: { type: 'boolean', short: 'h', default: false } } as const;
