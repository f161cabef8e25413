import type { Command } from 'commander';
import type { Task } from '../../core/memory/taskStore';
import type { CliContext } from '../cliContext';
import { collect, withStore } from './withStore';

export function registerTaskCommand(program: Command, ctx: CliContext): void {
  const task = program.command('task').description('add, list and finish tasks');

  task
    .command('add')
    .description('add a task')
    .argument('<title...>')
    .option('--project <name>', 'project it belongs to')
    .option('--due <date>', 'ISO date')
    .option('--priority <1-4>', '1 is the highest', Number)
    .option('-t, --tag <tag>', 'a tag (repeatable)', collect)
    .action(async (words: string[], opts: { project?: string; due?: string; priority?: number; tag?: string[] }) => {
      const added = await withStore(ctx, (store) =>
        store.tasks.add({ title: words.join(' '), source: 'cli', ...(opts.project ? { project: opts.project } : {}), ...(opts.due ? { due: opts.due } : {}), ...(opts.priority ? { priority: opts.priority } : {}), ...(opts.tag ? { tags: opts.tag } : {}) }),
      );
      ctx.out(added.id);
    });

  task
    .command('list')
    .description('list open tasks (all with --all)')
    .option('-a, --all', 'include done and cancelled tasks')
    .option('--json', 'print JSON lines')
    .action(async (opts: { all?: boolean; json?: boolean }) => {
      const tasks = await withStore(ctx, (store) => store.tasks.list(opts.all ? {} : { status: 'active' }));
      for (const t of tasks) ctx.out(opts.json ? JSON.stringify(t) : taskLine(t));
      if (!opts.json && tasks.length === 0) ctx.out('no tasks');
    });

  task
    .command('done')
    .description('mark a task done')
    .argument('<id>')
    .action(async (id: string) => {
      const done = await withStore(ctx, (store) => store.tasks.done(id));
      ctx.out(taskLine(done));
    });
}

function taskLine(t: Task): string {
  const box = t.status === 'done' ? '[x]' : t.status === 'cancelled' ? '[-]' : t.status === 'open' ? '[ ]' : `[${t.status}]`;
  const extra = [t.project && `project ${t.project}`, t.due && `due ${t.due}`, t.priority && `p${t.priority}`].filter(Boolean).join(', ');
  return `${t.id}  ${box} ${t.title}${extra ? `  (${extra})` : ''}`;
}
