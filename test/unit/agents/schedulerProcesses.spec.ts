import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { runMh } from '../cli/runMh';
import { tempDirsForSuite } from '../store/storeFixtures';

const root = join(__dirname, '..', '..', '..');

interface Child {
  label: string;
  child: ChildProcess;
  pid: number;
  out(): string;
  err(): string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startChild(label: string, args: string[]): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  if (child.pid === undefined) throw new Error(`could not start ${label}`);
  return { label, child, pid: child.pid, out: () => stdout, err: () => stderr, exit };
}

/**
 * Another process running the organizer of the profile until `gateFile` appears: the scheduler
 * and claims are the real ones, only the agent is a stand-in that waits (a window's long run).
 */
function holderScript(profile: string, gateFile: string): string {
  const src = (rel: string) => JSON.stringify(pathToFileURL(join(root, rel)).href);
  return `(async () => {
    const { existsSync } = await import('node:fs');
    const load = async (url) => { const m = await import(url); return m.default ?? m; };
    const { openProfileStore } = await load(${src('src/core/profile/profileStore.ts')});
    const { schedulerFor, testAgent } = await load(${src('test/unit/agents/schedulerFixtures.ts')});
    const store = await openProfileStore(${JSON.stringify(profile)}, { actor: 'holder' });
    const organizer = testAgent('organizer', async () => {
      console.log('started');
      while (!existsSync(${JSON.stringify(gateFile)})) await new Promise((r) => setTimeout(r, 50));
      return { outcome: 'ok', summary: 'held by the holder' };
    });
    const scheduler = schedulerFor(store, [organizer]);
    const run = await scheduler.runNow('organizer');
    console.log('ended ' + run.outcome);
    await scheduler.close();
    await store.close();
  })().catch((error) => { console.error(error); process.exit(1); });`;
}

async function until(check: () => boolean | Promise<boolean>, what: string, processes: Child[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline || processes.some((p) => p.child.exitCode !== null)) {
      const printed = processes.map((p) => `--- ${p.label} (pid ${p.pid}) printed:\n${p.out()}\n${p.err()}`).join('\n');
      throw new Error(`${Date.now() > deadline ? 'Timed out' : 'A process exited'} waiting for: ${what}\n${printed}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The organizer runs in `agents/runs.jsonl` as written (start and end lines folded by run id). */
function organizerRuns(profile: string): { runId: string; outcome: string; summary?: string; pid?: number }[] {
  const file = join(profile, 'agents', 'runs.jsonl');
  if (!existsSync(file)) return [];
  const runs = new Map<string, { runId: string; agent: string; outcome: string; summary?: string; pid?: number }>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const record = JSON.parse(line) as { runId?: string; agent: string; outcome: string; summary?: string; pid?: number };
    if (record.runId) runs.set(record.runId, { ...record, runId: record.runId });
  }
  return [...runs.values()].filter((r) => r.agent === 'organizer');
}

// Real processes over one profile: a process running the organizer, and `mh agents run organizer`
// in a terminal, observed as a person would (the terminal's output, `mh agents status`, runs.jsonl).
describe('one run per agent between real processes', () => {
  const started: Child[] = [];
  after(async () => {
    for (const c of started) if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGKILL');
    await Promise.all(started.map((c) => c.exit));
  });
  const makeDir = tempDirsForSuite();
  const run = (label: string, args: string[]) => {
    const c = startChild(label, args);
    started.push(c);
    return c;
  };

  it('`mh agents run` while another process runs the agent waits for that run and reports it, without running it twice', { timeout: 90_000 }, async () => {
    const profile = makeDir('wait');
    const gateFile = join(makeDir('wait-gate'), 'go');
    const holder = run('holder', ['-e', holderScript(profile, gateFile)]);
    await until(() => holder.out().includes('started'), 'the holder to start its organizer run', [holder]);

    const mh = run('mh agents run', [join(root, 'src', 'cli', 'mh.ts'), '--profile', profile, 'agents', 'run', 'organizer', '--json']);
    await until(() => mh.err().includes(`Organizer is already running in another window or mh (process ${holder.pid}, since `), 'mh to say it waits for the holder', [holder, mh]);
    assert.equal(organizerRuns(profile).length, 1, 'only the holder\'s run is recorded');
    writeFileSync(gateFile, 'go');

    const ended = await mh.exit;
    assert.deepEqual(ended, { code: 0, signal: null }, `mh exits 0:\n${mh.err()}`);
    assert.match(mh.out(), /"summary": "held by the holder"/, 'mh reports the run of the other process');
    assert.match(mh.err(), /organizer ok: held by the holder/);
    assert.deepEqual((await holder.exit).code, 0, holder.err());
    const runs = organizerRuns(profile);
    assert.deepEqual(
      runs.map((r) => [r.outcome, r.pid]),
      [['ok', holder.pid]],
      'one organizer run, by the holder',
    );
  });

  it('a process killed mid-run leaves its run interrupted (not running) in `mh agents status`, and the next run does not wait for it', { timeout: 90_000 }, async () => {
    const profile = makeDir('killed');
    const holder = run('holder', ['-e', holderScript(profile, join(makeDir('never-gate'), 'go'))]);
    await until(() => holder.out().includes('started'), 'the holder to start its organizer run', [holder]);
    holder.child.kill('SIGKILL');
    await holder.exit;
    assert.deepEqual(
      organizerRuns(profile).map((r) => r.outcome),
      ['running'],
      'the killed process never wrote its end line',
    );

    const status = await runMh(['--profile', profile, 'agents', 'status']);
    assert.equal(status.code, 0, status.err);
    assert.match(status.out, new RegExp(`\\[manual\\] organizer interrupted: Interrupted: the process ${holder.pid} stopped before the run ended\\.`));
    const list = await runMh(['--profile', profile, 'agents', 'list']);
    assert.match(list.out, /^organizer .* interrupted /m, `mh agents list:\n${list.out}`);

    const again = await runMh(['--profile', profile, 'agents', 'run', 'organizer']);
    assert.equal(again.code, 0, again.err);
    assert.doesNotMatch(again.err, /already running/);
    const runs = organizerRuns(profile);
    assert.equal(runs.length, 2);
    assert.equal(runs[0].outcome, 'interrupted', 'the new run recorded the killed one as interrupted');
    assert.notEqual(runs[1].outcome, 'running');
  });
});
