/**
 * The environment schema, built with zod from the settings declarations (./declare.ts), and the
 * wording of its errors: each names the variable, says what is expected and echoes the value it
 * got — unless the setting is secret, and with any user-info of a URL masked.
 */
import { z } from 'zod';
import { problemWith, type Setting, type Settings, type SettingsValues } from './declare';

/** Every variable of the given groups → its zod schema (a string in, the typed value out). */
export function environmentSchema(groups: readonly Settings[], single: readonly Setting[] = []) {
  const shape: Record<string, z.ZodType<unknown>> = {};
  for (const setting of [...groups.flatMap((g) => Object.values(g)), ...single]) {
    if (shape[setting.env]) throw new Error(`${setting.env} is declared twice`);
    shape[setting.env] = variableSchema(setting);
  }
  return z.object(shape);
}

/** Parses the environment; returns the values by variable name, or one problem line per bad variable. */
export function parseEnvironment(
  schema: ReturnType<typeof environmentSchema>,
  settingsByEnv: ReadonlyMap<string, Setting>,
  input: Record<string, string>,
): { values: Record<string, unknown> } | { problems: string[] } {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { values: parsed.data };
  return {
    problems: parsed.error.issues.map((issue) => {
      const env = String(issue.path[0]);
      const setting = settingsByEnv.get(env);
      return problemLine(env, issue.message, setting, input[env]);
    }),
  };
}

/** `VAR: what is wrong; got "value"` (the value left out for secrets). */
export function problemLine(env: string, problem: string, setting: Setting | undefined, raw: string | undefined): string {
  if (raw === undefined || setting === undefined || setting.secret) return `${env}: ${problem}`;
  return `${env}: ${problem}; got ${echo(setting.kind === 'url' ? maskUserInfo(raw) : raw)}`;
}

/** The group's options from parsed values by variable; unset ones take the declared default. */
export function valuesOf<D extends Settings>(group: D, byEnv: Record<string, unknown>): SettingsValues<D> {
  const out: Record<string, unknown> = {};
  for (const [key, setting] of Object.entries(group)) out[key] = byEnv[setting.env] ?? setting.default;
  return out as SettingsValues<D>;
}

const INVALID = Symbol('invalid');

function variableSchema(setting: Setting): z.ZodType<unknown> {
  return z
    .string()
    .transform((raw, ctx) => {
      const value = fromText(setting, raw);
      // An unparsable text gets the same rule as a value out of range ("must be an integer from…").
      const problem = value === INVALID ? (problemWith(setting, Number.NaN) ?? 'is not valid') : problemWith(setting, value);
      if (problem !== undefined) {
        ctx.addIssue({ code: 'custom', message: problem });
        return z.NEVER;
      }
      return value;
    })
    .optional();
}

function fromText(setting: Setting, raw: string): unknown {
  const text = raw.trim();
  switch (setting.kind) {
    case 'integer':
      return /^[+-]?\d{1,15}$/.test(text) ? Number(text) : INVALID;
    case 'boolean': {
      const lower = text.toLowerCase();
      return lower === 'true' || lower === '1' ? true : lower === 'false' || lower === '0' ? false : INVALID;
    }
    default:
      return text;
  }
}

const MAX_ECHO = 80;

/** The value quoted and escaped (a control character cannot forge a log line), shortened when long. */
function echo(raw: string): string {
  const shown = raw.length > MAX_ECHO ? raw.slice(0, MAX_ECHO) + '…' : raw;
  return JSON.stringify(shown);
}

/** `https://user:pw@host/` → `https://***@host/`; for text URL cannot parse, everything up to the last `@`. */
export function maskUserInfo(raw: string): string {
  if (!raw.includes('@')) return raw;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return '***' + raw.slice(raw.lastIndexOf('@'));
  }
  if (url.username === '' && url.password === '') return raw;
  url.username = '***';
  url.password = '';
  return url.href;
}
