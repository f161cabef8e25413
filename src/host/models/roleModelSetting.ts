import type { ModelsStatus } from '../../protocol/modelsProtocol';

type Role = ModelsStatus['roles'][number]['role'];

/** The settings a role's model may be written to from the models view (under `metahuman.`). */
const WRITABLE = new Set(['llm.ollama.model', 'llm.openai.model', 'llm.reflectionModel', 'llm.dreamingModel', 'llm.organizingModel', 'search.ollamaModel']);

export type RoleModelChange = { ok: true; key: string; value: string; text: string } | { ok: false; error: string };

/**
 * Which setting a change of a role's model writes, checked against the status the engine gave:
 * the chat model only for a provider with a model setting, the embedding model only when search
 * embeds with Ollama, and never a name with line breaks or an empty chat model for Ollama.
 */
export function roleModelChange(status: ModelsStatus, role: Role, model: string): RoleModelChange {
  const row = status.roles.find((r) => r.role === role);
  if (!row) return { ok: false, error: `The ${role} role is not in the models status; refresh the view and try again.` };
  const key = row.setting.replace(/^metahuman\./, '');
  if (role === 'chat' && status.provider !== 'ollama' && status.provider !== 'openaiCompatible')
    return { ok: false, error: `The chat model is chosen by the provider "${status.provider}", not by a setting; run "MetaHuman: Select Model Provider" to use Ollama or an OpenAI-compatible server.` };
  if (!WRITABLE.has(key))
    return { ok: false, error: `The ${role} model comes from ${row.setting}, which the models view does not change; set it in the Settings editor.` };
  const value = model.trim();
  if (hasControl(value)) return { ok: false, error: `A model name has no line breaks or control characters; "${[...value].map((c) => (hasControl(c) ? ' ' : c)).join('')}" is not one.` };
  if (value.length > 200) return { ok: false, error: `A model name of ${value.length} characters is not one; at most 200.` };
  if (value === '' && (role === 'embedding' || (role === 'chat' && status.provider === 'ollama')))
    return { ok: false, error: `The ${role} model cannot be empty: name one of your Ollama models (see "ollama list").` };
  const text = value === '' ? `${capitalize(role)} now uses the chat model (${row.setting} cleared).` : `${capitalize(role)} now uses ${value} (${row.setting}).`;
  return { ok: true, key, value, text };
}

/** Whether the view offers to change a role's model at all. */
export function roleEditable(status: ModelsStatus, role: Role): boolean {
  const row = status.roles.find((r) => r.role === role);
  if (!row) return false;
  if (role === 'chat') return status.provider === 'ollama' || status.provider === 'openaiCompatible';
  return WRITABLE.has(row.setting.replace(/^metahuman\./, ''));
}

function hasControl(text: string): boolean {
  return [...text].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
