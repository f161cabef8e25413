import { createHash, randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EPISODIC_DIR } from '../memory/memoryFiles';
import type { ActivityClock } from './agentTypes';

/**
 * When the person last did something in an editor, across every window and process, from two
 * cheap sources:
 * - `capture/activity-<window>.json` (`{"at": ISO}`): each engine notes activity as it arrives,
 *   at most every 30 s (`recordActivity`), so a window that is typing keeps its file fresh even
 *   before capture writes a record (edits become records only when their burst ends);
 * - the newest captured `event` record: read from the tail of the newest episodic segment, never
 *   by scanning the log, and re-read only when that segment changed.
 * Git history replayed into memories (`replay:` sources) is past activity, not the person now.
 */

/** One write per window per this interval: enough for idle thresholds measured in minutes. */
export const ACTIVITY_WRITE_EVERY_MS = 30_000;
const TAIL_CHUNK = 64 * 1024;
/** How far back from the end of the segments we look for a captured event before giving up. */
const TAIL_BUDGET = 1024 * 1024;
const ACTIVITY_FILE = /^activity-[0-9a-f]{16}\.json$/;
const SEGMENT = /^\d{4}-\d{2}\.jsonl$/;

const lastWritten = new Map<string, number>();

/** The activity file of one window (its workspace key, hashed like the capture session snapshot). */
export function activityFile(profileDir: string, windowKey: string): string {
  const key = createHash('sha256').update(windowKey).digest('hex').slice(0, 16);
  return join(profileDir, 'capture', `activity-${key}.json`);
}

/**
 * Notes that the person was active in this window at `at`. Writes at most every 30 s per window
 * (later calls inside that interval return false without touching the disk) and never moves the
 * time backwards. Throws when the file cannot be written; callers treat that as a warning.
 */
export function recordActivity(profileDir: string, windowKey: string, at: Date | number = Date.now()): boolean {
  const ms = typeof at === 'number' ? at : at.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`recordActivity: ${String(at)} is not a time.`);
  const file = activityFile(profileDir, windowKey);
  const previous = lastWritten.get(file);
  if (previous !== undefined && ms - previous < ACTIVITY_WRITE_EVERY_MS) return false;
  mkdirSync(join(profileDir, 'capture'), { recursive: true });
  const temp = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    writeFileSync(temp, `${JSON.stringify({ at: new Date(ms).toISOString() })}\n`);
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  lastWritten.set(file, ms);
  return true;
}

/** The clock the engine hands to every agent context. */
export function createActivityClock(profileDir: string): ActivityClock {
  const tail = new CapturedTail(profileDir);
  return {
    lastActivity() {
      const latest = Math.max(newestActivityFile(profileDir), tail.newest());
      return Promise.resolve(latest > 0 ? new Date(latest) : undefined);
    },
  };
}

function newestActivityFile(profileDir: string): number {
  let latest = 0;
  for (const name of listNames(join(profileDir, 'capture'))) {
    if (!ACTIVITY_FILE.test(name)) continue;
    try {
      const value = JSON.parse(readFileSync(join(profileDir, 'capture', name), 'utf8')) as { at?: unknown };
      const at = typeof value.at === 'string' ? Date.parse(value.at) : NaN;
      if (Number.isFinite(at)) latest = Math.max(latest, at);
    } catch {
      // Being replaced right now, or damaged: the other sources still answer.
    }
  }
  return latest;
}

/** The newest captured event's time, remembered per state of the segments so a quiet minute costs one stat. */
class CapturedTail {
  private key = '';
  private value = 0;

  constructor(private readonly profileDir: string) {}

  newest(): number {
    const dir = join(this.profileDir, EPISODIC_DIR);
    const segments = listNames(dir)
      .filter((n) => SEGMENT.test(n))
      .sort()
      .reverse();
    const sizes = segments.map((name) => {
      try {
        const stat = statSync(join(dir, name));
        return { name, size: stat.size, mtimeMs: stat.mtimeMs };
      } catch {
        return { name, size: 0, mtimeMs: 0 };
      }
    });
    const key = sizes
      .slice(0, 2)
      .map((s) => `${s.name}:${s.size}:${s.mtimeMs}`)
      .join('|');
    if (key === this.key) return this.value;
    this.value = findNewestCaptured(dir, sizes);
    this.key = key;
    return this.value;
  }
}

function findNewestCaptured(dir: string, segments: { name: string; size: number }[]): number {
  let budget = TAIL_BUDGET;
  for (const { name, size } of segments) {
    let end = size;
    let carry = Buffer.alloc(0);
    while (end > 0 && budget > 0) {
      const start = Math.max(0, end - TAIL_CHUNK);
      const chunk = Buffer.concat([readRange(join(dir, name), start, end), carry]);
      budget -= end - start;
      // The first line of a chunk may be cut: keep it for the next (earlier) chunk to complete.
      const firstNewline = start > 0 ? chunk.indexOf(0x0a) : -1;
      carry = firstNewline >= 0 ? chunk.subarray(0, firstNewline) : start > 0 ? chunk : Buffer.alloc(0);
      const whole = firstNewline >= 0 ? chunk.subarray(firstNewline + 1) : start > 0 ? Buffer.alloc(0) : chunk;
      const found = newestCapturedIn(whole.toString('utf8'));
      if (found > 0) return found;
      end = start;
    }
    if (budget <= 0) break;
  }
  return 0;
}

/** Max over the captured events of a piece of log (lines are in write order, summaries carry older times). */
function newestCapturedIn(text: string): number {
  let latest = 0;
  for (const line of text.split('\n')) {
    if (!line.includes('"capture"')) continue;
    let record: { kind?: unknown; source?: unknown; tags?: unknown; ts?: unknown; meta?: { endTs?: unknown } };
    try {
      record = JSON.parse(line) as typeof record;
    } catch {
      continue;
    }
    if (record.kind !== 'event' || !Array.isArray(record.tags) || !record.tags.includes('capture')) continue;
    if (typeof record.source !== 'string' || record.source.startsWith('replay:')) continue;
    for (const value of [record.ts, record.meta?.endTs]) {
      const at = typeof value === 'string' ? Date.parse(value) : NaN;
      if (Number.isFinite(at)) latest = Math.max(latest, at);
    }
  }
  return latest;
}

function readRange(path: string, start: number, end: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(end - start);
    let done = 0;
    while (done < buffer.length) {
      const n = readSync(fd, buffer, done, buffer.length - done, start + done);
      if (n === 0) break;
      done += n;
    }
    return buffer.subarray(0, done);
  } finally {
    closeSync(fd);
  }
}

function listNames(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
