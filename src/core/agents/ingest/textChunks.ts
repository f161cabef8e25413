/** One note to be: a piece of a dropped file, cut where the file's own structure allows. */
export interface IngestChunk {
  text: string;
  /** Extra facts for the record's meta (heading path, page, author…). */
  meta?: Record<string, unknown>;
  /** When the piece says it happened (a chat message's time); else the note is dated now. */
  ts?: string;
}

/** Longest note the ingestor writes: about 500 tokens, one retrievable idea-sized piece. */
export const CHUNK_MAX_CHARS = 2_000;

/** Paragraphs: runs of text between blank lines, trimmed, empty ones dropped. */
export function paragraphsOf(text: string): string[] {
  return text
    .split(/\n[ \t]*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

/**
 * Packs paragraphs greedily into pieces of at most `max` characters, never splitting a paragraph
 * that fits; a longer one is cut at sentence ends, then at spaces, then (a single giant word) hard.
 */
export function packParagraphs(paragraphs: readonly string[], max = CHUNK_MAX_CHARS): string[] {
  const out: string[] = [];
  let current = '';
  const flush = () => {
    if (current) out.push(current);
    current = '';
  };
  for (const paragraph of paragraphs.flatMap((p) => (p.length > max ? cutLong(p, max) : [p]))) {
    if (current && current.length + 2 + paragraph.length > max) flush();
    current = current ? `${current}\n\n${paragraph}` : paragraph;
  }
  flush();
  return out;
}

function cutLong(text: string, max: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max);
    const sentenceEnd = Math.max(window.lastIndexOf('. '), window.lastIndexOf('! '), window.lastIndexOf('? '), window.lastIndexOf('\n'));
    const space = window.lastIndexOf(' ');
    const cut = sentenceEnd > max / 2 ? sentenceEnd + 1 : space > max / 2 ? space : max;
    out.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  if (rest) out.push(rest);
  return out;
}

/** Plain text: paragraphs packed into notes. */
export function textChunks(text: string): IngestChunk[] {
  return packParagraphs(paragraphsOf(text)).map((piece) => ({ text: piece }));
}

interface Section {
  /** Headings from the top level down to this section's own. */
  path: string[];
  /** The section's heading line as written (`## Setup`), absent before the first heading. */
  headingLine?: string;
  lines: string[];
}

const HEADING = /^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$/;
const FENCE = /^[ \t]{0,3}(```|~~~)/;

/**
 * Markdown: one section per heading (a `#` inside a code fence is not a heading), front matter
 * left out; each section's paragraphs are packed into notes that start with the section's heading
 * line, and carry the heading path (`Guide > Setup`) in `meta.heading`.
 */
export function markdownChunks(text: string): IngestChunk[] {
  const sections: Section[] = [{ path: [], lines: [] }];
  const stack: { level: number; title: string }[] = [];
  let fence: string | undefined;
  for (const line of stripFrontMatter(text).split('\n')) {
    const fenceMark = FENCE.exec(line)?.[1];
    if (fenceMark && (!fence || fence === fenceMark)) fence = fence ? undefined : fenceMark;
    const heading = fence || fenceMark ? undefined : HEADING.exec(line);
    if (!heading) {
      sections[sections.length - 1].lines.push(line);
      continue;
    }
    const level = heading[1].length;
    while (stack.length && stack[stack.length - 1].level >= level) stack.pop();
    stack.push({ level, title: heading[2] });
    sections.push({ path: stack.map((h) => h.title), headingLine: line.trim(), lines: [] });
  }
  const chunks: IngestChunk[] = [];
  for (const section of sections) {
    const body = paragraphsOf(section.lines.join('\n'));
    if (body.length === 0) continue; // a heading with nothing under it lives on in its children's paths
    const room = CHUNK_MAX_CHARS - (section.headingLine ? section.headingLine.length + 2 : 0);
    for (const piece of packParagraphs(body, Math.max(200, room))) {
      chunks.push({
        text: section.headingLine ? `${section.headingLine}\n\n${piece}` : piece,
        ...(section.path.length ? { meta: { heading: section.path.join(' > ') } } : {}),
      });
    }
  }
  return chunks;
}

function stripFrontMatter(text: string): string {
  if (!text.startsWith('---\n') && !text.startsWith('---\r\n')) return text;
  const end = text.search(/\n---[ \t]*\r?\n/);
  return end > 0 ? text.slice(text.indexOf('\n', end + 1) + 1) : text;
}
