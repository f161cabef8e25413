import { extname } from 'node:path';
import { itemsOfDocument, jsonChunks } from './jsonItems';
import { describeJsonProblem, findJsonProblem } from './jsonProblem';
import { IngestProblem } from './ingestProblem';
import { pdfChunks } from './pdfText';
import { markdownChunks, textChunks, type IngestChunk } from './textChunks';

export type IngestFormat = 'markdown' | 'text' | 'json' | 'jsonl' | 'pdf';

const BY_EXTENSION: Record<string, IngestFormat> = {
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.txt': 'text',
  '.text': 'text',
  '.json': 'json',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.pdf': 'pdf',
};

export const SUPPORTED_EXTENSIONS = Object.keys(BY_EXTENSION);

export function formatOf(name: string): IngestFormat | undefined {
  return BY_EXTENSION[extname(name).toLowerCase()];
}

export interface ParsedFile {
  chunks: IngestChunk[];
  /** Items of a JSON export that held no text. */
  skipped: number;
}

/** A dropped file's notes-to-be, or an `IngestProblem` saying why it has none. */
export async function parseInboxFile(format: IngestFormat, bytes: Buffer): Promise<ParsedFile> {
  if (format === 'pdf') return { chunks: await pdfChunks(bytes), skipped: 0 };
  const text = decodeText(bytes);
  if (!text.trim()) throw new IngestProblem('empty: the file holds only whitespace');
  switch (format) {
    case 'markdown':
      return nonEmpty({ chunks: markdownChunks(text), skipped: 0 });
    case 'text':
      return nonEmpty({ chunks: textChunks(text), skipped: 0 });
    case 'json':
      return nonEmpty(jsonChunks(itemsOfDocument(parseJson(text))));
    case 'jsonl':
      return nonEmpty(jsonChunks(parseJsonLines(text)));
  }
}

/** UTF-8 (a BOM dropped, CRLF made LF); text that is not UTF-8 is read as Latin-1 rather than refused. */
function decodeText(bytes: Buffer): string {
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw new IngestProblem(`not text: the file holds binary data (a NUL byte at offset ${nul})`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = bytes.toString('latin1');
  }
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new IngestProblem(`malformed JSON at ${whereJsonFails(text, error)}`);
  }
}

function parseJsonLines(text: string): unknown[] {
  const values: unknown[] = [];
  for (const [i, line] of text.split('\n').entries()) {
    if (!line.trim()) continue;
    try {
      values.push(JSON.parse(line) as unknown);
    } catch (error) {
      const where = whereJsonFails(line, error).replace(/^line 1, /, '');
      throw new IngestProblem(`malformed JSON on line ${i + 1}, ${where}`);
    }
  }
  return values;
}

function whereJsonFails(text: string, error: unknown): string {
  let problem;
  try {
    problem = findJsonProblem(text);
  } catch {
    problem = undefined; // nested too deep for the scanner: the parser's own words below
  }
  return problem ? describeJsonProblem(text, problem) : `${(error as Error).message}`;
}

function nonEmpty(parsed: ParsedFile): ParsedFile {
  if (parsed.chunks.length > 0) return parsed;
  if (parsed.skipped > 0) {
    throw new IngestProblem(`no text found: none of its ${parsed.skipped} item${parsed.skipped === 1 ? '' : 's'} has a text, content, message or body field`);
  }
  throw new IngestProblem('empty: nothing to take in');
}
