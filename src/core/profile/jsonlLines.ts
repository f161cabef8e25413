/** One complete line of a JSONL file, with where it sits. */
export interface JsonlLine {
  text: string;
  /** Byte offset of its first byte. */
  offset: number;
  /** Byte offset just after its newline. */
  end: number;
  /** 1-based line number in the file. */
  line: number;
}

export interface SplitLines {
  lines: JsonlLine[];
  /** Offset just after the last complete line: where the next read starts. */
  consumed: number;
  /** Bytes after the last newline: a line still being written, or torn by a crash. */
  partial?: { offset: number; raw: string };
}

const NL = 0x0a;

/**
 * Splits bytes read from `baseOffset` of a file into complete lines. A trailing fragment without
 * its newline is reported apart and not consumed: only the lock holder may decide it is torn.
 */
export function splitLines(buffer: Buffer, baseOffset: number, firstLineNumber: number): SplitLines {
  const lines: JsonlLine[] = [];
  let start = 0;
  let line = firstLineNumber;
  for (let nl = buffer.indexOf(NL); nl >= 0; nl = buffer.indexOf(NL, start)) {
    lines.push({ text: buffer.toString('utf8', start, nl), offset: baseOffset + start, end: baseOffset + nl + 1, line });
    line++;
    start = nl + 1;
  }
  const consumed = baseOffset + start;
  if (start < buffer.length) return { lines, consumed, partial: { offset: consumed, raw: buffer.toString('utf8', start) } };
  return { lines, consumed };
}

/** JSON.parse that answers undefined instead of throwing, for lines that may be damaged. */
export function tryParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
