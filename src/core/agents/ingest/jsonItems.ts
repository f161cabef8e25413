import { CHUNK_MAX_CHARS, packParagraphs, paragraphsOf, type IngestChunk } from './textChunks';

/**
 * Notes from JSON exports: each item (an array element, a JSONL line, the entries of a
 * `messages`/`notes`/`items`… list) becomes a note. An item is a string, or an object whose text is
 * in `text`, `content`, `message`, `body`, `note`… (nested `{parts: [...]}` and `[{type, text}]`
 * content as chat APIs write it), with an author and a time when it has them. A conversation (an
 * item with `messages`, or a ChatGPT export's `mapping`) becomes its transcript, cut into notes.
 */

const TEXT_FIELDS = ['text', 'content', 'message', 'body', 'note', 'value', 'description', 'summary'];
const AUTHOR_FIELDS = ['author', 'role', 'sender', 'from', 'user', 'speaker', 'name'];
const TIME_FIELDS = ['ts', 'timestamp', 'time', 'date', 'created_at', 'createdAt', 'create_time', 'created', 'datetime'];
const TITLE_FIELDS = ['title', 'subject', 'topic'];
const LIST_FIELDS = ['messages', 'items', 'notes', 'entries', 'records', 'data', 'conversations', 'chats', 'posts', 'results'];

export interface JsonItemsResult {
  chunks: IngestChunk[];
  /** Items that held no text (skipped, and said so in the run's summary). */
  skipped: number;
}

export function jsonChunks(values: readonly unknown[]): JsonItemsResult {
  const chunks: IngestChunk[] = [];
  let skipped = 0;
  for (const [index, item] of values.entries()) {
    const made = itemChunks(item, index + 1);
    if (made.length === 0) skipped++;
    chunks.push(...made);
  }
  return { chunks, skipped };
}

/**
 * The items a parsed JSON document holds: itself when an array; else the first list field of an
 * object without text of its own (a chat export's `messages`: one note per message, with its time
 * and author); else the document as one item.
 */
export function itemsOfDocument(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (isObject(value) && textOf(value) === undefined) {
    for (const field of LIST_FIELDS) if (Array.isArray(value[field])) return value[field];
  }
  return [value];
}

function itemChunks(item: unknown, index: number): IngestChunk[] {
  const base: Record<string, unknown> = { item: index };
  if (typeof item === 'string') return pieces(item, base);
  if (!isObject(item)) return [];
  const title = firstString(item, TITLE_FIELDS);
  const ts = timeOf(item);
  if (title) base.title = title.slice(0, 200);
  if (isConversation(item)) {
    const transcript = conversationLines(item);
    return pieces(transcript.join('\n\n'), base, ts, title);
  }
  const text = textOf(item);
  if (text === undefined) return [];
  const author = authorOf(item);
  if (author) base.author = author;
  return pieces(author ? `${author}: ${text}` : text, base, ts, title);
}

function pieces(text: string, meta: Record<string, unknown>, ts?: string, title?: string): IngestChunk[] {
  const body = text.trim();
  if (!body) return [];
  const withTitle = title && !body.startsWith(title) ? `${title}\n\n${body}` : body;
  const parts = packParagraphs(paragraphsOf(withTitle), CHUNK_MAX_CHARS);
  return parts.map((part, i) => ({ text: part, meta: parts.length > 1 ? { ...meta, part: i + 1, parts: parts.length } : { ...meta }, ...(ts ? { ts } : {}) }));
}

function isConversation(item: Record<string, unknown>): boolean {
  return (Array.isArray(item.messages) && item.messages.length > 0) || isObject(item.mapping);
}

/** `author: text` lines of a conversation, in order. */
function conversationLines(item: Record<string, unknown>): string[] {
  const messages: unknown[] = Array.isArray(item.messages) ? item.messages : chatGptMessages(item.mapping as Record<string, unknown>);
  const lines: string[] = [];
  for (const message of messages) {
    if (typeof message === 'string') {
      if (message.trim()) lines.push(message.trim());
      continue;
    }
    if (!isObject(message)) continue;
    const text = textOf(message);
    if (!text?.trim()) continue;
    const author = authorOf(message);
    lines.push(author ? `${author}: ${text.trim()}` : text.trim());
  }
  return lines;
}

/** A ChatGPT export's `mapping` (nodes with `message`), ordered by creation time. */
function chatGptMessages(mapping: Record<string, unknown>): unknown[] {
  const messages = Object.values(mapping)
    .map((node) => (isObject(node) && isObject(node.message) ? node.message : undefined))
    .filter((m): m is Record<string, unknown> => m !== undefined);
  return messages.sort((a, b) => Number(a.create_time ?? 0) - Number(b.create_time ?? 0));
}

function textOf(item: Record<string, unknown>): string | undefined {
  for (const field of TEXT_FIELDS) {
    const text = flatten(item[field]);
    if (text?.trim()) return text;
  }
  return undefined;
}

/** A string, `{parts: [...]}`, `[{type: 'text', text}]`, or `{content: ...}` as a string. */
function flatten(value: unknown, depth = 0): string | undefined {
  if (typeof value === 'string') return value;
  if (depth > 4) return undefined;
  if (Array.isArray(value)) {
    const parts = value.map((v) => flatten(v, depth + 1)).filter((v): v is string => !!v?.trim());
    return parts.length ? parts.join('\n\n') : undefined;
  }
  if (isObject(value)) {
    if (Array.isArray(value.parts)) return flatten(value.parts, depth + 1);
    for (const field of TEXT_FIELDS) {
      const text = flatten(value[field], depth + 1);
      if (text?.trim()) return text;
    }
  }
  return undefined;
}

function authorOf(item: Record<string, unknown>): string | undefined {
  for (const field of AUTHOR_FIELDS) {
    const value = item[field];
    if (typeof value === 'string' && value.trim() && value.length <= 100) return value.trim();
    if (isObject(value)) {
      const nested = firstString(value, ['name', 'role', 'username', 'display_name']);
      if (nested && nested.length <= 100) return nested;
    }
  }
  return undefined;
}

function timeOf(item: Record<string, unknown>): string | undefined {
  for (const field of TIME_FIELDS) {
    const value = item[field];
    let ms = NaN;
    // Numbers below 1e11 are seconds since the epoch (ChatGPT's create_time), above it milliseconds.
    if (typeof value === 'number') ms = value < 1e11 ? value * 1000 : value;
    else if (typeof value === 'string' && /\d{4}-\d{2}-\d{2}|\d{1,2} \w+ \d{4}|\w+ \d{1,2},? \d{4}/.test(value)) ms = Date.parse(value);
    const year = new Date(ms).getUTCFullYear();
    if (Number.isFinite(ms) && year >= 1970 && year <= 9999) return new Date(ms).toISOString();
  }
  return undefined;
}

function firstString(item: Record<string, unknown>, fields: readonly string[]): string | undefined {
  for (const field of fields) {
    const value = item[field];
    if (typeof value === 'string' && value.trim()) return value.trim();
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
