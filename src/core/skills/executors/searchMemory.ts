import type { MemoryKind, MemoryRecord } from '../../memory/record';
import type { SkillExecutor } from '../skillTypes';

export type SearchMemoryArgs = {
  query: string;
  k?: number;
  kinds?: MemoryKind[];
  since?: string;
  until?: string;
};

const DEFAULT_HITS = 10;
const TEXT_SHOWN = 200;

/** `search-memory`: the hybrid memory search (`ctx.search`), read-only; lists each hit with its id so answers can cite it. */
export const searchMemoryExecutor: SkillExecutor<SearchMemoryArgs> = {
  preview(args) {
    const filters = [args.kinds?.length ? `kinds ${args.kinds.join(', ')}` : '', args.since ? `since ${args.since}` : '', args.until ? `until ${args.until}` : ''].filter(Boolean);
    const details = [`query: ${args.query}`, `hits: up to ${args.k ?? DEFAULT_HITS}`, ...filters].join('\n');
    return Promise.resolve({ summary: `Search memory for "${args.query}" (reads only)`, details, kind: 'text' });
  },

  async execute(args, ctx) {
    if (!ctx.search) throw new Error('search-memory needs the memory index, which is not open here.');
    const hits = await ctx.search(args.query, {
      k: args.k ?? DEFAULT_HITS,
      ...(args.kinds ? { kinds: args.kinds } : {}),
      ...(args.since ? { since: new Date(args.since) } : {}),
      ...(args.until ? { until: new Date(args.until) } : {}),
    });
    if (hits.length === 0) return { ok: true, output: `No memories match "${args.query}".` };
    return { ok: true, output: [`${hits.length} ${hits.length === 1 ? 'memory matches' : 'memories match'} "${args.query}":`, ...hits.map(describeHit)].join('\n') };
  },
};

function describeHit(record: MemoryRecord): string {
  const text = record.text.replace(/\s+/g, ' ').trim();
  const shown = text.length > TEXT_SHOWN ? `${text.slice(0, TEXT_SHOWN - 1)}…` : text;
  return `[${record.id}] ${record.kind} ${record.ts.slice(0, 16).replace('T', ' ')}${record.project ? ` (${record.project})` : ''}: ${shown}`;
}
