import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { diffLines } from 'diff';
import personaSchema from '../../../storage/schemas/persona.schema.json';
import type { Persona } from '../persona/persona';
import { diffPersona, formatChange } from '../persona/personaDiff';
import type { PersonaVersion } from '../persona/personaStore';
import type { ProfileStore } from '../profile/profileStore';
import type { Messenger } from '../../protocol/messenger';
import {
  PersonaDiffRequest,
  PersonaGetRequest,
  PersonaRollbackRequest,
  PersonaSaveRequest,
  PersonaValidateRequest,
  type PersonaProblem,
  type PersonaState,
} from '../../protocol/personaProtocol';
import type { ParamsOf, ResultOf } from '../../protocol/messageTypes';

export interface PersonaServicePorts {
  openStore(): Promise<ProfileStore>;
}

let validatePersona: ValidateFunction | undefined;

/**
 * Every schema problem of a draft persona, each at its dotted field path, so the editor can show
 * each one beside its field (the store's own check names only the first and guards every write).
 */
export function personaProblems(persona: unknown): PersonaProblem[] {
  validatePersona ??= new Ajv({ allErrors: true, strict: true, strictTypes: false, strictRequired: false }).compile(personaSchema);
  if (validatePersona(persona)) return [];
  const seen = new Set<string>();
  return (validatePersona.errors ?? []).map(toProblem).filter((p) => {
    const key = `${p.path}\n${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function toProblem(error: ErrorObject): PersonaProblem {
  const base = error.instancePath.split('/').filter(Boolean);
  const params = error.params as { missingProperty?: string; additionalProperty?: string; allowedValues?: unknown[]; pattern?: string };
  if (error.keyword === 'required' && params.missingProperty) return { path: [...base, params.missingProperty].join('.'), message: 'is required' };
  if (error.keyword === 'additionalProperties') return { path: base.join('.'), message: `has an unknown field "${String(params.additionalProperty)}"` };
  if (error.keyword === 'enum') return { path: base.join('.'), message: `must be one of ${(params.allowedValues ?? []).join(', ')}` };
  if (error.keyword === 'pattern') return { path: base.join('.'), message: patternMessage(params.pattern ?? '') };
  return { path: base.join('.'), message: error.message ?? 'is invalid' };
}

function patternMessage(pattern: string): string {
  if (pattern.includes('[01][0-9]')) return 'must be a time of day as HH:MM (24-hour), e.g. 07:30';
  if (pattern.includes('\\d{4}')) return 'must be a date as YYYY-MM-DD';
  if (pattern.includes('a-z0-9')) return 'must be lowercase letters, digits and dashes, starting with a letter or digit (at most 64)';
  return `must match ${pattern}`;
}

/** The persona requests of the engine, over the profile store's persona (each save a new revision). */
export class PersonaService {
  constructor(private readonly ports: PersonaServicePorts) {}

  async get(): Promise<PersonaState> {
    const store = await this.ports.openStore();
    const doc = store.persona.current();
    return {
      revision: doc.revision,
      savedAt: doc.savedAt,
      ...(doc.note ? { note: doc.note } : {}),
      persona: doc.persona as unknown as Record<string, unknown>,
      history: store.persona.history().map(versionView),
    };
  }

  validate(persona: unknown): { problems: PersonaProblem[] } {
    return { problems: personaProblems(persona) };
  }

  async save({ persona, baseRevision, note }: ParamsOf<typeof PersonaSaveRequest>): Promise<ResultOf<typeof PersonaSaveRequest>> {
    const problems = personaProblems(persona);
    if (problems.length > 0) return { saved: false, problems };
    const store = await this.ports.openStore();
    const current = store.persona.current();
    if (baseRevision !== undefined && baseRevision !== current.revision) {
      return { saved: false, conflict: true, problems: [{ path: '', message: `Revision ${current.revision} was saved since this draft was opened (on revision ${baseRevision}); reload to see it before saving.` }] };
    }
    const version = await store.persona.save(persona as Persona, note ?? 'edited in the persona editor');
    return { saved: version.revision !== current.revision, version: versionView(version), problems: [] };
  }

  async diff(revision: number): Promise<ResultOf<typeof PersonaDiffRequest>> {
    const store = await this.ports.openStore();
    const current = store.persona.current();
    const old = store.persona.revision(revision);
    const lines = diffLines(pretty(old.persona), pretty(current.persona)).flatMap((part) =>
      part.value
        .replace(/\n$/, '')
        .split('\n')
        .map((text) => ({ op: part.added ? ('+' as const) : part.removed ? ('-' as const) : (' ' as const), text })),
    );
    const changes = diffPersona(old.persona, current.persona).map((c) => ({ path: c.path, type: c.type, line: formatChange(c) }));
    return { from: old.revision, to: current.revision, changes, lines };
  }

  async rollback(revision: number): Promise<ResultOf<typeof PersonaRollbackRequest>> {
    const store = await this.ports.openStore();
    return { version: versionView(await store.persona.rollback(revision)) };
  }
}

export function registerPersonaHandlers(messenger: Messenger, ports: PersonaServicePorts): void {
  const service = new PersonaService(ports);
  messenger.onRequest(PersonaGetRequest, () => service.get());
  messenger.onRequest(PersonaValidateRequest, ({ persona }) => service.validate(persona));
  messenger.onRequest(PersonaSaveRequest, (params) => service.save(params));
  messenger.onRequest(PersonaDiffRequest, ({ revision }) => service.diff(revision));
  messenger.onRequest(PersonaRollbackRequest, ({ revision }) => service.rollback(revision));
}

function versionView(version: PersonaVersion): PersonaState['history'][number] {
  return { revision: version.revision, savedAt: version.savedAt, ...(version.note ? { note: version.note } : {}), current: version.current };
}

function pretty(persona: Persona): string {
  return `${JSON.stringify(persona, null, 2)}\n`;
}
