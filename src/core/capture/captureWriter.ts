import type { NewMemoryRecord } from '../memory/memoryLog';
import type { MemoryRecord } from '../memory/record';
import type { SessionBuilder } from './sessions/sessionBuilder';
import type { CaptureEmission } from './sessions/sessionTypes';

/** The one thing capture needs from the store: `MemoryLog.appendMany` (one lock, one write). */
export interface CaptureSink {
  appendMany(inputs: NewMemoryRecord[]): Promise<MemoryRecord[]>;
}

export interface WriteReport {
  events: number;
  summaries: number;
}

/**
 * Writes what the builder emitted in two appends: the events first, so the store assigns their
 * ids, then the summaries with `summarizes` links to those ids (and to ids of the session's
 * earlier events, which the builder kept from earlier writes).
 */
export async function writeEmissions(sink: CaptureSink, builder: SessionBuilder, emissions: readonly CaptureEmission[]): Promise<WriteReport> {
  const events = emissions.filter((e) => !e.summarizes);
  const summaries = emissions.filter((e) => e.summarizes);
  if (events.length > 0) {
    const written = await sink.appendMany(events.map((e) => e.record));
    builder.bindIds(events.map((e, i) => [e.ref, written[i].id] as const));
  }
  if (summaries.length > 0) {
    await sink.appendMany(summaries.map((s) => ({ ...s.record, links: [...(s.record.links ?? []), ...builder.linksFor(s)] })));
    for (const s of summaries) builder.release(s);
  }
  return { events: events.length, summaries: summaries.length };
}
