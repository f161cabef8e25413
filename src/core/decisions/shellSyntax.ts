/**
 * The reader behind `parseShellCommand`: a hand-written, deliberately conservative reading of
 * bash syntax. It does not run or expand anything; it finds where each simple command starts and
 * ends and reports every construct that could make a line do more than its words say.
 *
 * Written by hand because `shell-quote` (the usual library) misses what matters here: it has no
 * notion of heredocs, `$'…'`, `${…}` nesting, backticks, line continuations, history expansion,
 * keywords, assignments or tilde/brace expansion, and turns `$(…)` into loose operator tokens.
 * Anything this reader is unsure of is a syntax error, and a line with a syntax error is never allowed.
 *
 * A backslash-newline outside single quotes, `$'…'`, comments and quoted here-documents is deleted
 * by the shell before it reads the line (`"$\⏎(id)"` is `"$(id)"`). The reader stops at the first
 * one it meets (`LineContinuation`); `parseShellCommand` deletes it and reads the line again.
 */

/** What separates two simple commands. `\n` is a newline, which bash treats like `;`. */
export type ChainOperator = ';' | '&&' | '||' | '|' | '|&' | '&' | '\n';

export type ShellConstructKind =
  | 'chain' // ; && || | |& newline
  | 'background' // &
  | 'redirection' // > >> < >| <> >& <& &> &>>, with an optional fd (2>)
  | 'heredoc' // << <<-
  | 'here-string' // <<<
  | 'command-substitution' // $( … )
  | 'backticks' // ` … `
  | 'process-substitution' // <( … ) >( … )
  | 'arithmetic' // $(( … )) (( … ))
  | 'subshell' // ( … )
  | 'group' // { …; }
  | 'variable' // $VAR $1 $@ …
  | 'parameter-expansion' // ${ … }
  | 'glob' // * ? [ unquoted
  | 'brace-expansion' // { } unquoted inside a word
  | 'tilde' // ~ at the start of a word or after = :
  | 'history-expansion' // ! (expanded by interactive shells, such as a terminal's)
  | 'assignment' // NAME=value before the command name
  | 'keyword' // if, for, while, case, function, time, !, [[ …
  | 'comment' // # …
  | 'ansi-c-quote' // $'…'
  | 'locale-quote' // $"…"
  | 'control-character' // tab, carriage return, escape… (a terminal acts on them)
  | 'single-quote'
  | 'double-quote'
  | 'escape'
  | 'line-continuation'; // a backslash-newline, which the shell deletes before reading

export interface ShellConstruct {
  kind: ShellConstructKind;
  /** The construct as written (its opening part for long ones): `>`, `2>&1`, `$(`, `$HOME`, `;`. */
  text: string;
  /** Offset in the line. */
  at: number;
}

export interface SimpleCommand {
  /** The words after quote removal (the argv the command would get, expansions left as written). */
  words: string[];
  /** The words as written, joined by single spaces. */
  raw: string;
  /** The words joined by single spaces, each single-quoted when it holds anything but plain characters. */
  canonical: string;
  /** The index in `words` of the command name, after any assignments (`FOO=1`) and keywords (`time`, `then`). */
  nameIndex: number;
  /** The operator before this command; absent for the first. */
  after?: ChainOperator;
  /** Inside a substitution, subshell or group rather than a command of the line itself. */
  nested: boolean;
  /** Offsets of the command in the line, [start, end). */
  start: number;
  end: number;
}

export class ShellSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShellSyntaxError';
  }
}

/** Thrown on meeting a backslash-newline the shell would delete: `at` is the backslash's offset. */
export class LineContinuation extends Error {
  constructor(readonly at: number) {
    super('a backslash-newline');
    this.name = 'LineContinuation';
  }
}

export interface ShellCollector {
  commands: SimpleCommand[];
  constructs: ShellConstruct[];
}

interface Word {
  value: string;
  raw: string;
  start: number;
  end: number;
  /** No quotes, escapes or expansions: the raw text is the value. */
  plain: boolean;
}

interface PendingHeredoc {
  delimiter: string;
  stripTabs: boolean;
  expands: boolean;
  operator: string;
}

const KEYWORDS = new Set(['if', 'then', 'elif', 'else', 'fi', 'for', 'while', 'until', 'do', 'done', 'case', 'esac', 'select', 'function', 'time', 'coproc', '[[', ']]', '!', 'in']);
const REDIRECTION = /^(\d+|\{[A-Za-z_]\w*\})?(&>>|&>|<<<|<<-|<<|<>|<&|>&|>>|>\||<|>)/;
const WORD_END = new Set([' ', '\t', '\n', ';', '&', '|', '(', ')', '<', '>']);
const ASSIGNMENT = /^[A-Za-z_]\w*\+?=/;
const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Quotes a word so the canonical form of a command is unambiguous: one reading, one text. */
export function quoteWord(word: string): string {
  if (SAFE_WORD.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

class CommandBuilder {
  words: Word[] = [];
  start = -1;
  end = -1;
  /** A subshell, group or arithmetic command: no plain words may follow it. */
  compound = false;
  hasContent = false;
  nameSeen = false;
  nameIndex = 0;

  touch(start: number, end: number): void {
    if (this.start < 0) this.start = start;
    this.end = end;
    this.hasContent = true;
  }
}

/** Reads one line (or a nested part of one, such as the inside of backticks) into the collector. */
export class ShellReader {
  private pos = 0;
  private depth: number;
  private readonly pendingHeredocs: PendingHeredoc[] = [];

  constructor(
    private readonly src: string,
    private readonly out: ShellCollector,
    private readonly base = 0,
    depth = 0,
  ) {
    this.depth = depth;
  }

  /** Reads the whole text as a list of commands; throws `ShellSyntaxError` on anything unclear. */
  readAll(): void {
    this.readList(undefined);
    if (this.pendingHeredocs.length) throw new ShellSyntaxError(`the here-document \`${this.pendingHeredocs[0].operator}\` has no body`);
  }

  /** Reads the body of an unquoted here-document: only its expansions matter. */
  readExpansionsOnly(): void {
    this.readDoubleQuoted(false);
  }

  private readList(closer: ')' | '}' | undefined): void {
    let current = new CommandBuilder();
    let before: ChainOperator | undefined;
    let needsCommand: ChainOperator | undefined;
    const finish = (operator: ChainOperator | undefined, at: number): void => {
      if (!current.hasContent) {
        if (operator === undefined || operator === '\n') return;
        throw new ShellSyntaxError(`\`${operator}\` has no command before it`);
      }
      this.pushCommand(current, before);
      current = new CommandBuilder();
      before = operator;
      needsCommand = operator && ['&&', '||', '|', '|&'].includes(operator) ? operator : undefined;
      if (operator) this.construct(operator === '&' ? 'background' : 'chain', operator, at);
    };

    for (;;) {
      this.skipBlanks();
      if (this.pos >= this.src.length) {
        if (closer) throw new ShellSyntaxError(closer === ')' ? 'a `(` is never closed' : 'a `{` is never closed');
        break;
      }
      const at = this.pos;
      const ch = this.src[at];
      if (ch === ')' && closer === ')') {
        this.pos++;
        break;
      }
      if (ch === ')') throw new ShellSyntaxError('unexpected `)`');
      if (closer === '}' && ch === '}' && !current.hasContent && this.endsWordAt(at + 1)) {
        this.pos++;
        break;
      }
      if (ch === '\n') {
        this.pos++;
        this.readHeredocBodies();
        if (current.hasContent) finish('\n', at);
        continue;
      }
      if (ch === '#') {
        const end = this.src.indexOf('\n', at);
        this.pos = end < 0 ? this.src.length : end;
        this.construct('comment', this.src.slice(at, this.pos), at);
        continue;
      }
      const operator = this.readOperator();
      if (operator) {
        finish(operator, at);
        continue;
      }
      if (this.readRedirection(current)) continue;
      if (ch === '(') {
        if (current.hasContent) throw new ShellSyntaxError('unexpected `(`');
        this.readCompound(current, at);
        continue;
      }
      if (current.compound) throw new ShellSyntaxError(`unexpected word after \`${this.src.slice(current.start, current.end)}\``);
      if (!current.hasContent && ch === '{' && this.endsWordAt(at + 1)) {
        this.construct('group', '{', at);
        this.pos++;
        this.depth++;
        this.readList('}');
        this.depth--;
        current.compound = true;
        current.touch(at, this.pos);
        continue;
      }
      const word = this.readWord(!current.nameSeen);
      if (!current.nameSeen) {
        if (word.plain && KEYWORDS.has(word.raw)) this.construct('keyword', word.raw, word.start);
        else if (ASSIGNMENT.test(word.raw)) this.construct('assignment', word.raw, word.start);
        else current.nameSeen = true;
        if (!current.nameSeen) current.nameIndex = current.words.length + 1;
      }
      current.words.push(word);
      current.touch(word.start, word.end);
    }
    if (current.hasContent) finish(undefined, this.pos);
    else if (needsCommand) throw new ShellSyntaxError(`the line ends with \`${needsCommand}\` and no command after it`);
  }

  private readCompound(current: CommandBuilder, at: number): void {
    if (this.src.startsWith('((', at)) {
      this.construct('arithmetic', '((', at);
      this.pos = this.skipBalanced(at + 2, '))');
    } else {
      this.construct('subshell', '(', at);
      this.pos++;
      this.depth++;
      this.readList(')');
      this.depth--;
    }
    current.compound = true;
    current.touch(at, this.pos);
  }

  private readOperator(): ChainOperator | undefined {
    const rest = this.src.slice(this.pos, this.pos + 2);
    if (rest === ';;' || rest === ';&') throw new ShellSyntaxError(`unexpected \`${rest}\``);
    for (const op of ['&&', '||', '|&'] as const) {
      if (rest === op) {
        this.pos += 2;
        return op;
      }
    }
    const ch = this.src[this.pos];
    if (ch === '&' && this.src[this.pos + 1] === '>') return undefined; // &> is a redirection
    if (ch === ';' || ch === '&' || ch === '|') {
      this.pos++;
      return ch;
    }
    return undefined;
  }

  private readRedirection(current: CommandBuilder): boolean {
    const rest = this.src.slice(this.pos);
    if (/^[<>]\(/.test(rest)) return false; // process substitution: a word
    const match = REDIRECTION.exec(rest);
    if (!match) return false;
    const at = this.pos;
    const operator = match[2];
    this.pos += match[0].length;
    const kind = operator === '<<' || operator === '<<-' ? 'heredoc' : operator === '<<<' ? 'here-string' : 'redirection';
    this.skipBlanks();
    if (this.pos >= this.src.length || WORD_END.has(this.src[this.pos])) throw new ShellSyntaxError(`\`${match[0]}\` has no target`);
    const target = this.readWord(false);
    this.construct(kind, this.src.slice(at, target.end), at);
    if (kind === 'heredoc') {
      this.pendingHeredocs.push({ delimiter: target.value, stripTabs: operator === '<<-', expands: target.plain, operator: `${match[0]}${target.raw}` });
    }
    current.touch(at, target.end);
    return true;
  }

  private readHeredocBodies(): void {
    while (this.pendingHeredocs.length) {
      const heredoc = this.pendingHeredocs.shift()!;
      const bodyStart = this.pos;
      for (;;) {
        if (this.pos >= this.src.length) throw new ShellSyntaxError(`the here-document \`${heredoc.operator}\` is never closed`);
        const lineEnd = this.src.indexOf('\n', this.pos);
        const end = lineEnd < 0 ? this.src.length : lineEnd;
        const line = this.src.slice(this.pos, end);
        const lineStart = this.pos;
        this.pos = lineEnd < 0 ? end : end + 1;
        if ((heredoc.stripTabs ? line.replace(/^\t+/, '') : line) === heredoc.delimiter) {
          if (heredoc.expands) new ShellReader(this.src.slice(bodyStart, lineStart), this.out, this.base + bodyStart, this.depth + 1).readExpansionsOnly();
          break;
        }
      }
    }
  }

  /** Reads one word; `commandStart` when it may be the first word of a command (`!` is then a keyword). */
  private readWord(commandStart: boolean): Word {
    const start = this.pos;
    let value = '';
    let plain = true;
    let previous = '';
    if (/^[<>]\(/.test(this.src.slice(this.pos))) {
      this.construct('process-substitution', `${this.src[this.pos]}(`, this.pos);
      this.pos += 2;
      this.nested(() => this.readList(')'));
      plain = false;
    }
    while (this.pos < this.src.length && !WORD_END.has(this.src[this.pos])) {
      const at = this.pos;
      const ch = this.src[at];
      const wordStart = at === start;
      if (ch === '\\') {
        if (at + 1 >= this.src.length) throw new ShellSyntaxError('the line ends with a backslash (`\\`)');
        if (this.src[at + 1] === '\n') throw new LineContinuation(this.base + at);
        this.construct('escape', this.src.slice(at, at + 2), at);
        value += this.src[at + 1];
        this.pos += 2;
        plain = false;
      } else if (ch === "'") {
        const close = this.src.indexOf("'", at + 1);
        if (close < 0) throw new ShellSyntaxError("a single quote (`'`) is never closed");
        this.construct('single-quote', "'", at);
        value += this.src.slice(at + 1, close);
        this.pos = close + 1;
        plain = false;
      } else if (ch === '"') {
        this.construct('double-quote', '"', at);
        this.pos++;
        value += this.readDoubleQuoted(true);
        plain = false;
      } else if (ch === '$') {
        value += this.readDollar(false);
        plain = false;
      } else if (ch === '`') {
        value += this.readBackticks();
        plain = false;
      } else {
        if (ch === '*' || ch === '?' || ch === '[') this.construct('glob', ch, at);
        else if (ch === '{' || ch === '}') this.construct('brace-expansion', ch, at);
        else if (ch === '~' && (wordStart || previous === '=' || previous === ':')) this.construct('tilde', '~', at);
        else if (ch === '!' && !(commandStart && wordStart && this.endsWordAt(at + 1))) this.construct('history-expansion', '!', at);
        value += ch;
        this.pos++;
      }
      previous = ch;
    }
    return { value, raw: this.src.slice(start, this.pos), start, end: this.pos, plain };
  }

  /** After an opening `"` (or over a whole here-document body when `quoted` is false). */
  private readDoubleQuoted(quoted: boolean): string {
    let value = '';
    for (;;) {
      if (this.pos >= this.src.length) {
        if (quoted) throw new ShellSyntaxError('a double quote (`"`) is never closed');
        return value;
      }
      const at = this.pos;
      const ch = this.src[at];
      if (quoted && ch === '"') {
        this.pos++;
        return value;
      }
      if (ch === '\\' && this.src[at + 1] === '\n') throw new LineContinuation(this.base + at);
      if (ch === '\\' && at + 1 < this.src.length && '$`"\\'.includes(this.src[at + 1])) {
        value += this.src[at + 1];
        this.pos += 2;
      } else if (ch === '$') {
        value += this.readDollar(true);
      } else if (ch === '`') {
        value += this.readBackticks();
      } else {
        if (ch === '!' && quoted) this.construct('history-expansion', '!', at);
        value += ch;
        this.pos++;
      }
    }
  }

  /** At a `$`: returns the text as written (expansions are reported, never performed). */
  private readDollar(inDoubleQuotes: boolean): string {
    const at = this.pos;
    const next = this.src[at + 1];
    if (this.src.startsWith('$((', at)) {
      this.construct('arithmetic', '$((', at);
      this.pos = this.skipBalanced(at + 3, '))');
    } else if (next === '(') {
      this.construct('command-substitution', '$(', at);
      this.pos += 2;
      this.nested(() => this.readList(')'));
    } else if (next === '{') {
      this.construct('parameter-expansion', '${', at);
      this.pos = this.skipParameter(at + 2);
    } else if (next === "'" && !inDoubleQuotes) {
      this.construct('ansi-c-quote', "$'", at);
      this.pos = this.skipAnsiC(at + 2);
    } else if (next === '"' && !inDoubleQuotes) {
      this.construct('locale-quote', '$"', at);
      this.pos += 2;
      this.readDoubleQuoted(true);
    } else if (next !== undefined && /[A-Za-z_]/.test(next)) {
      const name = /^[A-Za-z_]\w*/.exec(this.src.slice(at + 1))![0];
      this.construct('variable', `$${name}`, at);
      this.pos += 1 + name.length;
    } else if (next !== undefined && /[0-9@*#?$!-]/.test(next)) {
      this.construct('variable', `$${next}`, at);
      this.pos += 2;
    } else {
      this.pos++;
      return '$';
    }
    return this.src.slice(at, this.pos);
  }

  private readBackticks(): string {
    const at = this.pos;
    let inner = '';
    let i = at + 1;
    for (;;) {
      if (i >= this.src.length) throw new ShellSyntaxError('a backtick (`` ` ``) is never closed');
      const ch = this.src[i];
      if (ch === '`') break;
      if (ch === '\\' && this.src[i + 1] === '\n') throw new LineContinuation(this.base + i);
      if (ch === '\\' && i + 1 < this.src.length) {
        inner += '$`\\'.includes(this.src[i + 1]) ? this.src[i + 1] : ch + this.src[i + 1];
        i += 2;
        continue;
      }
      inner += ch;
      i++;
    }
    this.construct('backticks', '`', at);
    this.pos = i + 1;
    try {
      new ShellReader(inner, this.out, this.base + at + 1, this.depth + 1).readAll();
    } catch (error) {
      // Made by an escaped backslash (`\\⏎`): its place in the line is not one offset of the inner text.
      if (error instanceof LineContinuation) throw new ShellSyntaxError('a command in backticks continues a line with a backslash');
      throw error;
    }
    return this.src.slice(at, this.pos);
  }

  /** The end of `${…}` (after its `}`), honouring quotes and nested expansions inside. */
  private skipParameter(from: number): number {
    this.pos = from;
    while (this.pos < this.src.length) {
      const ch = this.src[this.pos];
      if (ch === '}') return this.pos + 1;
      if (ch === '\\' && this.src[this.pos + 1] === '\n') throw new LineContinuation(this.base + this.pos);
      if (ch === '\\') this.pos += 2;
      else if (ch === "'") {
        const close = this.src.indexOf("'", this.pos + 1);
        if (close < 0) break;
        this.pos = close + 1;
      } else if (ch === '"') {
        this.pos++;
        this.readDoubleQuoted(true);
      } else if (ch === '$') this.readDollar(false);
      else if (ch === '`') this.readBackticks();
      else this.pos++;
    }
    throw new ShellSyntaxError('a `${` is never closed');
  }

  private skipAnsiC(from: number): number {
    for (let i = from; i < this.src.length; i++) {
      if (this.src[i] === '\\') i++;
      else if (this.src[i] === "'") return i + 1;
    }
    throw new ShellSyntaxError("an ANSI-C quote (`$'`) is never closed");
  }

  /** The end of an arithmetic part that opened one level of `((`, after its closing `))`. */
  private skipBalanced(from: number, close: '))'): number {
    let depth = 0;
    for (let i = from; i < this.src.length; i++) {
      const ch = this.src[i];
      if (ch === '\\' && this.src[i + 1] === '\n') throw new LineContinuation(this.base + i);
      if (ch === '(') depth++;
      else if (ch === ')') {
        if (depth === 0) {
          if (this.src.startsWith(close, i)) return i + 2;
          throw new ShellSyntaxError('an arithmetic `((` is closed by a single `)`');
        }
        depth--;
      }
    }
    throw new ShellSyntaxError('an arithmetic `((` is never closed');
  }

  private nested(read: () => void): void {
    this.depth++;
    try {
      read();
    } finally {
      this.depth--;
    }
  }

  private pushCommand(command: CommandBuilder, after: ChainOperator | undefined): void {
    const words = command.words.map((w) => w.value);
    this.out.commands.push({
      words,
      nameIndex: command.compound ? 0 : Math.min(command.nameIndex, words.length),
      raw: command.compound ? this.src.slice(command.start, command.end) : command.words.map((w) => w.raw).join(' '),
      canonical: command.compound ? this.src.slice(command.start, command.end) : words.map(quoteWord).join(' '),
      ...(after ? { after } : {}),
      nested: this.depth > 0,
      start: this.base + command.start,
      end: this.base + command.end,
    });
  }

  private construct(kind: ShellConstructKind, text: string, at: number): void {
    this.out.constructs.push({ kind, text, at: this.base + at });
  }

  private skipBlanks(): void {
    while (this.src[this.pos] === ' ' || this.src[this.pos] === '\t') this.pos++;
  }

  private endsWordAt(index: number): boolean {
    return index >= this.src.length || WORD_END.has(this.src[index]);
  }
}
