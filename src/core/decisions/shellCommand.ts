/**
 * Shell commands against allow-rules (issue 8, "Safety"): a line is allowed only when it parses,
 * holds nothing that could do more than its words say (redirection, substitution, subshell,
 * expansion, background job…), and every simple command in it, after splitting the chains, equals
 * an allowed command exactly or matches an allowed pattern whole. So an allowed prefix can never
 * smuggle a second command or a redirect: `git log; rm -rf ~` is two commands, and the second
 * must be allowed on its own.
 */
import { ShellReader, ShellSyntaxError, type ChainOperator, type ShellConstruct, type ShellConstructKind, type SimpleCommand } from './shellSyntax';

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

/** The `commands` part of a policy rule. Patterns are regular expressions matched against the whole command. */
export interface CommandRule {
  exact?: string[];
  patterns?: string[];
}

export interface CommandMatch {
  allowed: boolean;
  /** One sentence naming what decided: the construct or command refused, or the entries that matched. */
  reason: string;
}

/** Constructs that are only ways of writing words; everything else keeps a line from being allowed. */
const HARMLESS = new Set<ShellConstructKind>(['chain', 'single-quote', 'double-quote', 'escape', 'line-continuation']);

export function parseShellCommand(line: string): ParsedShell {
  const collected = { commands: [] as SimpleCommand[], constructs: [] as ShellConstruct[] };
  try {
    new ShellReader(line, collected).readAll();
  } catch (error) {
    if (!(error instanceof ShellSyntaxError)) throw error;
    return { line, ok: false, error: error.message, commands: collected.commands, constructs: sortConstructs([...collected.constructs, ...controlCharacters(line)]) };
  }
  return { line, ok: true, commands: collected.commands, constructs: sortConstructs([...collected.constructs, ...controlCharacters(line)]) };
}

/**
 * Allowed only if every top-level simple command of a clean line matches an `exact` entry (compared
 * word by word, whitespace and quoting normalised) or fully matches one of the `patterns`.
 */
export function matchCommandRules(parsed: ParsedShell, rules: readonly CommandRule[]): CommandMatch {
  if (!parsed.ok) return refuse(`\`${oneLine(parsed.line)}\` cannot be read safely (${parsed.error ?? 'syntax error'}).`);
  const top = parsed.commands.filter((c) => !c.nested);
  if (top.length === 0) return refuse('the command line is empty.');
  const risky = parsed.constructs.find((c) => !HARMLESS.has(c.kind));
  if (risky) {
    const where = top.find((c) => risky.at >= c.start && risky.at < c.end);
    const inCommand = where && top.length > 1 ? ` in \`${oneLine(where.raw)}\`${afterText(where.after)}` : '';
    return refuse(`\`${oneLine(parsed.line)}\` ${describeConstruct(risky)}${inCommand}.`);
  }
  const entries = compileEntries(rules);
  if (entries.length === 0) return refuse('no allow rule lists any command.');
  const matched: string[] = [];
  for (const command of top) {
    const entry = entries.find((e) => e.matches(command));
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
    case 'single-quote':
    case 'double-quote':
    case 'escape':
    case 'line-continuation':
      return `quotes or escapes (\`${t}\`)`;
  }
}

/** The entry (`exact "git log"`, `pattern ^git show .*$`) one simple command matches, if any. */
export function matchingEntry(command: SimpleCommand, rules: readonly CommandRule[]): string | undefined {
  return compileEntries(rules).find((e) => e.matches(command))?.label;
}

interface Entry {
  label: string;
  matches(command: SimpleCommand): boolean;
}

function compileEntries(rules: readonly CommandRule[]): Entry[] {
  const entries: Entry[] = [];
  for (const rule of rules) {
    for (const exact of rule.exact ?? []) {
      const forms = exactForms(exact);
      entries.push({ label: `exact "${exact}"`, matches: (c) => forms.includes(c.canonical) || forms.includes(c.raw) });
    }
    for (const pattern of rule.patterns ?? []) {
      const regex = anchoredPattern(pattern);
      if (regex) entries.push({ label: `pattern ${pattern}`, matches: (c) => regex.test(c.canonical) || regex.test(c.raw) });
    }
  }
  return entries;
}

/** An allow-list entry as the canonical form of its one command, and as written with whitespace normalised. */
function exactForms(exact: string): string[] {
  const written = exact.trim().split(/\s+/).join(' ');
  const parsed = parseShellCommand(exact);
  const clean = parsed.ok && parsed.commands.length === 1 && parsed.constructs.every((c) => HARMLESS.has(c.kind));
  return clean ? [parsed.commands[0].canonical, written] : [written];
}

/** The pattern wrapped so it must match the whole command; undefined when it is not a valid regular expression. */
export function anchoredPattern(pattern: string): RegExp | undefined {
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
