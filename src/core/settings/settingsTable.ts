/**
 * Every `metahuman.*` setting, declared once: key, type, default and description. The host reads
 * VS Code's configuration through this table, the CLI uses the defaults, and a test checks the
 * table against package.json's `contributes.configuration` so the two never drift.
 */
export interface SettingSpec<T> {
  /** Key below `metahuman.`. */
  key: string;
  type: 'string' | 'number' | 'boolean';
  default: T;
  description: string;
  enum?: readonly T[];
  minimum?: number;
  maximum?: number;
  /** `machine`: the folder differs per machine and is never synced; `window`: per window. */
  scope: 'application' | 'machine' | 'window' | 'resource';
}

function spec<T>(s: SettingSpec<T>): SettingSpec<T> {
  return s;
}

export const SETTINGS = {
  profilePath: spec<string>({
    key: 'profilePath',
    type: 'string',
    default: '',
    description: 'Folder that holds your profile (persona, memories, audit). Empty: $MH_PROFILE, else ~/.metahuman. The `mh` CLI uses the same folder.',
    scope: 'machine',
  }),
  requestTimeoutSeconds: spec<number>({
    key: 'engine.requestTimeoutSeconds',
    type: 'number',
    default: 30,
    minimum: 1,
    maximum: 600,
    description: 'How long the editor waits for the background engine to answer a request before reporting an error.',
    scope: 'application',
  }),
} as const;

export type SettingsKey = keyof typeof SETTINGS;
export type SettingsSnapshot = { [K in SettingsKey]: (typeof SETTINGS)[K]['default'] };

/** The defaults as a plain snapshot (for the CLI and tests). */
export function defaultSettings(): SettingsSnapshot {
  const entries = Object.entries(SETTINGS).map(([name, s]) => [name, s.default]);
  return Object.fromEntries(entries) as SettingsSnapshot;
}

/** Reads a snapshot through any getter (VS Code's configuration in the host). */
export function readSettings(get: (key: string) => unknown): SettingsSnapshot {
  const out: Record<string, unknown> = {};
  for (const [name, s] of Object.entries(SETTINGS) as Array<[string, SettingSpec<unknown>]>) {
    const value = get(s.key);
    out[name] = typeof value === s.type && (!s.enum || s.enum.includes(value)) ? value : s.default;
  }
  return out as SettingsSnapshot;
}
