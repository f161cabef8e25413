import type { Persona, PersonaDocument } from './persona';
import { PERSONA_FORMAT_VERSION } from './persona';

/** The prototype's flat persona (format version 1). */
interface PersonaV1 {
  version?: 1;
  name?: string;
  role?: string;
  purpose?: string;
  tone?: string;
  values?: string[];
  goals?: string[];
  interests?: string[];
  notes?: string;
}

/** True when `value` is a version-1 persona file (flat, without `format`). */
export function isPersonaV1(value: unknown): value is PersonaV1 {
  return typeof value === 'object' && value !== null && !('format' in value) && (value as { version?: unknown }).version !== 2 && ('name' in value || 'values' in value);
}

/**
 * Version 1 kept name, role, tone and plain lists; version 2 structures them (values get
 * priorities from their order, goals become short-term active goals, interests become domains)
 * over the defaults of a new profile for everything version 1 did not know.
 */
export function migratePersonaV1(old: PersonaV1, template: Persona, savedAt: string): PersonaDocument {
  const persona: Persona = structuredClone(template);
  if (old.name) persona.identity.name = old.name;
  if (old.role) persona.identity.role = old.role;
  if (old.purpose) persona.identity.purpose = old.purpose;
  if (old.tone) persona.personality.communication.tone = old.tone;
  if (old.values?.length) persona.values = old.values.map((name, i) => ({ name, priority: i + 1 }));
  if (old.goals?.length) persona.goals = old.goals.map((text, i) => ({ id: slug(text, i), text, horizon: 'short', status: 'active' }));
  if (old.interests?.length) persona.context.domains = [...old.interests];
  if (old.notes) persona.notes = old.notes;
  return { format: 'metahuman.persona', version: PERSONA_FORMAT_VERSION, revision: 1, savedAt, note: 'migrated from format version 1', persona };
}

function slug(text: string, index: number): string {
  const base = text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
  return `${base || 'goal'}-${index + 1}`;
}
