import type { Command } from 'commander';
import { MEMORY_KINDS, type MemoryKind } from '../../core/memory/record';
import type { CliContext } from '../cliContext';
import { collect, recordLine, withStore } from './withStore';

export function registerMemoryCommand(program: Command, ctx: CliContext): void {
  const memory = program.command('memory').description('add, list, correct and forget memories');

  memory
    .command('add')
    .description('append a memory')
    .argument('<text...>', 'what to remember')
    .option('-k, --kind <kind>', `one of ${MEMORY_KINDS.join(', ')}`, 'note')
    .option('-t, --tag <tag>', 'a tag (repeatable)', collect)
    .option('--project <name>', 'project it belongs to')
    .option('--importance <1-10>', 'how much it matters', Number)
    .option('--ts <iso>', 'when it happened (default: now)')
    .option('--source <source>', 'where it came from', 'cli')
    .option('--json', 'print the record as JSON')
    .action(async (words: string[], opts: { kind: string; tag?: string[]; project?: string; importance?: number; ts?: string; source: string; json?: boolean }) => {
      const record = await withStore(ctx, (store) =>
        store.memory.append({
          kind: opts.kind as MemoryKind,
          text: words.join(' '),
          source: opts.source,
          ...(opts.tag ? { tags: opts.tag } : {}),
          ...(opts.project ? { project: opts.project } : {}),
          ...(opts.importance !== undefined ? { importance: opts.importance } : {}),
          ...(opts.ts ? { ts: opts.ts } : {}),
        }),
      );
      ctx.out(opts.json ? JSON.stringify(record, null, 2) : record.id);
    });

  memory
    .command('list')
    .description('list memories, newest first')
    .option('-k, --kind <kind>', 'only this kind')
    .option('-t, --tag <tag>', 'only with this tag')
    .option('--project <name>', 'only this project')
    .option('-n, --limit <n>', 'at most this many (0: all)', Number, 20)
    .option('--json', 'print JSON lines')
    .action(async (opts: { kind?: string; tag?: string; project?: string; limit: number; json?: boolean }) => {
      const records = await withStore(ctx, (store) =>
        store.memory.list({ ...(opts.kind ? { kind: opts.kind as MemoryKind } : {}), ...(opts.tag ? { tag: opts.tag } : {}), ...(opts.project ? { project: opts.project } : {}), limit: opts.limit }),
      );
      for (const record of records) ctx.out(opts.json ? JSON.stringify(record) : recordLine(record));
      if (!opts.json && records.length === 0) ctx.out('no memories');
    });

  memory
    .command('show')
    .description('show one memory with its edits folded in')
    .argument('<id>')
    .action(async (id: string) => {
      const record = await withStore(ctx, (store) => store.memory.get(id));
      if (!record) throw new Error(`no memory with id ${id}`);
      ctx.out(JSON.stringify(record, null, 2));
    });

  memory
    .command('validate')
    .description('confirm a memory is right')
    .argument('<id>')
    .action(async (id: string) => {
      await withStore(ctx, (store) => store.memory.edit(id, { op: 'validate' }));
      ctx.out(`validated ${id}`);
    });

  memory
    .command('wrong')
    .description('mark a memory as wrong')
    .argument('<id>')
    .option('--reason <text>', 'what is wrong with it')
    .action(async (id: string, opts: { reason?: string }) => {
      await withStore(ctx, (store) => store.memory.edit(id, { op: 'mark_wrong', ...(opts.reason ? { reason: opts.reason } : {}) }));
      ctx.out(`marked ${id} wrong`);
    });

  memory
    .command('correct')
    .description("replace a memory's text (the original stays in the log until compaction)")
    .argument('<id>')
    .argument('<text...>')
    .action(async (id: string, words: string[]) => {
      const record = await withStore(ctx, (store) => store.memory.edit(id, { op: 'correct_text', text: words.join(' ') }));
      ctx.out(recordLine(record));
    });

  memory
    .command('tag')
    .description('add or remove tags')
    .argument('<id>')
    .option('--add <tag>', 'tag to add (repeatable)', collect)
    .option('--remove <tag>', 'tag to remove (repeatable)', collect)
    .action(async (id: string, opts: { add?: string[]; remove?: string[] }) => {
      const record = await withStore(ctx, (store) => store.memory.edit(id, { op: 'tag', ...(opts.add ? { add: opts.add } : {}), ...(opts.remove ? { remove: opts.remove } : {}) }));
      ctx.out(recordLine(record));
    });

  memory
    .command('forget')
    .description('forget a memory: gone from every view now, from disk at the next compaction')
    .argument('<id>')
    .option('--reason <text>', 'kept until compaction, never in the audit')
    .action(async (id: string, opts: { reason?: string }) => {
      await withStore(ctx, (store) => store.memory.forget(id, opts.reason));
      ctx.out(`forgot ${id} (run "mh memory compact" to erase it from disk)`);
    });

  memory
    .command('compact')
    .description('rewrite the logs without forgotten memories')
    .action(async () => {
      const report = await withStore(ctx, (store) => store.compact());
      ctx.out(report.files.length ? `compacted ${report.files.length} file(s), removed ${report.removedLines + report.removedQuarantined} line(s)` : 'nothing to compact');
    });
}
