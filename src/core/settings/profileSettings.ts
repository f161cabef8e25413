import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProfileFiles } from '../profile/profileFiles';
import { SETTINGS, defaultSettings, readSettings, type SettingSpec, type SettingsSnapshot } from './settingsTable';

/**
 * The editor's `metahuman.*` settings, mirrored into the profile so `mh` in a terminal works the
 * way the person set MetaHuman up in VS Code (the model provider, trust thresholds, capture rules).
 * VS Code writes it; `mh` only reads it. The profile folder itself is machine-specific and left out.
 */
export const PROFILE_SETTINGS_FILE = 'settings.json';

interface SettingsFile {
  writtenBy: string;
  at: string;
  /** By setting key below `metahuman.` (`llm.provider`). */
  values: Record<string, unknown>;
}

export interface ProfileSettings {
  values: SettingsSnapshot;
  /** Who wrote the mirror and when; absent when there is none (defaults). */
  from?: { writtenBy: string; at: string };
  /** Why the mirror could not be used, naming the file; the defaults stand in. */
  problem?: string;
}

function byKey(values: SettingsSnapshot): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(SETTINGS) as [keyof SettingsSnapshot, SettingSpec<unknown>][]) {
    if (name !== 'profilePath') out[spec.key] = values[name];
  }
  return out;
}

/** Writes the mirror when it differs from what is there (several windows write the same values). */
export function writeProfileSettings(files: ProfileFiles, values: SettingsSnapshot, writtenBy: string, now: Date): boolean {
  const next = byKey(values);
  const current = parse(files.read(PROFILE_SETTINGS_FILE)?.toString('utf8'));
  if (current && JSON.stringify(current.values) === JSON.stringify(next)) return false;
  const file: SettingsFile = { writtenBy, at: now.toISOString(), values: next };
  files.writeAtomic(PROFILE_SETTINGS_FILE, `${JSON.stringify(file, null, 2)}\n`);
  return true;
}

/** The settings `mh` runs with: the mirror's values, each checked against the table; defaults where it has none. */
export function readProfileSettings(profileDir: string): ProfileSettings {
  const path = join(profileDir, PROFILE_SETTINGS_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { values: defaultSettings() };
    return { values: defaultSettings(), problem: `${path} could not be read (${(error as Error).message}); using the default settings.` };
  }
  const file = parse(text);
  if (!file) return { values: defaultSettings(), problem: `${path} is not a settings file MetaHuman wrote (broken JSON or no "values" object); using the default settings. VS Code writes it again when MetaHuman starts.` };
  const values = readSettings((key) => file.values[key]);
  return { values: { ...values, profilePath: '' }, from: { writtenBy: file.writtenBy, at: file.at } };
}

function parse(text: string | undefined): SettingsFile | undefined {
  if (text === undefined) return undefined;
  try {
    const data = JSON.parse(text) as Partial<SettingsFile> | null;
    if (!data || typeof data !== 'object' || !data.values || typeof data.values !== 'object' || Array.isArray(data.values)) return undefined;
    return { writtenBy: typeof data.writtenBy === 'string' ? data.writtenBy : 'unknown', at: typeof data.at === 'string' ? data.at : '', values: data.values };
  } catch {
    return undefined;
  }
}
