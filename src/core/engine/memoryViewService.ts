import { decodeTime } from 'ulid';
import type { AuditEntry } from '../audit/auditEntry';
import type { MemoryIndex } from '../index/memoryIndex';
import type { EditLine } from '../memory/editFold';
import { EDITS_FILE } from '../memory/memoryFiles';
import { checkLine } from '../memory/memoryFormat';
import type { MemoryRecord } from '../memory/record';
import type { ProfileStore } from '../profile/profileStore';
import { MemoryChangedNotification } from '../../protocol/memoryProtocol';
import {
  MemoryDetailsRequest,
  MemoryListRequest,
  MemoryValidateRequest,
  type MemoryAuditEntry,
  type MemoryDetails,
  type MemoryEditEntry,
  type MemoryListItem,
  type MemoryListParams,
  type MemoryListResult,
  type MemoryValidateResult,
  type MemoryValidation,
} from '../../protocol/memoryViewProtocol';
import type { Messenger } from '../../protocol/messenger';
import { explainHit, memoryRecordView } from './engineServices';

export interface MemoryViewPorts {
  openStore(): Promise<ProfileStore>;
  openIndex(): Promise<MemoryIndex>;
  /** This engine's writes were made: the view's next read must see them. */
  onChanged(counts: { upserts: number; removes: number }): void;
}

const PREVIEW_CHARS = 600;
const LINK_PREVIEW_CHARS = 140;
const AUDIT_LIMIT = 200;
const DAY_MS = 86_400_000;

/**
 * The Memory panel's engine side: lists (search or newest first), one memory's details with its
 * patches and audit trail, and validations written through the store's edit API. After every
 * write the index is synced before answering, so the list the view asks for next shows it.
 */
export class MemoryViewService {
  constructor(private readonly ports: MemoryViewPorts) {}

  async list(params: MemoryListParams): Promise<MemoryListResult> {
    const store = await this.ports.openStore();
    const index = await this.ports.openIndex();
    await index.sync();
    const limit = params.limit ?? 50;
    const offset = params.offset ?? 0;
    const result = await index.search({
      query: params.query?.trim() ?? '',
      k: offset + limit + 1,
      filters: {
        kinds: params.kinds?.length ? params.kinds : undefined,
        project: params.project?.trim() || undefined,
        tag: params.tag?.trim() || undefined,
        since: params.since ? Date.parse(params.since) : undefined,
        until: params.until ? Date.parse(params.until) : undefined,
      },
    });
    const words = result.terms.length > 0;
    const page = result.hits.slice(offset, offset + limit);
    const counts = await store.memory.counts();
    return {
      items: page.map((hit) => listItem(hit.record, words ? explainHit(hit) : undefined)),
      hasMore: result.hits.length > offset + limit,
      ...(result.time ? { time: result.time } : {}),
      totalRecords: Object.values(counts).reduce((sum, n) => sum + n, 0),
      tookMs: Math.round(result.tookMs),
    };
  }

  async details(id: string): Promise<MemoryDetails | null> {
    const store = await this.ports.openStore();
    const record = await store.memory.get(id);
    if (!record) return null;
    const links = await Promise.all(
      record.links.map(async (link) => {
        const target = await store.memory.get(link.id);
        return { rel: link.rel, id: link.id, ...(target ? { kind: target.kind, preview: clip(target.text, LINK_PREVIEW_CHARS) } : {}) };
      }),
    );
    const wrongReason = typeof record.meta.wrongReason === 'string' ? record.meta.wrongReason : undefined;
    return {
      ...memoryRecordView(record),
      entities: record.entities,
      ...(record.importance !== undefined ? { importance: record.importance } : {}),
      ...(record.validated === false && wrongReason ? { wrongReason } : {}),
      links,
      edits: editsOf(store, id).map(describeEdit),
      audit: auditTrail(store, id),
    };
  }

  /** Applies one validation to each id; one failing id does not stop the others. */
  async validate(ids: readonly string[], action: MemoryValidation): Promise<MemoryValidateResult> {
    if (action.op === 'correct_text' && ids.length > 1) throw new Error('Editing the text applies to one memory at a time; choose one memory to correct.');
    if (action.op === 'tag' && !action.add?.length && !action.remove?.length) throw new Error('Name at least one tag to add or remove.');
    const store = await this.ports.openStore();
    const results: MemoryValidateResult['results'] = [];
    for (const id of [...new Set(ids)]) {
      try {
        if (!(await store.memory.get(id))) {
          results.push({ id, ok: false, error: `No memory with id ${id} (it may have been forgotten).` });
          continue;
        }
        if (action.op === 'forget') await store.memory.forget(id, 'forgotten by the person');
        else await store.memory.edit(id, action);
        results.push({ id, ok: true });
      } catch (error) {
        results.push({ id, ok: false, error: error instanceof Error ? error.message : String(error) });
      }
    }
    if (results.some((r) => r.ok)) {
      const counts = await (await this.ports.openIndex()).sync();
      this.ports.onChanged(counts);
    }
    return { results };
  }
}

/** The Memory panel's requests on the engine's messenger. */
export function registerMemoryViewHandlers(messenger: Messenger, services: { openStore(): Promise<ProfileStore>; openIndex(): Promise<MemoryIndex> }): MemoryViewService {
  const view = new MemoryViewService({
    openStore: () => services.openStore(),
    openIndex: () => services.openIndex(),
    onChanged: (counts) => messenger.notify(MemoryChangedNotification, counts),
  });
  messenger.onRequest(MemoryListRequest, (params) => view.list(params));
  messenger.onRequest(MemoryDetailsRequest, ({ id }) => view.details(id));
  messenger.onRequest(MemoryValidateRequest, ({ ids, action }) => view.validate(ids, action));
  return view;
}

function listItem(record: MemoryRecord, why: string | undefined): MemoryListItem {
  return {
    id: record.id,
    ts: record.ts,
    kind: record.kind,
    text: clip(record.text, PREVIEW_CHARS),
    source: record.source,
    ...(record.project ? { project: record.project } : {}),
    tags: record.tags,
    ...(record.validated !== undefined ? { validated: record.validated } : {}),
    corrected: typeof record.meta.corrected === 'string',
    ...(why ? { why } : {}),
  };
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The record's patches in `memory/edits.jsonl`, oldest first; damaged lines are skipped (the store reports them). */
function editsOf(store: ProfileStore, id: string): EditLine[] {
  const raw = store.files.read(EDITS_FILE);
  if (!raw) return [];
  const out: EditLine[] = [];
  for (const line of raw.toString('utf8').split('\n')) {
    if (!line.includes(id)) continue;
    try {
      const edit = JSON.parse(line) as EditLine;
      if (edit.target === id && checkLine('edits', edit) === undefined) out.push(edit);
    } catch {
      /* torn or damaged: quarantined by the store */
    }
  }
  return out;
}

export function describeEdit(edit: EditLine): MemoryEditEntry {
  const base = { ts: edit.ts, op: edit.op };
  switch (edit.op) {
    case 'validate':
      return { ...base, summary: 'marked correct' };
    case 'mark_wrong':
      return { ...base, summary: edit.reason ? `marked wrong: ${edit.reason}` : 'marked wrong' };
    case 'correct_text':
      return { ...base, summary: 'text corrected', text: edit.text };
    case 'tag':
    case 'entities':
      return { ...base, summary: `${edit.op === 'tag' ? 'tags' : 'entities'} ${[...(edit.add ?? []).map((t) => `+${t}`), ...(edit.remove ?? []).map((t) => `−${t}`)].join(' ')}`.trim() };
    case 'link':
      return { ...base, summary: `linked ${edit.link.rel} ${edit.link.id}` };
    case 'set_importance':
      return { ...base, summary: `importance set to ${edit.importance}` };
    case 'forget':
      return { ...base, summary: 'forgotten' };
  }
}

/**
 * Audit entries naming the record. Its id is a ULID whose time is when it was written, so only
 * the day files from the day before that on can name it.
 */
function auditTrail(store: ProfileStore, id: string): MemoryAuditEntry[] {
  let from = '';
  try {
    from = new Date(decodeTime(id) - DAY_MS).toISOString().slice(0, 10);
  } catch {
    /* not a ULID: read every day */
  }
  const out: MemoryAuditEntry[] = [];
  for (const file of store.audit.days()) {
    const day = file.slice(file.lastIndexOf('/') + 1, -'.jsonl'.length);
    if (day < from) continue;
    for (const entry of store.audit.entries(day)) {
      if (!names(entry, id)) continue;
      out.push({ ts: entry.ts, type: entry.type, actor: entry.actor?.name ?? 'unknown', summary: describeAudit(entry) });
    }
  }
  return out.slice(-AUDIT_LIMIT);
}

function names(entry: AuditEntry, id: string): boolean {
  if ('ids' in entry && Array.isArray(entry.ids) && entry.ids.includes(id)) return true;
  return 'id' in entry && entry.id === id;
}

export function describeAudit(entry: AuditEntry): string {
  switch (entry.type) {
    case 'write':
      if (entry.op === 'append') return `written (${entry.kinds?.join(', ') ?? 'record'})`;
      if (entry.op === 'edit') return `edited: ${entry.detail ?? 'patch'}`;
      return entry.detail ? `${entry.op}: ${entry.detail}` : entry.op;
    case 'forget':
      return 'forgotten';
    case 'agent_run':
      return `${entry.agent} run ${entry.phase === 'end' ? `ended${entry.outcome ? ` (${entry.outcome})` : ''}` : 'started'}`;
    default:
      return entry.type;
  }
}
