import { mkdirSync, readdirSync, statSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';

export interface InboxWatch {
  close(): void;
}

export interface InboxWatchOptions {
  /** A burst of changes (a file being copied in) becomes one call this long after the last one. */
  debounceMs?: number;
  log(level: 'warn', message: string): void;
}

/**
 * Calls `onFile` when a file appears in the inbox folder (not in its `done/` or `failed/`), and
 * once at start when files are already waiting. The folder is created when missing so that it
 * can be watched. A file leaving the inbox (the ingestor moving it to `done/`) calls nothing.
 */
export function watchInbox(dir: string, onFile: () => void, options: InboxWatchOptions): InboxWatch {
  const debounceMs = options.debounceMs ?? 2_000;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const soon = () => {
    if (closed) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      if (!closed) onFile();
    }, debounceMs);
    timer.unref();
  };
  let watcher: FSWatcher | undefined;
  try {
    mkdirSync(dir, { recursive: true });
    watcher = watch(dir, { persistent: false }, (_event, name) => {
      if (name && isFile(join(dir, name.toString()))) soon();
    });
    watcher.on('error', (error) => options.log('warn', `Stopped watching the inbox ${dir}: ${error.message}`));
    if (readdirSync(dir).some((name) => isFile(join(dir, name)))) soon();
  } catch (error) {
    options.log('warn', `Cannot watch the inbox ${dir}: ${error instanceof Error ? error.message : String(error)}. Dropped files are taken in on the ingestor's schedule.`);
  }
  return {
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      watcher?.close();
    },
  };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
