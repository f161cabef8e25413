import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { MemoryIndex } from '../memory/memoryIndex';
import { leaderGone, type LeaderRecord } from './leadership';
import { ProfileFiles } from './profileFiles';
import { nodeStoreFs } from './storeFs';

export interface ProfileSummary {
  profilePath: string;
  exists: boolean;
  /** Live records per kind (forgotten ones excluded). */
  records: Record<string, number>;
  /** Tasks neither done nor cancelled. */
  openTasks: number;
  personaRevision?: number;
  auditDays: number;
  /** Damaged or torn lines seen (quarantined at the next write). */
  problems: number;
  leader?: { pid: number; hostname: string; name: string; heartbeat: string; /** It stopped (killed, or its heartbeat ran out) without handing over. */ gone: boolean };
}

/**
 * A read-only look at a profile for `mh status`: no lock, no repair, nothing created, so it is
 * safe to run while other windows write.
 */
export function readProfileSummary(profileDir: string): Promise<ProfileSummary> {
  return new Promise((done) => {
    const profilePath = resolve(profileDir);
    const summary: ProfileSummary = { profilePath, exists: existsSync(profilePath), records: {}, openTasks: 0, auditDays: 0, problems: 0 };
    if (!summary.exists) return done(summary);
    const files = new ProfileFiles(profilePath, { fs: nodeStoreFs, durable: false, logger: { warn: () => undefined }, clock: () => new Date() });
    const index = new MemoryIndex(files);
    index.refresh();
    summary.records = index.kindCounts();
    summary.problems = index.problems.length;
    for (const [id, task] of index.tasks) {
      const status = task.meta.status;
      if (!index.forgotten.has(id) && status !== 'done' && status !== 'cancelled') summary.openTasks++;
    }
    const persona = readJson(files, 'persona/core.json') as { revision?: number } | undefined;
    if (typeof persona?.revision === 'number') summary.personaRevision = persona.revision;
    summary.auditDays = files.list('audit').filter((n) => n.endsWith('.jsonl')).length;
    const leader = readJson(files, '.leader') as LeaderRecord | null;
    if (leader) summary.leader = { pid: leader.pid, hostname: leader.hostname, name: leader.name, heartbeat: leader.heartbeat, gone: leaderGone(leader) };
    done(summary);
  });
}

function readJson(files: ProfileFiles, rel: string): unknown {
  try {
    return JSON.parse(files.read(rel)?.toString('utf8') ?? 'null') as unknown;
  } catch {
    return undefined;
  }
}
