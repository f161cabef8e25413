// Background agents benchmark: `npm run bench -- agents [--sizes 2000,20000] [--files 200] [--repeats 3]
// [--organize all|N]`. For each size, on a temp profile of realistic records (coding sessions as
// capture writes them, notes, chat), runs the agents as "Run Agent…" does (a scheduler that was not
// started, `runNow`, the offline provider: no model): the organizer over the new records (as many
// runs of 200 as that takes, stopping after about `--organize` records, 5,000 by default, to keep
// the bench near a minute; `--organize all` takes every one), the reflector, one sleep night
// (dreamer, consolidation, log compaction, index compaction, backup; each step timed from the run's
// progress events), then the ingestor on a folder of Markdown files. The baseline, measured in the same
// process, is one fold of the memory log (open the store, scan every record): what any pass over
// the records costs. Prints figures; never fails a build.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createActivityClock } from '../src/core/agents/activityClock';
import { agentSearchOver } from '../src/core/agents/agentSearch';
import type { AgentRunEvent } from '../src/core/agents/agentRun';
import type { Agent, AgentId, AgentRunRecord } from '../src/core/agents/agentTypes';
import { dreamerAgent } from '../src/core/agents/dreamer';
import { createIngestorAgent, inboxFolder } from '../src/core/agents/ingestor';
import { organizerAgent } from '../src/core/agents/organizer';
import { backupFolder, listBackups } from '../src/core/agents/profileBackup';
import { reflectorAgent } from '../src/core/agents/reflector';
import { AgentScheduler } from '../src/core/agents/scheduler';
import { sleepAgent } from '../src/core/agents/sleep';
import { formatBytes, type IndexCompaction } from '../src/core/index/indexCompaction';
import { MemoryIndex } from '../src/core/index/memoryIndex';
import { OfflineProvider } from '../src/core/llm/chat/offlineAnswer';
import type { NewMemoryRecord } from '../src/core/memory/memoryLog';
import type { MemoryRecord } from '../src/core/memory/record';
import { openProfileStore, type ProfileStore } from '../src/core/profile/profileStore';
import { defaultSettings } from '../src/core/settings/settingsTable';
import { command, commit, edited, fixedErrors, note, opened, sessionSummary, twinAnswer, userChat } from '../test/unit/agents/agentRecords';
import { exposeGc, flag, median, percentile, printTable, rng } from './stats';

const gc = exposeGc();

const arg = flag;
const SIZES = arg('--sizes', '2000,20000').split(',').map(Number);
const FILES = Number(arg('--files', '200'));
const REPEATS = Number(arg('--repeats', '3'));
const organizeArg = arg('--organize', '5000');
const ORGANIZE = organizeArg === 'all' ? Number.POSITIVE_INFINITY : Number(organizeArg);
for (const [name, n] of [['--sizes', Math.min(...SIZES)], ['--files', FILES], ['--repeats', REPEATS], ['--organize', Number.isFinite(ORGANIZE) ? ORGANIZE : 1]] as const) {
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} wants whole numbers of 1 or more${name === '--organize' ? ' or "all"' : ''}, got ${arg(name, '(none)')}`);
}

const AREAS = ['parser', 'lexer', 'index', 'cache', 'cli', 'agents', 'webview', 'store', 'audit', 'skills', 'chat', 'capture'];
const NAMES = ['tokenizer', 'reader', 'folds', 'queue', 'schema', 'search', 'ranking', 'backup', 'policy', 'runner', 'events', 'view', 'config', 'paths'];
const COMMANDS = ['npm test', 'npm run lint', 'git status', 'git diff --stat', 'npx tsc --noEmit -p tsconfig.json', 'node --test test/unit/parser.spec.ts', 'git log --oneline -5', 'npm run bench -- search', 'docker compose up -d', 'cargo build --release'];
const VERBS = ['Fixed', 'Refactored', 'Sped up', 'Documented', 'Tested', 'Simplified', 'Renamed', 'Split'];
const SUBJECTS = ['the escape handling', 'the retry loop', 'the cursor bookkeeping', 'the error messages', 'the lock timeout', 'the schema check', 'the empty-state view', 'the incremental read'];
const THOUGHTS = [
  'I prefer small pull requests that do one thing',
  'Decided to keep SQLite FTS5 for the memory index, not Orama',
  'Switched to vitest instead of mocha for the webview tests',
  'TODO: write the migration notes before the release',
  'Remind me to ask Alice about the rate limits on the staging API',
  'Never force-push to main, even for a typo',
  'Should I cache the parsed policy or read it each time?',
  'The flaky test was a timezone bug: the CI runs in UTC',
  'Benchmarks favour the WASM build of the tokenizer by about 30 percent',
  'Meeting with Alice: the parser ships on Friday if the fuzzing is clean',
];
const QUESTIONS = ['how does the approval queue expire proposals', 'what did I decide about the index', 'why is the organizer slow on big profiles', 'when did we switch test runners', 'what is still open for the release'];

/** Notes said before: a few are said again, near-verbatim, as people do (consolidation's work). */
const earlier: string[] = [];
const pick = <T>(random: () => number, xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
const fileOf = (random: () => number) => `src/${pick(random, AREAS)}/${pick(random, NAMES)}${random() < 0.2 ? 'Spec' : ''}.ts`;

/** One coding session, as capture writes it (about 12–30 records), and what the person said around it. */
function session(random: () => number, s: number, start: number): NewMemoryRecord[] {
  const id = `s${s}`;
  const out: NewMemoryRecord[] = [];
  let t = start;
  const at = () => new Date((t += 60_000 + Math.floor(random() * 240_000))).toISOString();
  const files = Array.from({ length: 2 + Math.floor(random() * 4) }, () => fileOf(random));
  for (const file of files) {
    out.push(opened(file, at(), id));
    for (let e = Math.floor(random() * 3); e >= 0; e--) out.push(edited(file, at(), id));
  }
  for (let c = 1 + Math.floor(random() * 3); c > 0; c--) out.push(command(pick(random, COMMANDS), random() < 0.2 ? 1 : 0, at(), id));
  if (random() < 0.4) out.push(fixedErrors(files[0], 1 + Math.floor(random() * 4), `Type 'string' is not assignable to type 'number'`, at(), id));
  out.push(commit(`${pick(random, VERBS).toLowerCase()} ${pick(random, SUBJECTS)} in ${files[0]} (#${s})`, files.slice(0, 3), at(), id));
  // The person's own words: a thought now and then (sometimes again, near-verbatim), and a question to the twin.
  if (random() < 0.6) {
    const said = random() < 0.05 && earlier.length ? pick(random, earlier).toLowerCase() : `${pick(random, THOUGHTS)}; ${pick(random, VERBS).toLowerCase()} ${pick(random, SUBJECTS)} in ${fileOf(random)} after \`${pick(random, COMMANDS)}\``;
    earlier.push(said);
    out.push(note(said, at()));
  }
  if (random() < 0.3) {
    const conversation = `conv-${s}`;
    out.push(userChat(`${pick(random, QUESTIONS)}?`, at(), conversation));
    out.push(twinAnswer(`From your memories: ${pick(random, THOUGHTS)}. [m:${s}]`, at(), conversation));
  }
  return out;
}

/** `n` records ending a few minutes ago: a session every two hours, each closed by its summary. */
function corpus(n: number, end: number): { events: NewMemoryRecord[][] } {
  const random = rng(42);
  earlier.length = 0;
  const sessions: NewMemoryRecord[][] = [];
  let count = 0;
  while (count < n) {
    const s = session(random, sessions.length, 0);
    sessions.push(s);
    count += s.length + 1;
  }
  // Re-time: the last session ends ten minutes ago, sessions two hours apart.
  const span = 2 * 3_600_000;
  return {
    events: sessions.map((records, i) => {
      const shift = end - 600_000 - (sessions.length - i) * span;
      return records.map((r) => ({ ...r, ts: new Date(Date.parse(r.ts!) + shift).toISOString() }));
    }),
  };
}

async function fill(store: ProfileStore, n: number): Promise<void> {
  const { events } = corpus(n, Date.now());
  const flat = events.flat();
  const written: MemoryRecord[] = [];
  for (let i = 0; i < flat.length; i += 5_000) written.push(...(await store.memory.appendMany(flat.slice(i, i + 5_000))));
  const summaries: NewMemoryRecord[] = [];
  let at = 0;
  for (const [i, records] of events.entries()) {
    const mine = written.slice(at, at + records.length).filter((r) => r.kind === 'event');
    at += records.length;
    const last = mine[mine.length - 1];
    if (!last) continue;
    summaries.push(sessionSummary(`Coding session ${i}: ${mine.length} events, ${mine.filter((r) => r.tags.includes('commit')).length} commit`, new Date(Date.parse(last.ts) + 60_000).toISOString(), mine, {}, `s${i}`));
  }
  await store.memory.appendMany(summaries);
}

/** The peak of the JS heap while `work` runs, above the heap after a GC before it. */
async function withHeap<T>(work: () => Promise<T>): Promise<{ value: T; heapMb: number }> {
  gc();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 5);
  try {
    const value = await work();
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    return { value, heapMb: (peak - base) / 2 ** 20 };
  } finally {
    clearInterval(timer);
  }
}

async function fold(dir: string): Promise<number> {
  const t = performance.now();
  const store = await openProfileStore(dir, { actor: 'bench' });
  let n = 0;
  for await (const _ of store.memory.scan()) n++;
  const ms = performance.now() - t;
  await store.close();
  if (n === 0) throw new Error('the profile is empty');
  return ms;
}

function folderBytes(dir: string): number {
  let total = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = statSync(path);
    total += st.isDirectory() ? folderBytes(path) : st.size;
  }
  return total;
}

function markdownFile(random: () => number, i: number): string {
  const sections = Array.from({ length: 2 + Math.floor(random() * 4) }, (_, s) => {
    const paragraphs = Array.from({ length: 1 + Math.floor(random() * 3) }, () => `${pick(random, THOUGHTS)}. ${pick(random, VERBS)} ${pick(random, SUBJECTS)} in ${fileOf(random)}; see \`${pick(random, COMMANDS)}\`.`);
    return `## ${pick(random, AREAS)} ${s + 1}\n\n${paragraphs.join('\n\n')}`;
  });
  return `# Notes ${i}: ${pick(random, AREAS)}\n\n${sections.join('\n\n')}\n`;
}

interface Row {
  step: string;
  work: string;
  ms: number;
  rate?: string;
  heapMb?: number;
  /** The part of the log the step covers, when not all of it: its ratio is against folding that many records. */
  share?: number;
}

const f = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

async function runOrThrow(scheduler: AgentScheduler, id: AgentId, onEvent?: (event: AgentRunEvent) => void): Promise<{ run: AgentRunRecord; ms: number }> {
  const t = performance.now();
  const run = await scheduler.runNow(id, onEvent ? { onEvent } : {});
  const ms = performance.now() - t;
  if (run.outcome === 'error' || run.outcome === 'cancelled') throw new Error(`${id} ended ${run.outcome}: ${run.error ?? run.summary ?? ''}`);
  return { run, ms };
}

async function bench(size: number): Promise<{ rows: Row[]; foldMs: number; notes: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'mh-bench-agents-'));
  const rows: Row[] = [];
  const notes: string[] = [];
  try {
    const seed = await openProfileStore(dir, { actor: 'bench', durable: false });
    await seed.persona.set('identity.name', 'Ada');
    await fill(seed, size);
    await seed.close();

    const folds: number[] = [];
    for (let i = 0; i < REPEATS; i++) folds.push(await fold(dir));
    const foldMs = median(folds);
    rows.push({ step: 'baseline: fold the log (open + scan)', work: `${f(size)} records, median of ${REPEATS}`, ms: foldMs, rate: `${f(size / (foldMs / 1000))} records/s` });

    // As the engine: a durable store, the index open and up to date before any agent asks it.
    const store = await openProfileStore(dir, { actor: 'bench' });
    const built = await withHeap(async () => {
      const t = performance.now();
      const index = await MemoryIndex.open({ dir: join(dir, 'index'), feed: store.memory });
      await index.whenIdle();
      return { index, ms: performance.now() - t };
    });
    const index = built.value.index;
    rows.push({ step: 'index build (open, embed all)', work: `${f(size)} records`, ms: built.value.ms, heapMb: built.heapMb });

    let compaction: IndexCompaction | undefined;
    const compactTimes: { logMs?: number; catchUpMs?: number; indexMs?: number; synced?: { upserts: number; removes: number } } = {};
    let indexStepStart = 0;
    const settings = defaultSettings();
    const agents: Agent[] = [organizerAgent, reflectorAgent, dreamerAgent, sleepAgent, createIngestorAgent({ settleMs: 0 })];
    const warnings: string[] = [];
    const scheduler = new AgentScheduler({
      agents,
      store,
      settings,
      provider: () => Promise.resolve({ provider: new OfflineProvider() }),
      search: agentSearchOver(() => Promise.resolve(index)),
      activity: createActivityClock(dir),
      compactIndex: async () => {
        // Called by the sleep step right after the log's compaction: time both halves.
        compactTimes.logMs = performance.now() - indexStepStart;
        const t = performance.now();
        compactTimes.synced = await index.sync();
        await index.whenIdle();
        compactTimes.catchUpMs = performance.now() - t;
        const c = performance.now();
        compaction = await index.compact();
        compactTimes.indexMs = performance.now() - c;
        return compaction;
      },
      log: (level, message) => {
        if (level !== 'info') warnings.push(message);
      },
    });

    // Organizer: runs of up to 200 new records, until `--organize` or nothing is left.
    const organized = await withHeap(async () => {
      const times: number[] = [];
      let records = 0;
      while (records < ORGANIZE) {
        const { run, ms } = await runOrThrow(scheduler, 'organizer');
        if (run.outcome === 'skipped') break;
        times.push(ms);
        records += Number(/Organized (\d+) memories/.exec(run.summary ?? '')?.[1] ?? 0);
      }
      return { times, records };
    });
    const orgMs = organized.value.times.reduce((a, b) => a + b, 0);
    rows.push({
      step: 'organizer',
      work: `${f(organized.value.records)} records in ${organized.value.times.length} runs (run p50 ${f(median(organized.value.times))} ms, p95 ${f(percentile(organized.value.times, 95))} ms)`,
      ms: orgMs,
      rate: `${f(organized.value.records / (orgMs / 1000))} records/s`,
      heapMb: organized.heapMb,
      share: Math.min(1, organized.value.records / size),
    });

    // The index embeds edited records in the background; between scheduled runs it has time to catch up.
    const caughtUp = performance.now();
    const synced = await index.sync();
    await index.whenIdle();
    rows.push({ step: '  index catch-up after organizing', work: `${f(synced.upserts)} upserts left to read, embedding finished`, ms: performance.now() - caughtUp, share: Math.min(1, organized.value.records / size) });

    // Reflector: the first reflection (the last day), then after each new session's worth of records.
    const reflected = await withHeap(async () => {
      const first = await runOrThrow(scheduler, 'reflector');
      const again: number[] = [];
      const random = rng(size);
      // Each new session after the last reflection's end, a millisecond a record, and never in the future.
      let clock = Date.now() - 30_000;
      for (let i = 0; i < REPEATS; i++) {
        const fresh = session(random, 100_000 + i, 0).map((r) => ({ ...r, ts: new Date(++clock).toISOString() }));
        await store.memory.appendMany(fresh);
        const { run, ms } = await runOrThrow(scheduler, 'reflector');
        if (run.outcome !== 'ok') notes.push(`reflector repeat ${i + 1} ${run.outcome}: ${run.summary ?? ''}`);
        again.push(ms);
      }
      return { first, again };
    });
    const firstMemories = /Reflected on (\d+) memories/.exec(reflected.value.first.run.summary ?? '')?.[1] ?? '?';
    rows.push({ step: 'reflector, first reflection', work: `${firstMemories} memories of the last day`, ms: reflected.value.first.ms, heapMb: reflected.heapMb });
    rows.push({ step: 'reflector, after a new session', work: `median of ${REPEATS}`, ms: median(reflected.value.again) });

    // One sleep night, with 1% of the records forgotten first so the log compaction has work.
    const all: string[] = [];
    for await (const r of store.memory.scan()) all.push(r.id);
    for (let i = 0; i < all.length; i += 100) await store.memory.forget(all[i]);
    const marks: { message: string; at: number }[] = [];
    const slept = await withHeap(() =>
      runOrThrow(scheduler, 'sleep', (event) => {
        if (event.type === 'progress') {
          if (event.message.startsWith('Step 3 of')) indexStepStart = performance.now();
          marks.push({ message: event.message, at: performance.now() });
        }
      }),
    );
    const sleepStart = performance.now() - slept.value.ms;
    const starts = marks.filter((m) => /^Step \d of \d:/.test(m.message));
    const stepNames = ['dreamer', 'consolidation', 'log + index compaction', 'backup'];
    rows.push({ step: 'sleep night (once)', work: `${f(all.length)} records, ${f(Math.ceil(all.length / 100))} forgotten first`, ms: slept.value.ms, heapMb: slept.heapMb });
    for (const [i, start] of starts.entries()) {
      const end = starts[i + 1]?.at ?? sleepStart + slept.value.ms;
      rows.push({ step: `  ${i + 1}. ${stepNames[i] ?? start.message}`, work: '', ms: end - start.at });
      if (i === 2 && compactTimes.logMs !== undefined) rows.push({ step: '     log compaction', work: '', ms: compactTimes.logMs });
      if (i === 2 && compactTimes.catchUpMs !== undefined) rows.push({ step: '     index catch-up (sync + embed)', work: compactTimes.synced ? `${f(compactTimes.synced.upserts)} upserts, ${f(compactTimes.synced.removes)} removes read` : '', ms: compactTimes.catchUpMs });
      if (i === 2 && compactTimes.indexMs !== undefined && compaction) {
        rows.push({ step: '     index compaction', work: `${formatBytes(compaction.bytesBefore)} → ${formatBytes(compaction.bytesAfter)}, ${compaction.vectorRowsDropped} vector rows dropped`, ms: compactTimes.indexMs });
      }
    }
    // Ingestor: a folder of Markdown files, fresh content each repeat.
    const inbox = inboxFolder(settings, dir);
    const ingested = await withHeap(async () => {
      const times: number[] = [];
      let notesWritten = 0;
      const random = rng(7 + size);
      for (let r = 0; r < REPEATS; r++) {
        mkdirSync(inbox, { recursive: true });
        for (let i = 0; i < FILES; i++) writeFileSync(join(inbox, `notes-${r}-${i}.md`), markdownFile(random, r * FILES + i));
        const { run, ms } = await runOrThrow(scheduler, 'ingestor');
        times.push(ms);
        notesWritten += run.recordsWritten;
      }
      return { times, notesWritten };
    });
    const ingestMs = median(ingested.value.times);
    rows.push({
      step: 'ingestor',
      work: `${FILES} Markdown files → ${f(ingested.value.notesWritten / REPEATS)} notes, median of ${REPEATS}`,
      ms: ingestMs,
      rate: `${f(FILES / (ingestMs / 1000))} files/s`,
      heapMb: ingested.heapMb,
    });

    const backups = listBackups(backupFolder(dir, settings.agentsBackupPath));
    const newest = backups[backups.length - 1];
    if (newest) notes.push(`backup ${formatBytes(folderBytes(join(backupFolder(dir, settings.agentsBackupPath), newest)))} (the profile without its index); profile ${formatBytes(folderBytes(dir) - folderBytes(backupFolder(dir, settings.agentsBackupPath)))}`);
    notes.push(`sleep summary: ${slept.value.run.summary ?? ''}`);
    if (warnings.length) notes.push(`${warnings.length} warnings, first: ${warnings[0]}`);

    await scheduler.close();
    await index.close();
    await store.close();
    return { rows, foldMs, notes };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  console.log(`Background agents, offline provider (no model), durable store; Node ${process.version}, ${tmpdir()}`);
  for (const size of SIZES) {
    console.error(`[bench] ${size} records…`);
    const { rows, foldMs, notes } = await bench(size);
    console.log(`\n${f(size)} records (fold baseline ${f(foldMs)} ms; the organizer's ratio is against folding as many records as it organized; sleep runs once)`);
    printTable(
      ['step', 'work', 'ms', '× fold', 'rate', 'peak heap +MB'],
      rows.map((r) => [r.step, r.work, f(r.ms), f(r.ms / (foldMs * (r.share ?? 1)), 2), r.rate ?? '', r.heapMb === undefined ? '' : f(r.heapMb, 1)]),
    );
    for (const n of notes) console.log(`  ${n}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
