import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { agentSearchOver } from '../../../src/core/agents/agentSearch';
import { MemoryIndex } from '../../../src/core/index/memoryIndex';
import type { ProfileStore } from '../../../src/core/profile/profileStore';
import { defaultSettings } from '../../../src/core/settings/settingsTable';
import { createFileBackups } from '../../../src/core/skills/fileBackups';
import type { SkillContext, SkillPorts } from '../../../src/core/skills/skillTypes';
import { openTestStore } from '../store/storeFixtures';

export interface SkillFixture {
  ctx: SkillContext;
  store: ProfileStore;
  /** The workspace folder (a temp dir). */
  workspace: string;
  /** The profile folder. */
  profile: string;
  controller: AbortController;
  close(): Promise<void>;
}

export interface SkillFixtureOptions {
  ports?: SkillPorts;
  /** No workspace in the context (the skill must refuse). */
  noWorkspace?: boolean;
  timeoutMs?: number;
  now?: () => Date;
  /** Give the context a real memory search over the profile's index. */
  withSearch?: boolean;
}

/**
 * A SkillContext as the decision engine builds it: a real temp profile, a temp workspace, backups
 * under `<profile>/approvals/backups`, the calendar at `<profile>/calendar/metahuman.ics`.
 * `makeDir` comes from `tempDirsForSuite()` in the spec.
 */
export async function skillFixture(makeDir: (label: string) => string, options: SkillFixtureOptions = {}): Promise<SkillFixture> {
  const profile = makeDir('skill-profile');
  const workspace = makeDir('skill-workspace');
  const now = options.now ?? (() => new Date());
  const store = await openTestStore(profile, { clock: now });
  const controller = new AbortController();
  let index: Promise<MemoryIndex> | undefined;
  const openIndex = () => (index ??= MemoryIndex.open({ dir: join(profile, 'index'), feed: store.memory, now }));
  const ctx: SkillContext = {
    proposalId: '01HZY3J5K6M7N8P9Q0R1S2T3V4',
    ...(options.noWorkspace ? {} : { workspace }),
    store,
    settings: defaultSettings(),
    ports: options.ports ?? {},
    backups: createFileBackups(join(profile, 'approvals', 'backups')),
    ...(options.withSearch ? { search: agentSearchOver(openIndex) } : {}),
    calendarPath: join(profile, 'calendar', 'metahuman.ics'),
    signal: controller.signal,
    timeoutMs: options.timeoutMs ?? 20_000,
    now,
  };
  return {
    ctx,
    store,
    workspace,
    profile,
    controller,
    async close() {
      await (await index)?.close();
      await store.close();
    },
  };
}

/**
 * Every entry under the folders, with its kind and bytes (symlinks by target), to compare before
 * and after: a dry run must leave it identical. The profile's lock file is left out (its heartbeat
 * is the store's own, not the skill's).
 */
export function snapshotTree(...roots: string[]): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (root: string, rel: string) => {
    const full = join(root, rel);
    const info = lstatSync(full);
    if (info.isSymbolicLink()) out.set(full, `link → ${readlinkSync(full)}`);
    else if (info.isDirectory()) {
      out.set(full, `dir ${info.mode} ${info.mtimeMs}`);
      for (const name of readdirSync(full).sort()) if (name !== '.lock') walk(root, rel ? join(rel, name) : name);
    } else out.set(full, `file ${info.mode} ${info.mtimeMs} ${readFileSync(full).toString('base64')}`);
  };
  for (const root of roots) if (existsSync(root)) walk(root, '');
  return out;
}

/** Runs git in `cwd` (a test repository), failing loudly. */
export function git(cwd: string, ...args: string[]): string {
  const result = spawnSync('git', ['-c', 'user.name=Test Person', '-c', 'user.email=test@example.invalid', '-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}
