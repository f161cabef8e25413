import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SessionSnapshot } from './sessionTypes';

/**
 * Keeps the builder's snapshot on disk so an engine restart (crash, reload, update) resumes the
 * open session instead of losing it. Written to a temp file and renamed: a crash mid-write leaves
 * the previous snapshot, never half of one. The snapshot holds only admitted data (redacted,
 * filtered, hashed), like the records themselves.
 */
export function saveSessionSnapshot(file: string, snapshot: SessionSnapshot): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(snapshot), { mode: 0o600 });
  renameSync(temp, file);
}

/** The saved snapshot, or undefined when there is none or it is unusable (then capture starts fresh). */
export function loadSessionSnapshot(file: string): { snapshot?: SessionSnapshot; problem?: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  try {
    const value = JSON.parse(text) as Partial<SessionSnapshot>;
    if (value.version !== 1 || !Array.isArray(value.sessions) || typeof value.refIds !== 'object' || value.refIds === null) {
      return { problem: 'capture session snapshot has an unknown shape; starting fresh' };
    }
    const sane = value.sessions.every(
      (s) => typeof s?.id === 'string' && typeof s.startTs === 'number' && typeof s.lastTs === 'number' && Array.isArray(s.items) && typeof s.bursts === 'object',
    );
    if (!sane) return { problem: 'capture session snapshot is damaged; starting fresh' };
    return { snapshot: value as SessionSnapshot };
  } catch {
    return { problem: 'capture session snapshot is not JSON; starting fresh' };
  }
}
