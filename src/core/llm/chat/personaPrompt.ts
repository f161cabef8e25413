import type { Persona } from '../../persona/persona';

/** A persona part as it goes into the prompt; `required` parts are kept whatever the budget. */
export interface PersonaPart {
  name: 'identity' | 'boundaries' | 'values' | 'communication style';
  text: string;
  required: boolean;
}

/**
 * The persona parts a chat prompt uses, most essential first. Identity and boundaries are
 * required: without them the twin neither knows whom it speaks as nor what it must not do.
 * Empty parts (a fresh template) are left out rather than sent as blank headings.
 */
export function personaParts(persona: Persona): PersonaPart[] {
  const parts: PersonaPart[] = [];
  const id = persona.identity;
  const identity = [
    id.name ? `Name: ${id.name}` : '',
    id.aliases.length ? `Also called: ${id.aliases.join(', ')}` : '',
    id.role ? `Role: ${id.role}` : '',
    id.purpose ? `Purpose: ${id.purpose}` : '',
    persona.context.currentFocus ? `Current focus: ${persona.context.currentFocus}` : '',
  ].filter(Boolean);
  if (identity.length) parts.push({ name: 'identity', text: identity.join('\n'), required: true });

  const boundaries = [
    ...persona.boundaries.topics.map((t) => `Never discuss: ${t}`),
    ...persona.boundaries.actions.map((a) => `Never do: ${a}`),
    ...persona.decisionRules.hard.map((r) => `Always: ${r}`),
  ];
  if (boundaries.length) parts.push({ name: 'boundaries', text: boundaries.join('\n'), required: true });

  const values = [...persona.values].sort((a, b) => a.priority - b.priority).map((v) => `${v.priority}. ${v.name}${v.description ? ` — ${v.description}` : ''}`);
  if (values.length) parts.push({ name: 'values', text: values.join('\n'), required: false });

  const c = persona.personality.communication;
  const style = [
    c.tone ? `Tone: ${c.tone}` : '',
    `Formality: ${c.formality}; verbosity: ${c.verbosity}; humour: ${c.humour}`,
    persona.personality.workStyle.length ? `Work style: ${persona.personality.workStyle.join('; ')}` : '',
  ].filter(Boolean);
  parts.push({ name: 'communication style', text: style.join('\n'), required: false });
  return parts;
}

/** The name the twin speaks as; "the person" until the persona has one. */
export function personaName(persona: Persona): string {
  return persona.identity.name.trim() || 'the person';
}
