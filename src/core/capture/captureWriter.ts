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
 * earlier events, which the builder kept from earlier writes). When the store refuses a write, the
 * emissions stay in the builder (and so in its snapshot) and go first at the next write.
 */
export async function writeEmissions(sink: CaptureSink, builder: SessionBuilder, fresh: readonly CaptureEmission[]): Promise<WriteReport> {
  // A write that failed earlier goes first, so records keep their order and summaries their links.
  const emissions = [...builder.takeUnwritten(), ...fresh];
  const events = emissions.filter((e) => !e.summarizes);
  const summaries = emissions.filter((e) => e.summarizes);
  if (events.length > 0) {
    let written: MemoryRecord[];
    try {
      written = await sink.appendMany(events.map((e) => e.record));
    } catch (error) {
      builder.holdUnwritten(emissions);
      throw error;
    }
    builder.bindIds(events.map((e, i) => [e.ref, written[i].id] as const));
  }
  if (summaries.length > 0) {
    try {
      await sink.appendMany(summaries.map((s) => ({ ...s.record, links: [...(s.record.links ?? []), ...builder.linksFor(s)] })));
    } catch (error) {
      builder.holdUnwritten(summaries);
      throw error;
    }
    for (const s of summaries) builder.release(s);
  }
  return { events: events.length, summaries: summaries.length };
}
