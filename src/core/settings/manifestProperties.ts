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
      // A list of strings: VS Code's settings UI then offers a list editor instead of "Edit in settings.json".
      ...(s.type === 'array' ? { items: { type: 'string' } } : {}),
      ...(s.enum ? { enum: s.enum } : {}),
      ...(s.minimum !== undefined ? { minimum: s.minimum } : {}),
      ...(s.maximum !== undefined ? { maximum: s.maximum } : {}),
    };
  }
  return out;
}
