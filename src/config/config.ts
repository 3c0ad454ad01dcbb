/**
 * Environment -> one validated, typed Config, built once at start-up. Nothing else in the gateway
 * reads `process.env`: main.ts calls `loadConfig(process.env)` and passes the result on.
 *
 * Each variable is declared once, with its default and range, next to the options it sets
 * (src/ixopay/settings.ts for the IXOPAY client, ./sections.ts and ./auth.ts for the rest); this
 * file only combines the sections and applies the rules that span variables.
 */
import { IXOPAY_CONNECTION_SETTINGS, IXOPAY_SETTINGS, tuningProblems, type IxopayConnection, type IxopayTuning } from '../ixopay/settings';
import { AUTH_SETTINGS, authConfig, type AuthConfig } from './auth';
import type { Setting, Settings, SettingsValues } from './declare';
import { environmentSchema, parseEnvironment, problemLine, valuesOf } from './schema';
import {
  DEMO_SANDBOX_SETTINGS,
  FLEET_SETTINGS,
  fleetProblems,
  LIMIT_SETTINGS,
  LOADER_SETTINGS,
  LOG_SETTINGS,
  NODE_ENV_SETTING,
  RETIRED_VARIABLES,
  SERVER_SETTINGS,
} from './sections';

/** The gateway's whole configuration. */
export interface Config {
  /** production unless asked otherwise; demo mode defaults to development. */
  nodeEnv: 'development' | 'production' | 'test';
  server: Omit<SettingsValues<typeof SERVER_SETTINGS>, 'introspection'> & {
    /** Introspection and the Apollo Sandbox landing page. */
    introspection: boolean;
  };
  /**
   * Where the IXOPAY client connects. `demo`: no IXOPAY_BASE_URL, so app.ts starts the embedded
   * sandbox and takes its URL and credentials; `remote`: the configured connection.
   */
  upstream: { mode: 'demo'; sandbox: SettingsValues<typeof DEMO_SANDBOX_SETTINGS> } | { mode: 'remote'; connection: IxopayConnection };
  /** How the IXOPAY client behaves: its options, passed to it unchanged. */
  ixopay: IxopayTuning;
  loader: SettingsValues<typeof LOADER_SETTINGS>;
  limits: SettingsValues<typeof LIMIT_SETTINGS>;
  auth: AuthConfig;
  log: SettingsValues<typeof LOG_SETTINGS>;
  /** Shared state of several replicas (Redis) and the upstream quota; see FLEET_SETTINGS. */
  fleet: SettingsValues<typeof FLEET_SETTINGS>;
  /** Start-up notices that are not errors (e.g. a retired variable still set); app.ts logs them. */
  warnings: string[];
}

/** Start-up stops with this; the message names every wrong or missing variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

const GROUPS: readonly Settings[] = [
  SERVER_SETTINGS,
  IXOPAY_CONNECTION_SETTINGS,
  IXOPAY_SETTINGS,
  DEMO_SANDBOX_SETTINGS,
  LOADER_SETTINGS,
  LIMIT_SETTINGS,
  AUTH_SETTINGS,
  LOG_SETTINGS,
  FLEET_SETTINGS,
];
const SCHEMA = environmentSchema(GROUPS, [NODE_ENV_SETTING]);
const BY_ENV: ReadonlyMap<string, Setting> = new Map([...GROUPS.flatMap((g) => Object.values(g)), NODE_ENV_SETTING].map((s) => [s.env, s] as const));

/** Every environment variable the gateway reads (deployment manifests are checked against it). */
export const CONFIG_VARIABLES: readonly string[] = [...BY_ENV.keys()];

/** Parses and validates the environment; throws ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  // Empty strings mean "unset": shells and compose files often export VAR= .
  const input: Record<string, string> = {};
  for (const name of CONFIG_VARIABLES) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') input[name] = value;
  }
  const parsed = parseEnvironment(SCHEMA, BY_ENV, input);
  if ('problems' in parsed) throw new ConfigError(parsed.problems);
  const byEnv = parsed.values;
  const problems: string[] = [];

  const connection = valuesOf(IXOPAY_CONNECTION_SETTINGS, byEnv);
  const demo = connection.baseUrl === undefined;
  const explicitEnv = byEnv[NODE_ENV_SETTING.env] as Config['nodeEnv'] | undefined;
  // Production unless development is asked for: a deployment that forgets NODE_ENV must not expose
  // stack traces, upstream messages, introspection and the landing page. Demo mode stays friendly.
  const nodeEnv = explicitEnv ?? (demo ? 'development' : 'production');
  const production = nodeEnv === 'production';

  let upstream: Config['upstream'];
  if (demo) {
    if (explicitEnv === 'production') problems.push('IXOPAY_BASE_URL: required when NODE_ENV=production (demo mode is for local use)');
    // Credentials without a base URL are a deployment that lost its IXOPAY_BASE_URL, not a demo.
    for (const [key, setting] of Object.entries(IXOPAY_CONNECTION_SETTINGS)) {
      if (connection[key as keyof typeof connection] !== undefined) {
        problems.push(
          `${setting.env}: set without IXOPAY_BASE_URL; set IXOPAY_BASE_URL too, or unset it for demo mode (the embedded sandbox brings its own credentials)`,
        );
      }
    }
    upstream = { mode: 'demo', sandbox: valuesOf(DEMO_SANDBOX_SETTINGS, byEnv) };
  } else {
    for (const key of ['username', 'password', 'apiKey', 'sharedSecret'] as const) {
      if (connection[key] === undefined) problems.push(`${IXOPAY_CONNECTION_SETTINGS[key].env}: required when IXOPAY_BASE_URL is set`);
    }
    upstream = { mode: 'remote', connection: withoutUndefined(connection) as IxopayConnection };
  }

  const ixopay = valuesOf(IXOPAY_SETTINGS, byEnv);
  for (const { option, problem } of tuningProblems(ixopay)) {
    const setting = IXOPAY_SETTINGS[option];
    problems.push(problemLine(setting.env, problem, setting, input[setting.env]));
  }

  const auth = authConfig(valuesOf(AUTH_SETTINGS, byEnv), { demo, production }, problems);
  const fleet = valuesOf(FLEET_SETTINGS, byEnv);
  for (const [variable, problem] of fleetProblems(fleet)) problems.push(`${variable}: ${problem}`);
  if (problems.length > 0) throw new ConfigError(problems);

  const server = valuesOf(SERVER_SETTINGS, byEnv);
  return {
    nodeEnv,
    server: {
      ...server,
      introspection: server.introspection ?? !production,
      fastPath: server.compiledExecution && server.fastPath,
    },
    upstream,
    ixopay,
    loader: valuesOf(LOADER_SETTINGS, byEnv),
    limits: valuesOf(LIMIT_SETTINGS, byEnv),
    auth,
    log: valuesOf(LOG_SETTINGS, byEnv),
    fleet,
    warnings: Object.keys(RETIRED_VARIABLES)
      .filter((name) => env[name] !== undefined && env[name] !== '')
      .map((name) => `${name} is no longer read: ${RETIRED_VARIABLES[name]}`),
  };
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
