import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CliContext } from '../cliContext';
import { parseIngestLines } from './ingestLines';
import { openIndexSession } from './searchIndexSession';

/** Records per append: one lock and one write each, so a large file never holds the lock for long. */
const CHUNK = 2000;

export function registerIngestCommand(program: Command, ctx: CliContext): void {
  program
    .command('ingest')
    .description('add memories from a JSONL file (one record per line: {kind, ts, text, source?, project?, tags?, entities?, importance?, meta?}) and index them')
    .argument('<file>', 'JSONL file')
    .option('--json', 'print the report as JSON')
    .action(async (file: string, opts: { json?: boolean }, command: Command) => {
      let text: string;
      try {
        text = readFileSync(resolve(file), 'utf8');
      } catch (error) {
        command.error(`Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
      }
      const { records, bad } = parseIngestLines(text);
      for (const b of bad) ctx.err(`${file}:${b.line}: skipped: ${b.reason}`);
      const started = performance.now();
      const session = await openIndexSession(ctx);
      try {
        let ingested = 0;
        for (let i = 0; i < records.length; i += CHUNK) ingested += (await session.store.memory.appendMany(records.slice(i, i + CHUNK))).length;
        await session.index.sync();
        await session.index.whenIdle();
        const seconds = (performance.now() - started) / 1000;
        const report = { ingested, skipped: bad.length, badLines: bad, indexed: session.index.status().records, seconds: Number(seconds.toFixed(2)) };
        if (opts.json) ctx.out(JSON.stringify(report, null, 2));
        else ctx.out(`ingested ${ingested} record${ingested === 1 ? '' : 's'}${bad.length ? `, skipped ${bad.length} bad line${bad.length === 1 ? '' : 's'}` : ''}; the index holds ${report.indexed} (${seconds.toFixed(1)} s)`);
        if (ingested === 0 && bad.length > 0) command.error('Nothing ingested.', { exitCode: 1 });
      } finally {
        await session.close();
      }
    });
}
