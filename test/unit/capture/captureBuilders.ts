import type { CaptureEvent, CaptureEventOf, CaptureEventType, CaptureWorkspace } from '../../../src/core/capture/captureEvent';
import type { CaptureSink } from '../../../src/core/capture/captureWriter';
import type { NewMemoryRecord } from '../../../src/core/memory/memoryLog';
import type { MemoryRecord } from '../../../src/core/memory/record';

/** Small typed builders for capture tests: events at minutes past a fixed start, and an in-memory sink. */
export const T0 = Date.parse('2024-03-04T09:00:00.000Z');
export const WS: CaptureWorkspace = { folder: '/home/ada/app', name: 'app' };

/** Milliseconds of `m` minutes (and `s` seconds) after T0. */
export function at(m: number, s = 0): number {
  return T0 + m * 60_000 + s * 1000;
}

type Fields<T extends CaptureEventType> = Omit<CaptureEventOf<T>, 'type' | 'ts' | 'workspace'> & { workspace?: CaptureWorkspace };

export function ev<T extends CaptureEventType>(type: T, time: number, fields: Fields<T>): CaptureEvent {
  const { workspace, ...rest } = fields as Fields<T> & Record<string, unknown>;
  return { type, ts: new Date(time).toISOString(), workspace: workspace ?? WS, ...rest } as unknown as CaptureEvent;
}

export const edit = (time: number, file: string, linesAdded = 1, linesRemoved = 0) => ev('file/edited', time, { file, linesAdded, linesRemoved });
export const save = (time: number, file: string) => ev('file/saved', time, { file });
export const command = (time: number, commandLine: string, exitCode?: number) => ev('terminal/command', time, { commandLine, exitCode });
export const commit = (time: number, sha: string, message: string, files: string[] = ['src/a.ts']) =>
  ev('git/commit', time, { sha, message, branch: 'main', files: files.map((path) => ({ path })) });
export const focus = (time: number, gained: boolean) => ev(gained ? 'focus/gained' : 'focus/lost', time, {});

/** A MemoryLog-shaped sink that keeps what it was given and assigns sequential ids. */
export class MemorySink implements CaptureSink {
  readonly records: MemoryRecord[] = [];
  appendMany(inputs: NewMemoryRecord[]): Promise<MemoryRecord[]> {
    const out = inputs.map((input) => {
      const record: MemoryRecord = {
        id: `id${String(this.records.length + 1).padStart(5, '0')}`,
        kind: input.kind,
        ts: input.ts ?? new Date(0).toISOString(),
        text: input.text,
        source: input.source,
        ...(input.project ? { project: input.project } : {}),
        tags: input.tags ?? [],
        entities: input.entities ?? [],
        links: input.links ?? [],
        meta: input.meta ?? {},
      };
      this.records.push(record);
      return record;
    });
    return Promise.resolve(out);
  }
  summaries(): MemoryRecord[] {
    return this.records.filter((r) => r.tags.includes('session-summary'));
  }
  events(): MemoryRecord[] {
    return this.records.filter((r) => !r.tags.includes('session-summary'));
  }
}
