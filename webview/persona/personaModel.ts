import type { Persona, PersonaProblem, PersonaState, PersonaVersionView } from '../../src/protocol/personaProtocol';

/** Pure helpers of the persona editor: editing a draft by field path, lists as lines, problems per field. */

export type PersonaDraft = Persona;

/** A copy of `draft` with the value at a dotted path (`routines.sleepWindow.start`, `goals.0.status`) replaced. */
export function setAt<T>(draft: T, path: string, value: unknown): T {
  const keys = path.split('.');
  const copy = structuredClone(draft) as unknown as Record<string, unknown>;
  let node: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null) throw new Error(`no field at "${key}" in ${path}`);
    node = next as Record<string, unknown>;
  }
  const last = keys.at(-1)!;
  if (value === undefined && !Array.isArray(node)) delete node[last];
  else node[last] = value;
  return copy as unknown as T;
}

/** A copy of the list at `path` with `item` appended, or with the item at `index` removed. */
export function addItem<T>(draft: T, path: string, item: unknown): T {
  return setAt(draft, path, [...listAt(draft, path), item]);
}

export function removeItem<T>(draft: T, path: string, index: number): T {
  return setAt(
    draft,
    path,
    listAt(draft, path).filter((_, i) => i !== index),
  );
}

function listAt(draft: unknown, path: string): unknown[] {
  let node: unknown = draft;
  for (const key of path.split('.')) node = (node as Record<string, unknown> | undefined)?.[key];
  return Array.isArray(node) ? node : [];
}

/** A text area's lines as a list: each line trimmed, blank lines dropped. */
export function linesToList(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

export function listToLines(list: readonly string[]): string {
  return list.join('\n');
}

/**
 * A number typed in a field: a whole number when it reads as one, else the text itself, so the
 * schema check names the field ("must be integer") instead of the input silently losing it.
 */
export function numberOrText(text: string): number | string {
  const trimmed = text.trim();
  return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : trimmed;
}

/** An optional text field: empty means absent. */
export function optionalText(text: string): string | undefined {
  return text.trim() === '' ? undefined : text;
}

/** A goal id from its text: lowercase words joined by dashes, unique among `taken`. */
export function goalIdFor(text: string, taken: readonly string[]): string {
  const base =
    text
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40)
      .replace(/-+$/, '') || 'goal';
  let id = base;
  for (let n = 2; taken.includes(id); n++) id = `${base}-${n}`;
  return id;
}

/** The problems grouped by field path. */
export function problemsByPath(problems: readonly PersonaProblem[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const problem of problems) map.set(problem.path, [...(map.get(problem.path) ?? []), problem.message]);
  return map;
}

/**
 * The problems with no field of their own in the form (the whole persona, a field it does not
 * show): listed at the top so nothing wrong is ever hidden. A problem on a list or object the form
 * shows (`goals`, `routines.sleepWindow`) belongs to it.
 */
export function unplacedProblems(problems: readonly PersonaProblem[], shown: ReadonlySet<string>): PersonaProblem[] {
  return problems.filter((p) => !shown.has(p.path));
}

/** The label of a field path for a summary line: `Goal 1 › id`. */
export function fieldLabel(path: string): string {
  if (!path) return 'Persona';
  const out: string[] = [];
  for (const part of path.split('.')) {
    if (/^\d+$/.test(part) && out.length > 0) out[out.length - 1] = `${singular(out.at(-1)!)} ${Number(part) + 1}`;
    else out.push(part);
  }
  return out.join(' › ');
}

function singular(list: string): string {
  const word = { goals: 'goal', values: 'value', quietHours: 'quiet hours', aliases: 'alias' }[list] ?? list;
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** True when the draft differs from the saved persona. */
export function isDirty(draft: unknown, saved: unknown): boolean {
  return JSON.stringify(draft) !== JSON.stringify(saved);
}

/** What a pushed persona does to the form. */
export type PersonaArrival =
  /** Nothing new for the form (the revision it was made on, or its own save arriving). */
  | { type: 'keep' }
  /** Take it into the form; `elsewhere`: it was saved in another window or by `mh`, so say so. */
  | { type: 'adopt'; elsewhere: boolean }
  /** Saved elsewhere while the form has edits of its own: keep them, offer Reload. */
  | { type: 'conflict'; revision: number };

/**
 * How the editor takes a revision the host pushed. `previous`: the saved persona the form was last
 * compared with; `own`: a save or rollback of this editor is under way (its revision is not news);
 * `baseSavedAt`: when the form's revision was saved. A damaged persona is restored under the damaged
 * revision's number, so the same number saved at another time is news, not the form's revision.
 */
export function personaArrival(next: PersonaState, previous: PersonaState | undefined, draft: unknown, base: number | undefined, own: boolean, baseSavedAt?: string): PersonaArrival {
  if (draft === undefined || base === undefined) return { type: 'adopt', elsewhere: false };
  if (next.revision === base && (baseSavedAt === undefined || next.savedAt === baseSavedAt)) return { type: 'keep' };
  // The form already holds what was saved (this editor's own save, answered after the push).
  if (!isDirty(draft, next.persona)) return { type: 'adopt', elsewhere: false };
  const edited = previous === undefined || isDirty(draft, previous.persona);
  if (own) return edited ? { type: 'keep' } : { type: 'adopt', elsewhere: false };
  return edited ? { type: 'conflict', revision: next.revision } : { type: 'adopt', elsewhere: true };
}

/** `Revision 3 · rollback to 1`, newest first for the history list. */
export function versionLabel(version: PersonaVersionView): string {
  return `Revision ${version.revision}${version.note ? ` · ${version.note}` : ''}${version.current ? ' (current)' : ''}`;
}

export function newestFirst(history: readonly PersonaVersionView[]): PersonaVersionView[] {
  return [...history].sort((a, b) => b.revision - a.revision);
}

/** The id of an element that shows a field's problems (for aria-describedby). */
export function problemId(path: string): string {
  return `problem-${path.replace(/[^a-zA-Z0-9]+/g, '-')}`;
}
