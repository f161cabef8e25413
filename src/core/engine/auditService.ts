import { join } from 'node:path';
import type { AuditEntry } from '../audit/auditEntry';
import type { ProfileStore } from '../profile/profileStore';
import { followFiles } from './fileFollow';
import { auditCategory, type AuditCategory } from '../../protocol/auditCategories';
import { AuditFollowStream, AuditSearchRequest, AuditVerifyRequest, type AuditEntryView, type AuditPage, type AuditReportView } from '../../protocol/auditProtocol';
import type { Messenger } from '../../protocol/messenger';

const DAY_OF_FILE = /(\d{4}-\d{2}-\d{2})\.jsonl$/;

/** The audit viewer's engine side: search newest first, the chain check, and new entries followed by a watch on `audit/`. */
export class AuditService {
  constructor(private readonly openStore: () => Promise<ProfileStore>) {}

  async search(params: { text?: string; categories?: AuditCategory[]; offset?: number; limit?: number }): Promise<AuditPage> {
    const store = await this.openStore();
    const words = (params.text ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    const categories = params.categories?.length ? new Set(params.categories) : undefined;
    const matching: AuditEntryView[] = [];
    for (const day of days(store).reverse()) {
      for (const entry of store.audit.entries(day).reverse()) {
        const view = entryView(day, entry);
        if (categories && !categories.has(view.category)) continue;
        if (words.length > 0) {
          const haystack = JSON.stringify({ ...view.fields, type: view.type, actor: view.actor, ts: view.ts }).toLowerCase();
          if (!words.every((w) => haystack.includes(w))) continue;
        }
        matching.push(view);
      }
    }
    const offset = params.offset ?? 0;
    return { entries: matching.slice(offset, offset + (params.limit ?? 50)), total: matching.length, offset };
  }

  /** The same check as `mh audit verify`. */
  async verify(): Promise<AuditReportView> {
    return (await this.openStore()).audit.verify();
  }

  /** A first (empty) chunk once the watch is up, then each batch of new entries, until `signal` aborts. */
  async *follow(signal: AbortSignal): AsyncGenerator<{ entries: AuditEntryView[] }> {
    const store = await this.openStore();
    const newest = days(store).at(-1);
    let last = { day: newest ?? '', seq: newest ? (store.audit.entries(newest).at(-1)?.seq ?? 0) : 0 };
    let first = true;
    for await (const _change of followFiles(join(store.dir, 'audit'), [], signal)) {
      if (first) {
        first = false;
        yield { entries: [] };
        continue;
      }
      const fresh: AuditEntryView[] = [];
      for (const day of days(store).filter((d) => d >= last.day)) {
        for (const entry of store.audit.entries(day)) {
          if (day === last.day && entry.seq <= last.seq) continue;
          fresh.push(entryView(day, entry));
          last = { day, seq: entry.seq };
        }
      }
      if (fresh.length > 0) yield { entries: fresh };
    }
  }
}

export function registerAuditHandlers(messenger: Messenger, services: { openStore(): Promise<ProfileStore> }): AuditService {
  const audit = new AuditService(() => services.openStore());
  messenger.onRequest(AuditSearchRequest, (params) => audit.search(params));
  messenger.onRequest(AuditVerifyRequest, () => audit.verify());
  messenger.onStream(AuditFollowStream, (_params, ctx) => audit.follow(ctx.signal));
  return audit;
}

function days(store: ProfileStore): string[] {
  return store.audit.days().flatMap((rel) => DAY_OF_FILE.exec(rel)?.[1] ?? []).sort();
}

export function entryView(day: string, entry: AuditEntry): AuditEntryView {
  const { seq, ts, actor, type, prev: _prev, hash: _hash, ...fields } = entry;
  return { key: `${day}#${seq}`, seq, ts, type, category: auditCategory(type), actor: actor.name, fields };
}
