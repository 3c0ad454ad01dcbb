/**
 * Defaults and ranges of startSandbox's options, written once here: server.ts applies them and
 * the standalone entry point (main.ts) uses the same values for its environment variables.
 */
import type { SandboxCredentials, SandboxOptions } from './server';
import { checkMissingProfileWrite, SETTING_DEFAULTS, SETTING_RANGES, SettingsError } from './settings';

export const OPTION_DEFAULTS = Object.freeze({
  host: '127.0.0.1',
  port: 0,
  maxClockSkewSeconds: 0,
  extraProfiles: 0,
  ...SETTING_DEFAULTS,
});

/** Inclusive integer ranges of the numeric options. */
export const OPTION_RANGES = Object.freeze({
  port: { min: 0, max: 65_535 },
  maxClockSkewSeconds: { min: 0, max: 365 * 86_400 },
  extraProfiles: { min: 0, max: 1_000_000 },
  ...SETTING_RANGES,
});

/** Throws a TypeError naming the first bad option. */
export function validateOptions(options: SandboxOptions): void {
  const c = options.credentials as Partial<SandboxCredentials> | undefined;
  for (const key of ['username', 'password', 'apiKey', 'sharedSecret'] as const) {
    if (typeof c?.[key] !== 'string' || c[key] === '') throw new TypeError(`startSandbox: credentials.${key} must be a non-empty string`);
  }
  for (const name of Object.keys(OPTION_RANGES) as (keyof typeof OPTION_RANGES)[]) {
    const value = options[name];
    const { min, max } = OPTION_RANGES[name];
    if (value !== undefined && (!Number.isInteger(value) || value < min || value > max)) {
      throw new TypeError(`startSandbox: ${name} must be an integer between ${min} and ${max}`);
    }
  }
  if (options.missingProfileWrite !== undefined) {
    try {
      checkMissingProfileWrite(options.missingProfileWrite);
    } catch (error) {
      if (error instanceof SettingsError) throw new TypeError(`startSandbox: ${error.message}`);
      throw error;
    }
  }
  if (options.clock !== undefined && typeof options.clock !== 'function')
    throw new TypeError('startSandbox: clock must be a function returning a Date');
}
