import type { AuditLog } from '../audit/auditLog';
import type { ProfileFiles } from '../profile/profileFiles';
import type { ProfileLock } from '../profile/profileLock';
import { StoreError } from '../profile/storeError';
import { storageSchemas } from '../profile/storageSchemas';
import defaultPersona from '../../../storage/defaults/persona.json';
import { PERSONA_FORMAT_VERSION, type Persona, type PersonaDocument } from './persona';
import { diffPersona, type PersonaChange } from './personaDiff';
import { isPersonaV1, migratePersonaV1 } from './personaMigration';

export const PERSONA_FILE = 'persona/core.json';
export const PERSONA_HISTORY_DIR = 'persona/history';
const HISTORY_NAME = /^(\d{6})\.json$/;

export interface PersonaVersion {
  revision: number;
  savedAt: string;
  note?: string;
  current: boolean;
}

/** The template of a new profile (storage/defaults/persona.json), as a fresh copy. */
export function personaTemplate(): Persona {
  return structuredClone(defaultPersona) as Persona;
}

/**
 * The persona: `persona/core.json` is the current revision; every save first copies the revision
 * it replaces into `persona/history/NNNNNN.json`, so any earlier one can be diffed or restored.
 * A rollback is itself a save (of an old revision's content), so it can be undone too.
 */
export class PersonaStore {
  constructor(
    private readonly io: ProfileFiles,
    private readonly lock: ProfileLock,
    private readonly audit: AuditLog,
  ) {}

  /** Creates the first revision from the template, migrates a version-1 file, restores a damaged one. */
  async prepare(): Promise<void> {
    try {
      await this.prepareNow();
    } catch (error) {
      // Unwritable profile: open anyway for reading; the persona reports itself unreadable if asked.
      if (!(error instanceof StoreError) || !['PERMISSION', 'READ_ONLY', 'LOCKED', 'NO_SPACE'].includes(error.code)) throw error;
      this.io.logger.warn(`${PERSONA_FILE}: could not be prepared: ${error.message}`);
    }
  }

  private async prepareNow(): Promise<void> {
    const first = this.readDocument(PERSONA_FILE);
    if (first.ok) return;
    if (first.newer) {
      // Never "repair" what a newer MetaHuman wrote: leave it, and say why it cannot be read.
      this.io.logger.warn(`${PERSONA_FILE}: ${first.problem}; left untouched`);
      return;
    }
    await this.lock.withLock('persona', () => {
      const found = this.readDocument(PERSONA_FILE);
      if (found.ok || found.newer) return;
      const now = this.io.clock().toISOString();
      if (found.raw === undefined) {
        this.io.writeAtomic(PERSONA_FILE, serialize({ format: 'metahuman.persona', version: PERSONA_FORMAT_VERSION, revision: 1, savedAt: now, note: 'created from template', persona: personaTemplate() }));
        this.audit.appendLocked({ type: 'write', target: 'persona', op: 'create', revision: 1, files: [PERSONA_FILE] });
        return;
      }
      const parsed = tryJson(found.raw);
      if (isPersonaV1(parsed)) {
        const migrated = migratePersonaV1(parsed, personaTemplate(), now);
        const problem = storageSchemas().persona(migrated.persona);
        if (!problem) {
          this.io.writeAtomic(PERSONA_FILE, serialize(migrated));
          this.io.logger.info?.(`${PERSONA_FILE}: migrated to format version ${PERSONA_FORMAT_VERSION}`);
          this.audit.appendLocked({ type: 'write', target: 'persona', op: 'migrate', revision: 1, files: [PERSONA_FILE] });
          return;
        }
      }
      // Damaged: keep the bytes in quarantine, fall back to the newest good revision (or the template).
      this.io.quarantine([{ file: PERSONA_FILE, offset: 0, reason: `unreadable persona (${found.problem})`, raw: found.raw }]);
      const newest = this.revisions().reverse().map((r) => this.readDocument(historyPath(r))).find((d) => d.ok);
      // A new number past the damaged one (when its bytes still say it), so no two documents share a revision.
      const damaged = Number(/"revision"\s*:\s*(\d+)/.exec(found.raw)?.[1] ?? 0);
      const revision = Math.max(damaged, ...this.revisions()) + 1;
      const persona = newest?.ok ? newest.doc.persona : personaTemplate();
      this.io.writeAtomic(PERSONA_FILE, serialize({ format: 'metahuman.persona', version: PERSONA_FORMAT_VERSION, revision, savedAt: now, note: 'restored after damage', persona }));
      this.audit.appendLocked({ type: 'write', target: 'persona', op: 'repair', revision, files: [PERSONA_FILE] });
    });
  }

  /** The current revision, read from disk (another window may have saved since). */
  current(): PersonaDocument {
    const found = this.readDocument(PERSONA_FILE);
    if (!found.ok) throw new StoreError('CORRUPT', `${PERSONA_FILE} is unreadable (${found.problem}); reopen the profile to restore it.`, PERSONA_FILE);
    return found.doc;
  }

  get(): Persona {
    return this.current().persona;
  }

  /** Saves a new revision; the one it replaces goes to history. Unchanged content saves nothing. */
  async save(persona: Persona, note?: string): Promise<PersonaVersion> {
    return this.saveAs(persona, note, 'save');
  }

  /** Sets one field by dotted path (`identity.name`, `personality.bigFive.openness`) and saves. */
  async set(path: string, value: unknown): Promise<PersonaVersion> {
    const persona = structuredClone(this.get()) as unknown as Record<string, unknown>;
    const keys = path.split('.');
    let node = persona;
    for (const key of keys.slice(0, -1)) {
      const next = node[key];
      if (typeof next !== 'object' || next === null || Array.isArray(next)) throw new StoreError('INVALID', `persona has no object at "${key}" in ${path}`);
      node = next as Record<string, unknown>;
    }
    node[keys.at(-1)!] = value;
    return this.saveAs(persona as unknown as Persona, `set ${path}`, 'save');
  }

  /** Every revision, oldest first. */
  history(): PersonaVersion[] {
    const current = this.current();
    const past = this.revisions()
      .filter((r) => r !== current.revision)
      .map((r) => this.readDocument(historyPath(r)))
      .filter((d): d is { ok: true; doc: PersonaDocument } => d.ok)
      .map(({ doc }) => version(doc, false));
    return [...past, version(current, true)];
  }

  /** One revision's document. */
  revision(revision: number): PersonaDocument {
    const current = this.current();
    if (revision === current.revision) return current;
    const found = this.readDocument(historyPath(revision));
    if (!found.ok) throw new StoreError('NOT_FOUND', `No persona revision ${revision} (see mh persona history).`, historyPath(revision));
    return found.doc;
  }

  /** What changed from revision `from` (default: the one before current) to `to` (default: current). */
  diff(from?: number, to?: number): PersonaChange[] {
    const current = this.current();
    const target = to ?? current.revision;
    const base = from ?? Math.max(...this.revisions().filter((r) => r < target), 0);
    if (base === 0) return [];
    return diffPersona(this.revision(base).persona, this.revision(target).persona);
  }

  /** Makes an earlier revision current again, as a new revision. */
  async rollback(revision: number): Promise<PersonaVersion> {
    const old = this.revision(revision);
    return this.saveAs(old.persona, `rollback to ${revision}`, 'rollback');
  }

  private async saveAs(persona: Persona, note: string | undefined, op: 'save' | 'rollback'): Promise<PersonaVersion> {
    const problem = storageSchemas().persona(persona);
    if (problem) throw new StoreError('INVALID', `Not saved: ${problem}`, PERSONA_FILE);
    return this.lock.withLock('persona', () => {
      const current = this.current();
      const changes = diffPersona(current.persona, persona);
      if (JSON.stringify(current.persona) === JSON.stringify(persona)) return version(current, true);
      // History first: if the second write fails, the current revision is still the old one.
      this.io.writeAtomic(historyPath(current.revision), serialize(current));
      const next: PersonaDocument = {
        format: 'metahuman.persona',
        version: PERSONA_FORMAT_VERSION,
        revision: current.revision + 1,
        savedAt: this.io.clock().toISOString(),
        ...(note ? { note } : {}),
        persona,
      };
      this.io.writeAtomic(PERSONA_FILE, serialize(next));
      try {
        this.audit.appendLocked({
          type: 'write',
          target: 'persona',
          op,
          revision: next.revision,
          files: [PERSONA_FILE, historyPath(current.revision)],
          fields: [...new Set(changes.map((c) => c.path))].slice(0, 50),
        });
      } catch (error) {
        // An unaudited save must not stand: put the previous revision back.
        this.io.writeAtomic(PERSONA_FILE, serialize(current));
        throw error;
      }
      return version(next, true);
    });
  }

  private revisions(): number[] {
    return this.io
      .list(PERSONA_HISTORY_DIR)
      .map((name) => HISTORY_NAME.exec(name)?.[1])
      .filter((n): n is string => n !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
  }

  private readDocument(rel: string): { ok: true; doc: PersonaDocument } | { ok: false; raw?: string; problem: string; newer?: boolean } {
    const raw = this.io.read(rel)?.toString('utf8');
    if (raw === undefined) return { ok: false, problem: 'missing' };
    const doc = tryJson(raw) as PersonaDocument | undefined;
    if (!doc || doc.format !== 'metahuman.persona' || typeof doc.revision !== 'number') return { ok: false, raw, problem: doc ? 'not a persona document' : 'not valid JSON' };
    if (doc.version > PERSONA_FORMAT_VERSION) return { ok: false, raw, problem: `written in format version ${doc.version} by a newer MetaHuman`, newer: true };
    if (doc.version !== PERSONA_FORMAT_VERSION) return { ok: false, raw, problem: `format version ${String(doc.version)}` };
    const problem = storageSchemas().persona(doc.persona);
    return problem ? { ok: false, raw, problem } : { ok: true, doc };
  }
}

function historyPath(revision: number): string {
  return `${PERSONA_HISTORY_DIR}/${String(revision).padStart(6, '0')}.json`;
}

function version(doc: PersonaDocument, current: boolean): PersonaVersion {
  return { revision: doc.revision, savedAt: doc.savedAt, ...(doc.note ? { note: doc.note } : {}), current };
}

function serialize(doc: PersonaDocument): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

function tryJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}
