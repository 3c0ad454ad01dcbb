/**
 * How a setting is declared, once: its environment variable, type, default, range and meaning. A
 * module declares the settings of the options it takes next to those options (src/ixopay/settings.ts
 * for the IXOPAY client); src/config builds the environment schema from the declarations, and the
 * module checks options handed to it in code against the very same declarations. So a default or a
 * range is written in exactly one place.
 *
 * This file has no dependencies: declaring settings never loads the configuration machinery.
 */

interface Common {
  /** The environment variable. */
  readonly env: string;
  /** What it does; the README's Configuration table says the same. */
  readonly description: string;
  /** Never echoed in an error message (passwords, secrets, keys). */
  readonly secret?: boolean;
}

export interface IntegerSetting extends Common {
  readonly kind: 'integer';
  readonly min: number;
  readonly max: number;
  readonly default?: number;
}

export interface BooleanSetting extends Common {
  readonly kind: 'boolean';
  readonly default?: boolean;
}

export interface ChoiceSetting<T extends string = string> extends Common {
  readonly kind: 'choice';
  readonly values: readonly T[];
  readonly default?: T;
}

export interface TextSetting extends Common {
  readonly kind: 'text';
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly default?: string;
  /** A further rule: the problem with `value`, or undefined when it is fine. */
  readonly check?: (value: string) => string | undefined;
}

/** A URL. Error messages echo it with any user-info masked, so a credential in it never leaks. */
export interface UrlSetting extends Common {
  readonly kind: 'url';
  readonly default?: string;
  /** The problem with `value`, or undefined when it is fine. Must not quote the value. */
  readonly check: (value: string) => string | undefined;
}

export type Setting = IntegerSetting | BooleanSetting | ChoiceSetting | TextSetting | UrlSetting;

/** A group of settings keyed by option name, e.g. `{ timeoutMs: integer({...}) }`. */
export type Settings = { readonly [option: string]: Setting };

/** The value type a setting yields. */
export type ValueOf<S> = S extends { kind: 'integer' }
  ? number
  : S extends { kind: 'boolean' }
    ? boolean
    : S extends { kind: 'choice'; values: readonly (infer T)[] }
      ? T
      : string;

/** The options a group of settings describes; a setting without a default may be undefined. */
export type SettingsValues<D extends Settings> = {
  -readonly [K in keyof D]: D[K] extends { default: unknown } ? ValueOf<D[K]> : ValueOf<D[K]> | undefined;
};

// Constructors: `const` type parameters keep defaults and choices literal, so SettingsValues knows
// which options always have a value and which choices exist.
export const integer = <const S extends Omit<IntegerSetting, 'kind'>>(s: S) => ({ kind: 'integer' as const, ...s });
export const boolean = <const S extends Omit<BooleanSetting, 'kind'>>(s: S) => ({ kind: 'boolean' as const, ...s });
export const choice = <const S extends Omit<ChoiceSetting, 'kind'>>(s: S) => ({ kind: 'choice' as const, ...s });
export const text = <const S extends Omit<TextSetting, 'kind'>>(s: S) => ({ kind: 'text' as const, ...s });
export const url = <const S extends Omit<UrlSetting, 'kind'>>(s: S) => ({ kind: 'url' as const, ...s });

/**
 * What is wrong with `value` for `setting` (a phrase such as "must be an integer from 1 to 10"),
 * or undefined when it is acceptable. Used for parsed environment values and for options passed in
 * code alike, so both report the same rule.
 */
export function problemWith(setting: Setting, value: unknown): string | undefined {
  switch (setting.kind) {
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value) && value >= setting.min && value <= setting.max
        ? undefined
        : `must be an integer from ${setting.min} to ${setting.max}`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'choice':
      return typeof value === 'string' && setting.values.includes(value) ? undefined : `must be one of: ${setting.values.join(', ')}`;
    case 'text':
      if (typeof value !== 'string') return 'must be a string';
      if (value.length < (setting.minLength ?? 1))
        return setting.minLength ? `must be at least ${setting.minLength} characters` : 'must not be empty';
      if (setting.maxLength !== undefined && value.length > setting.maxLength) return `must be at most ${setting.maxLength} characters`;
      return setting.check?.(value);
    case 'url':
      return typeof value === 'string' ? setting.check(value) : 'must be a URL string';
  }
}

/**
 * `options` over the declared defaults, each value checked. Throws a plain Error naming the option
 * and its variable (never the value: it may be a secret); `label` prefixes the message, e.g.
 * "IXOPAY client option". Keys of `options` not in `settings` are left alone.
 */
export function resolveSettings<D extends Settings>(settings: D, options: Partial<Record<keyof D, unknown>>, label: string): SettingsValues<D> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(settings)) {
    const setting = settings[key];
    const value = options[key] ?? setting.default;
    if (value !== undefined) {
      const problem = problemWith(setting, value);
      if (problem) throw new Error(`${label} ${key} (${setting.env}) ${problem}`);
    }
    out[key] = value;
  }
  return out as SettingsValues<D>;
}
