import { SETTINGS, type SettingSpec } from './settingsTable';

/** The table as VS Code's `contributes.configuration.properties`. */
export function configurationProperties(): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const s of Object.values(SETTINGS) as Array<SettingSpec<unknown>>) {
    out[`metahuman.${s.key}`] = {
      type: s.type,
      default: s.default,
      markdownDescription: s.description,
      scope: s.scope,
      ...(s.enum ? { enum: s.enum } : {}),
      ...(s.minimum !== undefined ? { minimum: s.minimum } : {}),
      ...(s.maximum !== undefined ? { maximum: s.maximum } : {}),
    };
  }
  return out;
}
