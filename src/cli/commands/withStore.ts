import { openProfileStore, type ProfileStore } from '../../core/profile/profileStore';
import type { MemoryRecord } from '../../core/memory/record';
import type { CliContext } from '../cliContext';

/** Opens the profile for one command (as actor `cli`, warnings to stderr) and always closes it. */
export async function withStore<T>(ctx: CliContext, work: (store: ProfileStore) => T | Promise<T>): Promise<T> {
  const store = await openProfileStore(ctx.profileDir(), { actor: 'cli', logger: { warn: (m) => ctx.err(`warning: ${m}`) } });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/** One record per line: id, kind, when, tags, and the start of its text. */
export function recordLine(record: MemoryRecord): string {
  const when = record.ts.slice(0, 16).replace('T', ' ');
  const tags = record.tags.length ? ` [${record.tags.join(', ')}]` : '';
  const flag = record.validated === true ? ' ✓' : record.validated === false ? ' ✗' : '';
  const text = record.text.replace(/\s+/g, ' ');
  return `${record.id}  ${record.kind.padEnd(10)} ${when}${tags}${flag}  ${text.length > 100 ? `${text.slice(0, 97)}...` : text}`;
}

/** Commander collects repeated options with this. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
