// `npx tsx bench/store.ts [--records 100000]`: the profile store's write throughput (with the lock,
// audited, durable = fsync per write) and the cost of opening and folding a large profile. Prints
// figures; never fails a build.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { NewMemoryRecord } from '../src/core/memory/memoryLog';
import { MEMORY_KINDS } from '../src/core/memory/record';
import { openProfileStore, type ProfileStoreOptions } from '../src/core/profile/profileStore';
import { median, percentile, printTable } from './stats';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};

function record(i: number): NewMemoryRecord {
  const kind = MEMORY_KINDS[i % MEMORY_KINDS.length];
  return {
    kind,
    text: `Edited src/parser/tokenizer.ts around line ${i % 400}: handled the ${i}th edge case in string escapes and reran the unit tests`,
    source: 'bench',
    project: `project-${i % 7}`,
    tags: ['bench', `t${i % 13}`],
    entities: ['Tokenizer'],
    meta: { file: 'src/parser/tokenizer.ts', line: i % 400 },
  };
}

function heapMb(): number {
  setFlagsFromString('--expose_gc');
  (runInNewContext('gc') as () => void)();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function appendThroughput(label: string, options: ProfileStoreOptions, total: number, batch: number): Promise<(string | number)[]> {
  const dir = mkdtempSync(join(tmpdir(), 'mh-bench-'));
  const store = await openProfileStore(dir, { actor: 'bench', ...options });
  const latencies: number[] = [];
  const started = performance.now();
  for (let i = 0; i < total; i += batch) {
    const t = performance.now();
    if (batch === 1) await store.memory.append(record(i));
    else await store.memory.appendMany(Array.from({ length: batch }, (_, j) => record(i + j)));
    latencies.push(performance.now() - t);
  }
  const seconds = (performance.now() - started) / 1000;
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  return [label, fmt(total), fmt(total / seconds), fmt(median(latencies), 2), fmt(percentile(latencies, 95), 2)];
}

/** Several processes appending one record at a time to the same profile, as several windows would. */
async function concurrentThroughput(processes: number, perProcess: number, durable: boolean): Promise<(string | number)[]> {
  const dir = mkdtempSync(join(tmpdir(), 'mh-bench-'));
  await (await openProfileStore(dir, { actor: 'bench', durable })).close();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: processes }, () => new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', __filename, '--worker', dir, String(perProcess), durable ? '1' : '0'], { stdio: 'inherit' });
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`worker exited ${code}`))));
    })),
  );
  const seconds = (performance.now() - started) / 1000;
  rmSync(dir, { recursive: true, force: true });
  const total = processes * perProcess;
  return [`${processes} processes × ${perProcess}, single appends${durable ? ', durable' : ''}`, fmt(total), fmt(total / seconds), '-', '-'];
}

async function worker(dir: string, count: number, durable: boolean): Promise<void> {
  const store = await openProfileStore(dir, { actor: 'bench-worker', durable, lockTimeoutMs: 120_000 });
  for (let i = 0; i < count; i++) await store.memory.append(record(i));
  await store.close();
}

async function openAndFold(records: number): Promise<(string | number)[][]> {
  const dir = mkdtempSync(join(tmpdir(), 'mh-bench-'));
  const baseHeap = heapMb();
  let store = await openProfileStore(dir, { actor: 'bench', durable: false });
  const fillStart = performance.now();
  const ids: string[] = [];
  for (let i = 0; i < records; i += 5_000) ids.push(...(await store.memory.appendMany(Array.from({ length: Math.min(5_000, records - i) }, (_, j) => record(i + j)))).map((r) => r.id));
  const fill = performance.now() - fillStart;
  // Some history to fold: 5% of records edited, 1% forgotten.
  for (let i = 0; i < records; i += 20) await store.memory.edit(ids[i], { op: 'tag', add: ['edited'] });
  for (let i = 7; i < records; i += 100) await store.memory.forget(ids[i]);
  await store.close();

  const openStart = performance.now();
  store = await openProfileStore(dir, { actor: 'bench', durable: false });
  const open = performance.now() - openStart;
  const heap = heapMb() - baseHeap;
  const scanStart = performance.now();
  let live = 0;
  for await (const _ of store.memory.scan()) live++;
  const scan = performance.now() - scanStart;
  const gets: number[] = [];
  for (let i = 0; i < 1_000; i++) {
    const t = performance.now();
    await store.memory.get(ids[(i * 7919) % ids.length]);
    gets.push(performance.now() - t);
  }
  const feedStart = performance.now();
  const batch = await store.memory.readChanges({});
  const feed = performance.now() - feedStart;
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  return [
    [`fill ${fmt(records)} (appendMany × 5,000, not durable)`, fmt(fill), ''],
    [`open + index ${fmt(records)} records (${fmt(records / 20)} edits, ${fmt(records / 100)} forgets)`, fmt(open), `heap +${fmt(heap, 1)} MB after open`],
    [`scan: fold all (${fmt(live)} live)`, fmt(scan), ''],
    ['get by id (1,000 random), p50 / p95', `${fmt(median(gets), 3)} / ${fmt(percentile(gets, 95), 3)}`, ''],
    [`readChanges({}) (${fmt(batch.changes.length)} changes)`, fmt(feed), ''],
  ];
}

async function main(): Promise<void> {
  if (args[0] === '--worker') return worker(args[1], Number(args[2]), args[3] === '1');
  const records = option('records', 100_000);
  console.log(`node ${process.versions.node}, ${tmpdir()} (fsync cost depends on the disk)\n`);
  printTable(['append (lock + audit per write)', 'records', 'records/s', 'p50 ms', 'p95 ms'], [
    await appendThroughput('single appends, durable (fsync)', { durable: true }, 2_000, 1),
    await appendThroughput('single appends, not durable', { durable: false }, 5_000, 1),
    await appendThroughput('appendMany × 100, durable', { durable: true }, 20_000, 100),
    await appendThroughput('appendMany × 1,000, durable', { durable: true }, 50_000, 1_000),
    await concurrentThroughput(4, 1_000, true),
  ]);
  console.log('');
  printTable(['profile of size', 'ms', 'note'], await openAndFold(records));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
