import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runMh } from '../cli/runMh';
import { tempDirsForSuite } from '../store/storeFixtures';

const root = join(__dirname, '..', '..', '..');

/** `mh agents serve` as its own process, the way a person leaves it running in a terminal. */
interface Serve {
  label: string;
  child: ChildProcess;
  pid: number;
  /** Everything it printed on stderr so far (its progress and run lines). */
  err(): string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startServe(label: string, profile: string): Serve {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src', 'cli', 'mh.ts'), '--profile', profile, 'agents', 'serve'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  child.stdout?.resume();
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  if (child.pid === undefined) throw new Error(`could not start ${label}`);
  return { label, child, pid: child.pid, err: () => stderr, exit };
}

/** Polls until `check` holds; after a generous deadline fails with what was expected and what each process printed. */
async function until(check: () => boolean | Promise<boolean>, what: string, processes: Serve[], timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      const printed = processes.map((p) => `--- ${p.label} (pid ${p.pid}, ${state(p)}) printed:\n${p.err()}`).join('\n');
      throw new Error(`Timed out waiting for: ${what}\n${printed}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function state(serve: Serve): string {
  if (serve.child.exitCode !== null) return `exited with ${serve.child.exitCode}`;
  return serve.child.signalCode ? `ended by ${serve.child.signalCode}` : 'running';
}

/** The pid `mh agents status` names as running the schedules, if any. */
async function statusLeaderPid(profile: string): Promise<number | undefined> {
  const status = await runMh(['--profile', profile, 'agents', 'status']);
  assert.equal(status.code, 0, `mh agents status failed: ${status.err}`);
  const pid = /^schedules: run by cli \(pid (\d+) on /m.exec(status.out)?.[1];
  return pid ? Number(pid) : undefined;
}

/** The finished inbox-triggered ingestor runs in `agents/runs.jsonl` (a start and an end line per run, folded). */
function inboxRuns(profile: string): { runId: string; outcome: string; recordsWritten: number }[] {
  const file = join(profile, 'agents', 'runs.jsonl');
  if (!existsSync(file)) return [];
  const runs = new Map<string, { runId: string; agent: string; trigger: string; outcome: string; recordsWritten: number }>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const record = JSON.parse(line) as { runId?: string; agent: string; trigger: string; outcome: string; recordsWritten: number };
    if (record.runId) runs.set(record.runId, { ...record, runId: record.runId });
  }
  return [...runs.values()].filter((r) => r.agent === 'ingestor' && r.trigger === 'inbox' && r.outcome !== 'running');
}

function dropInInbox(profile: string, name: string): void {
  mkdirSync(join(profile, 'inbox'), { recursive: true });
  writeFileSync(join(profile, 'inbox', name), `# ${name}\n\nA note dropped into the inbox as ${name}, to be taken in by whichever process leads.\n`);
}

const ingestedLines = (serve: Serve) => serve.err().split('\n').filter((l) => /^\[ingestor\] ingestor ok/.test(l)).length;

// Only the profile's leader runs the scheduled agents; when it stops (or dies) another `mh agents
// serve` takes over. Real processes, observed as a person would: `mh agents status`, each serve's
// terminal output, the inbox and `agents/runs.jsonl`. A dropped inbox file is the prompt evidence
// that the leader (and only the leader) runs the agents: the ingestor runs on it within seconds.
describe('agents leadership between mh processes', () => {
  const started: Serve[] = [];
  // Registered before the temp folders' cleanup so the children are gone before their profile is.
  after(async () => {
    for (const serve of started) if (serve.child.exitCode === null && serve.child.signalCode === null) serve.child.kill('SIGKILL');
    await Promise.all(started.map((s) => s.exit));
  });
  const makeDir = tempDirsForSuite();
  const profile = makeDir('leadership-processes');
  const serve = (label: string) => {
    const s = startServe(label, profile);
    started.push(s);
    return s;
  };
  let a: Serve | undefined;
  let b: Serve | undefined;
  /** Each step goes on from the one before; after a failed step the next ones are skipped, not failed again. */
  let stepsDone = 0;

  it('the first serve leads and takes in an inbox file; a second serve follows and leaves the inbox alone', { timeout: 60_000 }, async () => {
    a = serve('A');
    const first = a;
    await until(async () => (await statusLeaderPid(profile)) === first.pid, `mh agents status to name A (pid ${first.pid}) as running the schedules`, [first]);

    b = serve('B');
    const second = b;
    await until(() => second.err().includes(`cli (pid ${first.pid}) runs the schedules; this one takes over when it stops.`), 'B to say that A runs the schedules', [first, second]);
    dropInInbox(profile, 'first.md');
    await until(() => inboxRuns(profile).length === 1 && ingestedLines(first) === 1, 'the leader A to run the ingestor on first.md', [first, second]);

    assert.equal(inboxRuns(profile)[0].outcome, 'ok');
    assert.ok(existsSync(join(profile, 'inbox', 'done', 'first.md')), 'first.md moved to done/');
    assert.equal(ingestedLines(second), 0, `the follower B ran nothing:\n${second.err()}`);
    assert.equal(await statusLeaderPid(profile), first.pid, 'A still leads with B running');
    assert.equal(state(first), 'running', `A is still serving:\n${first.err()}`);
    stepsDone = 1;
  });

  it('when the leader is stopped (SIGTERM) it exits cleanly and the follower takes over and runs the agents', { timeout: 60_000 }, async (t) => {
    if (stepsDone < 1 || !a || !b) return t.skip('the first step failed');
    const [first, second] = [a, b];
    assert.equal(state(second), 'running', `B is still serving:\n${second.err()}`);
    first.child.kill('SIGTERM');
    const ended = await first.exit;
    assert.deepEqual(ended, { code: 0, signal: null }, `A exits with 0 on SIGTERM:\n${first.err()}`);
    assert.match(first.err(), /stopping…/);

    await until(async () => (await statusLeaderPid(profile)) === second.pid, `mh agents status to name B (pid ${second.pid}) once A stopped`, [first, second]);
    assert.match(second.err(), /This process now leads the profile and runs the schedules\./);
    dropInInbox(profile, 'second.md');
    await until(() => inboxRuns(profile).length === 2 && ingestedLines(second) === 1, 'the new leader B to run the ingestor on second.md', [first, second]);
    assert.ok(existsSync(join(profile, 'inbox', 'done', 'second.md')), 'second.md moved to done/');
    stepsDone = 2;
  });

  it('when the leader is killed (SIGKILL) a new serve takes over and takes in a file dropped while nobody led', { timeout: 60_000 }, async (t) => {
    if (stepsDone < 2 || !b) return t.skip('the second step failed');
    const second = b;
    second.child.kill('SIGKILL');
    await second.exit;
    // B had no chance to clean up: `.leader` still names it. On the same host its dead pid is taken
    // over at once (a leader whose pid seems alive only after its lease, 3 missed 5 s heartbeats).
    assert.equal((JSON.parse(readFileSync(join(profile, '.leader'), 'utf8')) as { pid: number }).pid, second.pid, 'the killed leader is still recorded');
    const afterKill = await runMh(['--profile', profile, 'agents', 'status']);
    assert.match(afterKill.out, new RegExp(`^schedules: no process leads the profile .*; the last leader, cli \\(pid ${second.pid} on .*\\), stopped `, 'm'), 'status does not name the killed leader as running the schedules');
    dropInInbox(profile, 'third.md');

    const third = serve('C');
    await until(async () => (await statusLeaderPid(profile)) === third.pid, `mh agents status to name C (pid ${third.pid}) in place of the killed B`, [second, third]);
    await until(() => inboxRuns(profile).length === 3 && ingestedLines(third) === 1, 'the new leader C to run the ingestor on third.md, waiting since before it started', [second, third]);
    assert.ok(existsSync(join(profile, 'inbox', 'done', 'third.md')), 'third.md moved to done/');
    assert.deepEqual(
      inboxRuns(profile).map((r) => r.outcome),
      ['ok', 'ok', 'ok'],
      'each file taken in once, by one leader',
    );
  });
});
