import type { AuditEntry } from '../../../src/core/audit/auditEntry';
import { DecisionEngine, type DecisionEnginePorts } from '../../../src/core/decisions/decisionEngine';
import type { Policy } from '../../../src/core/decisions/decisionTypes';
import { loadPolicy, POLICY_FILE } from '../../../src/core/decisions/policy';
import type { SkillCatalog } from '../../../src/core/decisions/proposalCheck';
import type { ProfileStore } from '../../../src/core/profile/profileStore';
import { defaultSettings, type SettingsSnapshot } from '../../../src/core/settings/settingsTable';
import { openTestStore } from '../store/storeFixtures';

/** A Tuesday morning, outside the quiet hours the fixture sets (22:00–07:00 UTC). */
export const MORNING = new Date('2025-03-04T10:00:00Z');
/** Inside those quiet hours. */
export const NIGHT = new Date('2025-03-04T23:30:00Z');

export interface EngineFixture {
  engine: DecisionEngine;
  store: ProfileStore;
  profile: string;
  workspace: string;
  settings: SettingsSnapshot;
  /** The engine's (and the store's) clock; move it with `advance`. */
  clock: { now: Date; advance(ms: number): void };
  /** A second engine on the same profile, as after a restart (the first store is closed). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export interface EngineFixtureOptions {
  settings?: Partial<SettingsSnapshot>;
  ports?: DecisionEnginePorts;
  skills?: SkillCatalog;
  start?: Date;
}

/**
 * A decision engine on a fresh temp profile and workspace, with a controlled clock and the
 * persona's quiet hours fixed to 22:00–07:00 UTC (so decisions do not depend on the machine's zone).
 */
export async function engineFixture(makeDir: (label: string) => string, options: EngineFixtureOptions = {}): Promise<EngineFixture> {
  const profile = makeDir('decisions-profile');
  const workspace = makeDir('decisions-workspace');
  const clock = {
    now: new Date(options.start ?? MORNING),
    advance(ms: number) {
      clock.now = new Date(clock.now.getTime() + ms);
    },
  };
  const now = () => new Date(clock.now);
  const settings = { ...defaultSettings(), ...options.settings };
  let store = await openTestStore(profile, { clock: now });
  await store.persona.set('routines.timezone', 'UTC');
  await store.persona.set('routines.quietHours', [{ start: '22:00', end: '07:00' }]);
  const make = () => new DecisionEngine({ store, settings, now, ...(options.ports ? { ports: options.ports } : {}), ...(options.skills ? { skills: options.skills } : {}) });
  const fixture: EngineFixture = {
    engine: make(),
    store,
    profile,
    workspace,
    settings,
    clock,
    async restart() {
      await store.close();
      store = await openTestStore(profile, { clock: now });
      fixture.store = store;
      fixture.engine = make();
    },
    close: () => store.close(),
  };
  return fixture;
}

/** Every audit entry of the profile, oldest first, read through the store's audit API. */
export function auditEntries(store: ProfileStore): AuditEntry[] {
  return store.audit.days().flatMap((rel) => store.audit.entries(rel.slice(6, 16)));
}

/** The audit entries about one proposal, as `type` or `approval:<action>` / `skill_execution:<outcome>`. */
export function proposalTrail(store: ProfileStore, id: string): string[] {
  return auditEntries(store)
    .filter((e) => 'proposal' in e && e.proposal === id)
    .map((e) => (e.type === 'approval' ? `approval:${e.action}` : e.type === 'skill_execution' ? `skill_execution:${e.outcome}` : e.type));
}

/** Changes policy.json as the person would by editing it (the current one, changed by `edit`). */
export function editPolicy(store: ProfileStore, edit: (policy: Policy) => void): void {
  const { policy, error } = loadPolicy(store.files);
  if (error) throw new Error(error);
  edit(policy);
  store.files.writeAtomic(POLICY_FILE, `${JSON.stringify(policy, null, 2)}\n`);
}
