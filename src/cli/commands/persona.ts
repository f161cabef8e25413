import type { Command } from 'commander';
import { formatChange } from '../../core/persona/personaDiff';
import type { PersonaDocument } from '../../core/persona/persona';
import type { CliContext } from '../cliContext';
import { withStore } from './withStore';

const revisionNumber = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`"${value}" is not a revision number (see mh persona history)`);
  return n;
};

export function registerPersonaCommand(program: Command, ctx: CliContext): void {
  const persona = program.command('persona').description('show, change, diff and roll back the persona');

  persona
    .command('show')
    .description('show the persona (current, or an earlier revision)')
    .option('-r, --revision <n>', 'an earlier revision', revisionNumber)
    .option('--json', 'print the whole document as JSON')
    .action(async (opts: { revision?: number; json?: boolean }) => {
      const doc = await withStore(ctx, (store) => (opts.revision ? store.persona.revision(opts.revision) : store.persona.current()));
      if (opts.json) return ctx.out(JSON.stringify(doc, null, 2));
      for (const line of describePersona(doc)) ctx.out(line);
    });

  persona
    .command('history')
    .description('list revisions, oldest first')
    .action(async () => {
      const versions = await withStore(ctx, (store) => store.persona.history());
      for (const v of versions) ctx.out(`${String(v.revision).padStart(4)}  ${v.savedAt}${v.current ? '  (current)' : ''}${v.note ? `  ${v.note}` : ''}`);
    });

  persona
    .command('diff')
    .description('what changed between two revisions (default: the previous one and the current one)')
    .argument('[from]', 'older revision', revisionNumber)
    .argument('[to]', 'newer revision (default: current)', revisionNumber)
    .action(async (from?: number, to?: number) => {
      const changes = await withStore(ctx, (store) => store.persona.diff(from, to));
      if (changes.length === 0) return ctx.out('no differences');
      for (const change of changes) ctx.out(formatChange(change));
    });

  persona
    .command('rollback')
    .description('make an earlier revision current again (saved as a new revision)')
    .argument('<revision>', 'revision to restore', revisionNumber)
    .action(async (revision: number) => {
      const saved = await withStore(ctx, (store) => store.persona.rollback(revision));
      ctx.out(`restored revision ${revision} as revision ${saved.revision}`);
    });

  persona
    .command('set')
    .description('set one field, e.g. `mh persona set identity.name "Ada"` (JSON values allowed)')
    .argument('<path>', 'dotted field path')
    .argument('<value>', 'a JSON value, or plain text')
    .action(async (path: string, value: string) => {
      const saved = await withStore(ctx, (store) => store.persona.set(path, parseValue(value)));
      ctx.out(`saved revision ${saved.revision}`);
    });
}

function parseValue(value: string): unknown {
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

function describePersona(doc: PersonaDocument): string[] {
  const p = doc.persona;
  const c = p.personality.communication;
  const lines = [
    `${p.identity.name || '(no name yet)'}${p.identity.role ? `, ${p.identity.role}` : ''} — revision ${doc.revision}, saved ${doc.savedAt}`,
    `purpose: ${p.identity.purpose}`,
    `voice: ${c.tone}; ${c.formality}, ${c.verbosity}, humour ${c.humour}`,
    `values: ${[...p.values].sort((a, b) => a.priority - b.priority).map((v) => `${v.priority}. ${v.name}`).join('  ') || '—'}`,
    `goals: ${p.goals.map((g) => `[${g.status}] ${g.text} (${g.horizon})`).join('; ') || '—'}`,
    `focus: ${p.context.currentFocus || '—'}`,
    `boundaries: ${[...p.boundaries.topics, ...p.boundaries.actions].join('; ') || '—'}`,
    `work hours: ${p.routines.workHours.start}–${p.routines.workHours.end} ${p.routines.workHours.days.join(' ')}; sleep ${p.routines.sleepWindow.start}–${p.routines.sleepWindow.end}`,
  ];
  return lines;
}
