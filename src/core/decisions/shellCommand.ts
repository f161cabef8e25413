/**
 * Shell commands against allow-rules (issue 8, "Safety"): a line is allowed only when it parses,
 * holds nothing that could do more than its words say (redirection, substitution, subshell,
 * expansion, background job…), and every simple command in it, after splitting the chains, equals
 * an allowed command exactly or matches an allowed pattern whole. So an allowed prefix can never
 * smuggle a second command or a redirect: `git log; rm -rf ~` is two commands, and the second
 * must be allowed on its own. Allow entries are compared with the canonical form of each command
 * (its argv, re-quoted one way), never with the text as written, so quotes cannot dress an option
 * up as something else; deny entries are tried against every form, and the command after its
 * assignments, keywords and expanding words, so they fire wherever the command shows.
 */
import { LineContinuation, quoteWord, ShellReader, ShellSyntaxError, type ChainOperator, type ShellConstruct, type ShellConstructKind, type SimpleCommand } from './shellSyntax';

export type { ChainOperator, ShellConstruct, ShellConstructKind, SimpleCommand } from './shellSyntax';

export interface ParsedShell {
  line: string;
  /** False when the line cannot be read for sure (an unterminated quote, a stray `)`…): never allowed. */
  ok: boolean;
  /** Why it could not be read. */
  error?: string;
  /** Every simple command, in the order they end; `nested` ones sit inside a substitution, subshell or group. */
  commands: SimpleCommand[];
  /** Every construct found, in reading order. */
  constructs: ShellConstruct[];
}

/** The `commands` part of a policy rule. Patterns are regular expressions matched against the whole of one command. */
export interface CommandRule {
  exact?: string[];
  patterns?: string[];
}

export interface CommandMatch {
  allowed: boolean;
  /** One sentence naming what decided: the construct or command refused, or the entries that matched. */
  reason: string;
}

/**
 * Constructs that are only ways of writing words; everything else keeps a line from being allowed.
 * A line continuation is not among them: the line is read joined, as the shell reads it, but what
 * the person would read differs from what runs, so it always asks.
 */
const HARMLESS = new Set<ShellConstructKind>(['chain', 'single-quote', 'double-quote', 'escape']);

/** Each continuation means one more reading of the line; past this many it counts as unreadable. */
const MAX_CONTINUATIONS = 100;

/**
 * Reads a line as the shell would: each backslash-newline the reader meets (outside single
 * quotes, `$'…'`, comments and quoted here-documents) is deleted and the line read again, as the
 * shell deletes them before it reads. Offsets are those of the line as written.
 */
export function parseShellCommand(line: string): ParsedShell {
  let text = line;
  /** `origin[i]`: where `text[i]` stands in `line` (one more entry for the end). */
  const origin = Array.from({ length: line.length + 1 }, (_, i) => i);
  const continuations: ShellConstruct[] = [];
  for (;;) {
    const collected = { commands: [] as SimpleCommand[], constructs: [] as ShellConstruct[] };
    let error: string | undefined;
    try {
      new ShellReader(text, collected).readAll();
    } catch (thrown) {
      if (thrown instanceof LineContinuation && continuations.length < MAX_CONTINUATIONS) {
        continuations.push({ kind: 'line-continuation', text: '\\⏎', at: origin[thrown.at] });
        text = text.slice(0, thrown.at) + text.slice(thrown.at + 2);
        origin.splice(thrown.at, 2);
        continue;
      }
      if (thrown instanceof LineContinuation) error = `it continues over more than ${MAX_CONTINUATIONS} lines with a backslash`;
      else if (thrown instanceof ShellSyntaxError) error = thrown.message;
      else throw thrown;
    }
    const commands = collected.commands.map((c) => ({ ...c, start: origin[c.start], end: origin[c.end] }));
    const constructs = sortConstructs([...collected.constructs.map((c) => ({ ...c, at: origin[c.at] })), ...continuations, ...controlCharacters(line)]);
    return error === undefined ? { line, ok: true, commands, constructs } : { line, ok: false, error, commands, constructs };
  }
}

/**
 * Allowed only if every top-level simple command of a clean line matches an `exact` entry (compared
 * word by word, whitespace and quoting normalised) or fully matches one of the `patterns`.
 */
export function matchCommandRules(parsed: ParsedShell, rules: readonly CommandRule[]): CommandMatch {
  if (!parsed.ok) return refuse(`\`${oneLine(parsed.line)}\` cannot be read safely (${parsed.error ?? 'syntax error'}).`);
  const top = parsed.commands.filter((c) => !c.nested);
  if (top.length === 0) return refuse('the command line is empty.');
  // A continuation first: it is why the line as the person reads it is not the line that runs.
  const risky = parsed.constructs.find((c) => c.kind === 'line-continuation') ?? parsed.constructs.find((c) => !HARMLESS.has(c.kind));
  if (risky) {
    const where = top.find((c) => risky.at >= c.start && risky.at < c.end);
    const inCommand = where && top.length > 1 ? ` in \`${oneLine(where.raw)}\`${afterText(where.after)}` : '';
    return refuse(`\`${oneLine(parsed.line)}\` ${describeConstruct(risky)}${inCommand}.`);
  }
  const entries = compileEntries(rules);
  if (entries.length === 0) return refuse('no allow rule lists any command.');
  const matched: string[] = [];
  for (const command of top) {
    const entry = entries.find((e) => e.allows(command));
    if (!entry) return refuse(`\`${oneLine(command.raw)}\`${afterText(command.after)} matches no allowed command.`);
    matched.push(`\`${oneLine(command.raw)}\` (${entry.label})`);
  }
  return { allowed: true, reason: `Every command is allowed: ${matched.join(', ')}.` };
}

/** A phrase for the person: "has a redirection (`>`)", "expands a variable (`$HOME`)". */
export function describeConstruct(construct: ShellConstruct): string {
  const t = oneLine(construct.text);
  switch (construct.kind) {
    case 'chain':
      return construct.text === '\n' ? 'continues on a new line' : `chains commands with \`${t}\``;
    case 'background':
      return 'runs a command in the background (`&`)';
    case 'redirection':
      return `has a redirection (\`${t}\`)`;
    case 'heredoc':
      return `has a here-document (\`${t}\`)`;
    case 'here-string':
      return `has a here-string (\`${t}\`)`;
    case 'command-substitution':
      return 'has a command substitution (`$(…)`)';
    case 'backticks':
      return 'has a command substitution in backticks (`` `…` ``)';
    case 'process-substitution':
      return `has a process substitution (\`${t}…)\`)`;
    case 'arithmetic':
      return `has an arithmetic expansion (\`${t}…))\`)`;
    case 'subshell':
      return 'runs a subshell (`( … )`)';
    case 'group':
      return 'has a command group (`{ …; }`)';
    case 'variable':
      return `expands a variable (\`${t}\`)`;
    case 'parameter-expansion':
      return 'has a parameter expansion (`${…}`)';
    case 'glob':
      return `has a glob (\`${t}\`)`;
    case 'brace-expansion':
      return `has a brace expansion (\`${t}\`)`;
    case 'tilde':
      return 'expands `~` to a home folder';
    case 'history-expansion':
      return 'has a history expansion (`!`)';
    case 'assignment':
      return `sets a variable for the command (\`${t}\`)`;
    case 'keyword':
      return `uses the shell keyword \`${t}\``;
    case 'comment':
      return 'has a comment (`#`)';
    case 'ansi-c-quote':
      return "has an ANSI-C quoted string (`$'…'`)";
    case 'locale-quote':
      return 'has a locale-translated string (`$"…"`)';
    case 'control-character':
      return `contains a control character (${t})`;
    case 'line-continuation':
      return 'has a backslash at the end of a line (`\\⏎`), which the shell deletes to join the lines before it reads them';
    case 'single-quote':
    case 'double-quote':
    case 'escape':
      return `quotes or escapes (\`${t}\`)`;
  }
}

/** The entry (`exact "git log"`, `pattern git show .*`) that allows one simple command, if any: compared with its canonical form only. */
export function matchingEntry(command: SimpleCommand, rules: readonly CommandRule[]): string | undefined {
  return compileEntries(rules).find((e) => e.allows(command))?.label;
}

/**
 * The entry of a deny or ask rule that lists one simple command, if any. Tried against every form
 * of it (canonical, as written, the bare words) and the same after its assignments and keywords
 * (`FOO=1 rm`, `time rm`, `then rm` are `rm`) and after leading words that expand (`$EMPTY rm`
 * runs `rm`): a restriction errs towards firing.
 */
export function restrictingEntry(command: SimpleCommand, rules: readonly CommandRule[]): string | undefined {
  const forms = new Set([command.canonical, command.raw, command.words.join(' ')]);
  for (let start = 1; start < command.words.length; start++) {
    const skipped = command.words[start - 1];
    if (start > command.nameIndex && !/[$`]/.test(skipped)) break;
    const rest = command.words.slice(start);
    forms.add(rest.map(quoteWord).join(' '));
    forms.add(rest.join(' '));
  }
  return compileEntries(rules).find((e) => [...forms].some((form) => e.lists(form)))?.label;
}

interface Entry {
  label: string;
  /** For allow rules: the command's canonical form matches. */
  allows(command: SimpleCommand): boolean;
  /** For deny and ask rules: this form of the command matches. */
  lists(form: string): boolean;
}

/**
 * Parsing an exact entry and compiling a pattern cost far more than matching (about 25 of 28 µs a
 * line, `npm run bench -- decisions`), and a policy's entries repeat on every check: both are kept
 * per entry text. Neither depends on anything but the text; the regular expressions carry no flags,
 * so `test` keeps no state between calls.
 */
const compiled = { exact: new Map<string, { canonical?: string; written: string }>(), pattern: new Map<string, RegExp | undefined>() };
const COMPILED_MAX = 2000;

function remembered<T>(cache: Map<string, T>, key: string, make: () => T): T {
  if (cache.has(key)) return cache.get(key) as T;
  if (cache.size >= COMPILED_MAX) cache.clear();
  const value = make();
  cache.set(key, value);
  return value;
}

function compileEntries(rules: readonly CommandRule[]): Entry[] {
  const entries: Entry[] = [];
  for (const rule of rules) {
    for (const exact of rule.exact ?? []) {
      const { canonical, written } = remembered(compiled.exact, exact, () => exactForms(exact));
      entries.push({ label: `exact "${exact}"`, allows: (c) => canonical !== undefined && c.canonical === canonical, lists: (form) => form === canonical || form === written });
    }
    for (const pattern of rule.patterns ?? []) {
      const regex = remembered(compiled.pattern, pattern, () => anchoredPattern(pattern));
      if (regex) entries.push({ label: `pattern ${pattern}`, allows: (c) => regex.test(c.canonical), lists: (form) => regex.test(form) });
    }
  }
  return entries;
}

/**
 * An entry as the canonical form of its one command (undefined when it is not one plain command,
 * which no allowed line can equal), and as written with whitespace normalised (for restrictions).
 */
function exactForms(exact: string): { canonical?: string; written: string } {
  const written = exact.trim().split(/\s+/).join(' ');
  const parsed = parseShellCommand(exact);
  const clean = parsed.ok && parsed.commands.length === 1 && parsed.constructs.every((c) => HARMLESS.has(c.kind));
  return clean ? { canonical: parsed.commands[0].canonical, written } : { written };
}

/**
 * Why a policy pattern cannot be used, or undefined. It must compile on its own before it is
 * wrapped in `^(?:…)$`: else `git log)|(x` would close the wrapper's group and match any
 * command that starts with `git log`.
 */
export function patternProblem(pattern: string): string | undefined {
  try {
    new RegExp(pattern);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** The pattern wrapped so it must match the whole command; undefined when it is not a valid regular expression on its own. */
export function anchoredPattern(pattern: string): RegExp | undefined {
  if (patternProblem(pattern) !== undefined) return undefined;
  try {
    return new RegExp(`^(?:${pattern})$`);
  } catch {
    return undefined;
  }
}

/** A terminal acts on these (a tab completes, an escape starts a sequence), so a line holding one is never allowed. */
const CONTROL_NAMES: Record<number, string> = { 0x09: 'tab', 0x0d: 'carriage return', 0x1b: 'escape', 0x00: 'NUL', 0x7f: 'delete' };

function controlCharacters(line: string): ShellConstruct[] {
  const found: ShellConstruct[] = [];
  for (let i = 0; i < line.length; i++) {
    const code = line.charCodeAt(i);
    if ((code < 0x20 && code !== 0x0a) || code === 0x7f) {
      const name = CONTROL_NAMES[code] ? `${CONTROL_NAMES[code]}, ` : '';
      found.push({ kind: 'control-character', text: `${name}U+${code.toString(16).toUpperCase().padStart(4, '0')}`, at: i });
    }
  }
  return found;
}

function sortConstructs(constructs: ShellConstruct[]): ShellConstruct[] {
  return constructs.sort((a, b) => a.at - b.at);
}

function afterText(after: ChainOperator | undefined): string {
  if (!after) return '';
  return after === '\n' ? ' (after a newline)' : ` (after \`${after}\`)`;
}

function oneLine(text: string): string {
  const flat = text.replaceAll('\n', '⏎');
  return flat.length > 120 ? `${flat.slice(0, 117)}...` : flat;
}

function refuse(reason: string): CommandMatch {
  return { allowed: false, reason: `Refused: ${reason}` };
}
