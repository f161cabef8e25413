import { mkdirSync, watch } from 'node:fs';

/**
 * Follows files in one profile folder, whoever writes them (this engine, another window, `mh` in a
 * terminal): a first chunk once the watch is up (anything changed before it is in the next read),
 * then one per change, coalesced while the reader is busy, until `signal` aborts. The file system
 * pushes; nothing polls. No `names`: any file in the folder.
 */
export async function* followFiles(dir: string, names: readonly string[], signal: AbortSignal): AsyncGenerator<Record<string, never>> {
  mkdirSync(dir, { recursive: true });
  let pending = false;
  let wake: (() => void) | undefined;
  const watcher = watch(dir, (_event, name) => {
    // Some platforms do not name the file; an atomic write may surface as its temporary name.
    if (name && names.length > 0 && !names.some((n) => String(name).startsWith(n))) return;
    pending = true;
    wake?.();
  });
  watcher.unref();
  const stop = () => wake?.();
  signal.addEventListener('abort', stop);
  try {
    yield {};
    while (!signal.aborted) {
      if (!pending) await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
      if (signal.aborted) return;
      pending = false;
      yield {};
    }
  } finally {
    watcher.close();
    signal.removeEventListener('abort', stop);
  }
}
