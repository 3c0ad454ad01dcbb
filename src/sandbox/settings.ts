/**
 * The knobs that can change while the sandbox runs: latency, the form of "profile not found" on
 * update/delete, and the rate limit. One definition of their defaults and ranges serves
 * startSandbox options, the standalone environment (main.ts), the control endpoint and
 * RunningSandbox.updateSettings.
 */

/**
 * How updateProfile/deleteProfile answer for a profile that does not exist (undocumented,
 * API.md §8 item 6): `200` = HTTP 200 with the error object (errorCode 1002), like the
 * platform's other profile errors; `404` = HTTP 404 with the error object plus
 * `profileExists:false`.
 */
export const MISSING_PROFILE_WRITE_FORMS = ['200', '404'] as const;

export type MissingProfileWriteForm = (typeof MISSING_PROFILE_WRITE_FORMS)[number];

export interface SandboxSettings {
  /** Fixed latency added to every API call, in ms. */
  latencyMs: number;
  missingProfileWrite: MissingProfileWriteForm;
  /** Authenticated API calls admitted per one-second window; 0 = unlimited. */
  rateLimitPerSecond: number;
}

export const SETTING_DEFAULTS: Readonly<SandboxSettings> = Object.freeze({
  latencyMs: 0,
  missingProfileWrite: '200',
  rateLimitPerSecond: 0,
});

/** Inclusive integer ranges of the numeric settings. */
export const SETTING_RANGES = Object.freeze({
  latencyMs: { min: 0, max: 60_000 },
  rateLimitPerSecond: { min: 0, max: 1_000_000 },
});

/** A settings value that cannot be applied; the message names the field. */
export class SettingsError extends Error {}

/** Validates an untrusted patch (e.g. a control request body); unknown keys are refused. */
export function parseSettingsPatch(input: unknown): Partial<SandboxSettings> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new SettingsError('settings must be a JSON object');
  const patch: Partial<SandboxSettings> = {};
  for (const [key, value] of Object.entries(input)) {
    switch (key) {
      case 'latencyMs':
      case 'rateLimitPerSecond':
        patch[key] = checkInteger(key, value);
        break;
      case 'missingProfileWrite':
        patch.missingProfileWrite = checkMissingProfileWrite(value);
        break;
      default:
        throw new SettingsError(`unknown setting "${key.slice(0, 40)}" (known: latencyMs, missingProfileWrite, rateLimitPerSecond)`);
    }
  }
  return patch;
}

export function isMissingProfileWriteForm(value: unknown): value is MissingProfileWriteForm {
  return typeof value === 'string' && (MISSING_PROFILE_WRITE_FORMS as readonly string[]).includes(value);
}

/** The value if it is a known missing-profile form, else a SettingsError. */
export function checkMissingProfileWrite(value: unknown): MissingProfileWriteForm {
  if (!isMissingProfileWriteForm(value))
    throw new SettingsError(`missingProfileWrite must be one of ${MISSING_PROFILE_WRITE_FORMS.map((f) => `"${f}"`).join(', ')}`);
  return value;
}

function checkInteger(name: keyof typeof SETTING_RANGES, value: unknown): number {
  const { min, max } = SETTING_RANGES[name];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new SettingsError(`${name} must be an integer between ${min} and ${max}`);
  }
  return value;
}
