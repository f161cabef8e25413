import { Option, type Command } from 'commander';
import type { SearchHit, SearchResult } from '../../core/index/indexSearch';
import { parseTimeBound } from '../../core/index/timeQuery';
import { MEMORY_KINDS, type MemoryKind } from '../../core/memory/record';
import type { CliContext } from '../cliContext';
import { openIndexSession } from './searchIndexSession';

interface SearchOptions {
  k: string;
  kind?: string[];
  project?: string;
  tag?: string;
  file?: string;
  since?: string;
  until?: string;
  now?: string;
  json?: boolean;
  explain?: boolean;
}

export function registerSearchCommand(program: Command, ctx: CliContext): void {
  program
    .command('search')
    .description('search your memories: full text and meaning, with dates in the query ("parser last week") read as filters')
    .argument('<query>', 'what to look for')
    .option('-k, --k <n>', 'how many hits', '10')
    .addOption(new Option('--kind <kind...>', 'only these kinds').choices([...MEMORY_KINDS]))
    .option('--project <name>', 'only this project')
    .option('--tag <tag>', 'only records with this tag')
    .option('--file <path>', 'only records that touched this file (path, file name, or folder/)')
    .option('--since <time>', 'from this time (ISO date or words: "last week", "March 3")')
    .option('--until <time>', 'up to and including this time')
    .option('--now <time>', 'reference time for relative dates and recency (reproducible results)')
    .option('--json', 'print hits as a JSON array of {id, ts, kind, text, score, meta}')
    .option('--explain', 'show why each hit ranks where it does')
    .action(async (query: string, opts: SearchOptions, command: Command) => {
      const k = Number(opts.k);
      if (!Number.isInteger(k) || k < 1) command.error(`--k must be a positive whole number, got "${opts.k}".`);
      const now = opts.now ? parseInstant(opts.now, command) : new Date();
      const since = opts.since ? bound(opts.since, now, 'since', command) : undefined;
      const until = opts.until ? bound(opts.until, now, 'until', command) : undefined;
      const session = await openIndexSession(ctx, now);
      try {
        const result = await session.index.search({
          query,
          k,
          now,
          filters: {
            ...(opts.kind ? { kinds: opts.kind as MemoryKind[] } : {}),
            ...(opts.project ? { project: opts.project } : {}),
            ...(opts.tag ? { tag: opts.tag } : {}),
            ...(opts.file ? { file: opts.file } : {}),
            ...(since !== undefined ? { since } : {}),
            ...(until !== undefined ? { until } : {}),
          },
        });
        if (opts.json) ctx.out(JSON.stringify(result.hits.map((h) => jsonHit(h, opts.explain)), null, 2));
        else printHits(ctx, query, result, opts.explain ?? false);
      } finally {
        await session.close();
      }
    });
}

function jsonHit(h: SearchHit, explain: boolean | undefined): Record<string, unknown> {
  return { id: h.id, ts: h.ts, kind: h.kind, text: h.text, score: h.score, meta: h.meta, ...(explain ? { explain: h.parts } : {}) };
}

function printHits(ctx: CliContext, query: string, result: SearchResult, explain: boolean): void {
  const range = [result.filters.since, result.filters.until].map((t) => (t === undefined ? '…' : new Date(t).toISOString().slice(0, 16).replace('T', ' ')));
  const when = result.filters.since !== undefined || result.filters.until !== undefined ? ` · ${range[0]} → ${range[1]}${result.time ? ` ("${result.time}")` : ''}` : '';
  const file = result.filters.file ? ` · file ${result.filters.file}` : '';
  ctx.out(`${result.hits.length} hit${result.hits.length === 1 ? '' : 's'} for "${query}"${when}${file} · ${result.tookMs.toFixed(1)} ms`);
  if (result.vectorError) ctx.err(`(meaning search skipped: ${result.vectorError})`);
  else if (result.vectorCoverage < 1) ctx.err(`(meaning search covers ${(result.vectorCoverage * 100).toFixed(0)}% of memories while embedding finishes)`);
  result.hits.forEach((h, i) => {
    const text = h.text.replace(/\s+/g, ' ');
    const project = h.record.project ? ` [${h.record.project}]` : '';
    ctx.out(`${String(i + 1).padStart(3)}. ${h.score.toFixed(4)}  ${h.ts.slice(0, 16).replace('T', ' ')}  ${h.kind}${project}  ${text.length > 100 ? `${text.slice(0, 99)}…` : text}  (${h.id})`);
    if (explain) ctx.out(`       ${explainLine(h)}`);
  });
}

function explainLine(h: SearchHit): string {
  const p = h.parts;
  const matched = [
    p.timeOnly ? 'listed by filters' : '',
    p.text ? `text #${p.text.rank} (bm25 ${p.text.bm25.toFixed(2)})` : '',
    p.vector ? `vector #${p.vector.rank} (cos ${p.vector.similarity.toFixed(3)})` : '',
  ].filter(Boolean);
  const entity = p.entities.length ? ` × entity ${p.entity.toFixed(2)} (${p.entities.join(', ')})` : '';
  return `${matched.join(' + ')} → relevance ${p.relevance.toFixed(3)} × recency ${p.recency.toFixed(3)} × importance ${p.importance.toFixed(3)}${entity}`;
}

function parseInstant(text: string, command: Command): Date {
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) command.error(`--now must be an ISO date or time, got "${text}".`);
  return date;
}

function bound(text: string, now: Date, side: 'since' | 'until', command: Command): number {
  const value = parseTimeBound(text, now, side);
  if (value === undefined) command.error(`--${side}: cannot read "${text}" as a time.`);
  return value;
}
