import Ajv, { type ValidateFunction } from 'ajv';
import calendarEventManifest from '../../../storage/defaults/skills/calendar-event.json';
import commitMessageManifest from '../../../storage/defaults/skills/commit-message.json';
import notifyManifest from '../../../storage/defaults/skills/notify.json';
import runTaskManifest from '../../../storage/defaults/skills/run-task.json';
import searchMemoryManifest from '../../../storage/defaults/skills/search-memory.json';
import shellManifest from '../../../storage/defaults/skills/shell.json';
import taskManifest from '../../../storage/defaults/skills/task.json';
import writeFileManifest from '../../../storage/defaults/skills/write-file.json';
import skillManifestSchema from '../../../storage/schemas/skill-manifest.schema.json';
import { builtInExecutors } from './builtInSkills';
import { describeSchemaErrors } from './schemaErrors';
import type { Skill, SkillExecutor, SkillManifest } from './skillTypes';

/** A manifest file as read: where it came from (for the error) and its parsed JSON. */
export interface ManifestSource {
  file: string;
  json: unknown;
}

/** A manifest that does not load; the message starts with the file. */
export class SkillManifestError extends Error {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'SkillManifestError';
  }
}

// Bundled as JSON imports: the engine runs as an esbuild bundle with no repository beside it.
const BUILT_IN_MANIFESTS: ManifestSource[] = [
  { file: 'storage/defaults/skills/task.json', json: taskManifest },
  { file: 'storage/defaults/skills/notify.json', json: notifyManifest },
  { file: 'storage/defaults/skills/calendar-event.json', json: calendarEventManifest },
  { file: 'storage/defaults/skills/write-file.json', json: writeFileManifest },
  { file: 'storage/defaults/skills/run-task.json', json: runTaskManifest },
  { file: 'storage/defaults/skills/shell.json', json: shellManifest },
  { file: 'storage/defaults/skills/commit-message.json', json: commitMessageManifest },
  { file: 'storage/defaults/skills/search-memory.json', json: searchMemoryManifest },
];

let builtIn: SkillRegistry | undefined;

/**
 * The skills the twin knows: each manifest validated against storage/schemas/skill-manifest.schema.json,
 * its input schema compiled (so a broken one fails here, naming the file, not at the first call),
 * and paired with its executor.
 */
export class SkillRegistry {
  private constructor(
    private readonly skills: ReadonlyMap<string, Skill>,
    private readonly validators: ReadonlyMap<string, ValidateFunction>,
  ) {}

  /** The built-in skills (compiled once per process). */
  static load(): SkillRegistry {
    builtIn ??= SkillRegistry.fromManifests(BUILT_IN_MANIFESTS, builtInExecutors);
    return builtIn;
  }

  /** Throws `SkillManifestError` naming the first manifest that is invalid, duplicated, misnamed or has no executor. */
  static fromManifests(sources: readonly ManifestSource[], executors: Readonly<Record<string, SkillExecutor>>): SkillRegistry {
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictTypes: false, strictRequired: false });
    const checkManifest = ajv.compile<SkillManifest>(skillManifestSchema);
    const skills = new Map<string, Skill>();
    const validators = new Map<string, ValidateFunction>();
    for (const { file, json } of sources) {
      if (!checkManifest(json)) throw new SkillManifestError(file, describeSchemaErrors('manifest', checkManifest.errors ?? []));
      const manifest = json;
      const expectedName = `${manifest.id}.json`;
      if (!file.endsWith(`/${expectedName}`) && file !== expectedName) throw new SkillManifestError(file, `the manifest of skill '${manifest.id}' must be named ${expectedName}.`);
      if (skills.has(manifest.id)) throw new SkillManifestError(file, `skill '${manifest.id}' is defined twice.`);
      const executor = executors[manifest.id];
      if (!executor) throw new SkillManifestError(file, `skill '${manifest.id}' has no executor.`);
      try {
        validators.set(manifest.id, ajv.compile(manifest.input));
      } catch (error) {
        throw new SkillManifestError(file, `its input schema does not compile: ${(error as Error).message}`);
      }
      skills.set(manifest.id, { manifest, executor });
    }
    return new SkillRegistry(skills, validators);
  }

  list(): Skill[] {
    return [...this.skills.values()];
  }

  get(id: string): Skill | undefined {
    return this.skills.get(id);
  }

  /** Undefined when `args` fit the skill's input schema; else one sentence naming the field (`args.path must be string`). */
  validateArgs(id: string, args: unknown): string | undefined {
    const validate = this.validators.get(id);
    if (!validate) return `There is no skill '${id}'.`;
    return validate(args) ? undefined : describeSchemaErrors('args', validate.errors ?? []);
  }
}
