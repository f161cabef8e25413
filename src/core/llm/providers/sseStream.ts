/**
 * Server-sent events as OpenAI-compatible servers stream them: `data: {...}` lines, events
 * separated by a blank line, `: comment` keep-alives, and `data: [DONE]` at the end.
 * Yields each event's data; the caller decides what `[DONE]` and bad JSON mean.
 */
export async function* sseData(body: ReadableStream<Uint8Array>): AsyncGenerator<string, void, undefined> {
  const decoder = new TextDecoder('utf-8');
  let buffer = '';
  let data: string[] = [];
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      const lines = buffer.split(/\r?\n/);
      buffer = done ? '' : (lines.pop() ?? '');
      for (const line of lines) {
        if (line === '') {
          if (data.length) yield data.join('\n');
          data = [];
        } else if (line.startsWith('data:')) {
          data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
        } else if (!line.startsWith(':') && !/^(event|id|retry):/.test(line)) {
          // Not SSE at all (an HTML error page from a proxy, a bare JSON line): hand it on so the caller rejects it.
          yield line;
        }
      }
      if (done) {
        if (data.length) yield data.join('\n');
        return;
      }
    }
  } finally {
    reader.releaseLock();
  }
}
