/**
 * Where a JSON text goes wrong, as line and column. Node's `JSON.parse` names a position only for
 * some errors ("Unexpected token '}', ... is not valid JSON" has none), and a person fixing an
 * export needs to know where to look, so this small scanner walks the grammar until it fails.
 */
export interface JsonProblem {
  /** 0-based offset in the text. */
  offset: number;
  line: number;
  column: number;
  /** What the scanner expected there, e.g. `a value`, `"," or "}"`. */
  expected: string;
}

/** The first place the text stops being JSON, or undefined when it is valid JSON. */
export function findJsonProblem(text: string): JsonProblem | undefined {
  const scanner = new Scanner(text);
  try {
    scanner.space();
    scanner.value();
    scanner.space();
    if (scanner.at < text.length) scanner.fail('the end of the text');
    return undefined;
  } catch (error) {
    if (error instanceof ScanError) return locate(text, error.offset, error.expected);
    throw error;
  }
}

/** `line 3, column 7: expected "," or "}" but found "x"`. */
export function describeJsonProblem(text: string, problem: JsonProblem): string {
  const found = problem.offset < text.length ? `found ${JSON.stringify(text.slice(problem.offset, problem.offset + 12))}` : 'the text ends';
  return `line ${problem.line}, column ${problem.column}: expected ${problem.expected} but ${found}`;
}

class ScanError extends Error {
  constructor(
    readonly offset: number,
    readonly expected: string,
  ) {
    super(`expected ${expected} at ${offset}`);
  }
}

class Scanner {
  at = 0;

  constructor(private readonly text: string) {}

  fail(expected: string): never {
    throw new ScanError(this.at, expected);
  }

  space(): void {
    while (this.at < this.text.length && ' \t\n\r'.includes(this.text[this.at])) this.at++;
  }

  value(): void {
    const c = this.text[this.at];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    for (const word of ['true', 'false', 'null']) {
      if (this.text.startsWith(word, this.at)) {
        this.at += word.length;
        return;
      }
    }
    this.fail('a value');
  }

  private object(): void {
    this.at++;
    this.space();
    if (this.text[this.at] === '}') {
      this.at++;
      return;
    }
    for (;;) {
      this.space();
      if (this.text[this.at] !== '"') this.fail('a property name in double quotes');
      this.string();
      this.space();
      if (this.text[this.at] !== ':') this.fail('":"');
      this.at++;
      this.space();
      this.value();
      this.space();
      const c = this.text[this.at];
      this.at++;
      if (c === '}') return;
      if (c !== ',') {
        this.at--;
        this.fail('"," or "}"');
      }
    }
  }

  private array(): void {
    this.at++;
    this.space();
    if (this.text[this.at] === ']') {
      this.at++;
      return;
    }
    for (;;) {
      this.space();
      this.value();
      this.space();
      const c = this.text[this.at];
      this.at++;
      if (c === ']') return;
      if (c !== ',') {
        this.at--;
        this.fail('"," or "]"');
      }
    }
  }

  private string(): void {
    this.at++;
    while (this.at < this.text.length) {
      const c = this.text[this.at];
      if (c === '"') {
        this.at++;
        return;
      }
      if (c < ' ') this.fail('no control character inside a string');
      if (c === '\\') {
        const next = this.text[this.at + 1];
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.at + 2, this.at + 6))) {
            this.at += 2;
            this.fail('four hex digits after \\u');
          }
          this.at += 6;
          continue;
        }
        if (next === undefined || !'"\\/bfnrt'.includes(next)) {
          this.at++;
          this.fail('a valid escape after "\\"');
        }
        this.at += 2;
        continue;
      }
      this.at++;
    }
    this.fail('a closing \'"\'');
  }

  private number(): void {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.at, this.at + 400));
    if (!match) this.fail('a number');
    this.at += match[0].length;
  }
}

function locate(text: string, offset: number, expected: string): JsonProblem {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { offset, line, column: offset - lineStart + 1, expected };
}
