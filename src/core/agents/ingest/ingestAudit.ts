import { join } from 'node:path';
import type { ProfileStore } from '../../profile/profileStore';

/**
 * The ingestor's trail in the audit log: each inbox file taken in, recognised as a repeat or
 * refused, with where it was moved. Names, sizes and hashes only, never the file's content (the
 * notes themselves are audited by the memory log's own append entry).
 */
export type InboxFileAudit =
  | { status: 'done'; name: string; size: number; sha256: string; ids: string[]; movedTo: string }
  | { status: 'duplicate'; name: string; size: number; sha256: string; movedTo: string }
  | { status: 'failed'; name: string; size: number; reason: string; movedTo: string; errorNote: string };

const MAX_IDS = 100;

/** `movedTo` and `errorNote` are relative to the inbox folder `inboxDir` (`done/notes.md`). */
export async function auditInboxFile(store: ProfileStore, inboxDir: string, file: InboxFileAudit): Promise<void> {
  const at = (rel: string) => join(inboxDir, rel).slice(-300);
  const ids = file.status === 'done' ? file.ids : [];
  await store.audit.record({
    type: 'write',
    target: 'profile',
    op: 'import',
    files: file.status === 'failed' ? [at(file.movedTo), at(file.errorNote)] : [at(file.movedTo)],
    ...(ids.length > 0 ? { ids: ids.slice(0, MAX_IDS), kinds: ['note' as const] } : {}),
    count: ids.length,
    detail: `inbox: ${what(file)}`,
  });
}

function what(file: InboxFileAudit): string {
  switch (file.status) {
    case 'done':
      return `took in ${file.name} (${file.size} bytes, sha256 ${file.sha256}) as ${file.ids.length} note${file.ids.length === 1 ? '' : 's'}, moved to ${file.movedTo}`;
    case 'duplicate':
      return `${file.name} (${file.size} bytes, sha256 ${file.sha256}) was taken in before, no notes written, moved to ${file.movedTo}`;
    case 'failed':
      return `refused ${file.name} (${file.size} bytes): ${file.reason.slice(0, 300)}; moved to ${file.movedTo} with ${file.errorNote}`;
  }
}
