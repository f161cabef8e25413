// Capture engine-side cost: 10,000 synthetic editor events through validation, the privacy gate
// (path rules + secret redaction) and the session builder, timed per event. The host-thread
// adapter benchmark is separate (bench/extension.ts and the adapters' own).
// `npm run bench -- capture`
import { parseCaptureEvents, type CaptureEvent } from '../src/core/capture/captureEvent';
import { captureSettingsFrom } from '../src/core/capture/captureSettings';
import { CaptureGate } from '../src/core/capture/privacy/captureGate';
import { PathFilter } from '../src/core/capture/privacy/pathFilter';
import { redactSecrets } from '../src/core/capture/redaction/redactSecrets';
import { SessionBuilder } from '../src/core/capture/sessions/sessionBuilder';
import { defaultSettings } from '../src/core/settings/settingsTable';
import { median, percentile, printTable } from './stats';

const N = 10_000;
const workspace = { folder: '/home/ada/app', name: 'app' };
const files = Array.from({ length: 50 }, (_, i) => `src/module${i % 7}/file${i}.ts`);
const commands = ['npm test', 'git status', 'npm run build -- --watch', 'PGPASSWORD=hunter2 psql -h db', 'curl -H "Authorization: Bearer 7Rt4Vz1Np8Ws3Kx9Qb6Yc2Lm" https://api.example.com', 'ls -la src/core'];
const messages = ['Fix the parser for nested options', 'Add session summaries\n\nLinks events by id.', 'Rotate key ghp_R8x2Lq9ZpT4vN7mK3sW6yB1cF5hJ0dG2aE9u'];

/** Deterministic event mix: mostly edits (mostly to the current file), some saves/opens/commands/commits/diagnostics/focus, with idle gaps every ~1,500 events. */
function makeEvents(): CaptureEvent[] {
  let seed = 1;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  let t = Date.parse('2024-03-04T08:00:00Z');
  const out: CaptureEvent[] = [];
  let current = files[0];
  for (let i = 0; i < N; i++) {
    // People edit one file for a while, then move on.
    if (rnd() < 0.05) current = files[Math.floor(rnd() * files.length)];
    t += i % 1500 === 1499 ? 45 * 60_000 : Math.floor(rnd() * 4000);
    const ts = new Date(t).toISOString();
    const file = rnd() < 0.9 ? current : files[Math.floor(rnd() * files.length)];
    const r = rnd();
    if (r < 0.6) out.push({ type: 'file/edited', ts, workspace, file, linesAdded: Math.floor(rnd() * 3), linesRemoved: Math.floor(rnd() * 2) });
    else if (r < 0.7) out.push({ type: 'file/saved', ts, workspace, file });
    else if (r < 0.75) out.push({ type: 'file/opened', ts, workspace, file: rnd() < 0.1 ? '.env' : file });
    else if (r < 0.85) out.push({ type: 'terminal/command', ts, workspace, commandLine: commands[i % commands.length], exitCode: rnd() < 0.2 ? 1 : 0 });
    else if (r < 0.9) out.push({ type: 'git/commit', ts, workspace, sha: (i * 2654435761).toString(16).padStart(8, '0').slice(0, 8), message: messages[i % messages.length], branch: 'main', files: [{ path: file }] });
    else if (r < 0.95) out.push(rnd() < 0.5 ? { type: 'diagnostics/appeared', ts, workspace, file, count: 2, firstMessage: "Cannot find name 'x'." } : { type: 'diagnostics/fixed', ts, workspace, file, count: 2 });
    else out.push({ type: rnd() < 0.5 ? 'focus/gained' : 'focus/lost', ts, workspace });
  }
  return out;
}

function run(events: CaptureEvent[]) {
  const settings = captureSettingsFrom(defaultSettings());
  const filter = new PathFilter({ excludeGlobs: settings.excludeGlobs, gitignores: [{ dir: '', content: 'node_modules/\ndist/\n*.log\n' }] });
  const gate = new CaptureGate(settings.privacy, { filterFor: () => filter });
  const builder = new SessionBuilder({ idleMs: settings.idleMs, clock: () => 0 });
  const validate: number[] = [];
  const admit: number[] = [];
  const build: number[] = [];
  const total: number[] = [];
  let records = 0;
  let sessions = 0;
  for (const event of events) {
    const t0 = process.hrtime.bigint();
    const parsed = parseCaptureEvents([event]).events[0];
    const t1 = process.hrtime.bigint();
    const admitted = gate.admit(parsed).event;
    const t2 = process.hrtime.bigint();
    const out = admitted ? builder.push([admitted]) : [];
    const t3 = process.hrtime.bigint();
    for (const e of out) {
      if (e.summarizes) sessions++;
      else records++;
    }
    // The writer would bind ids; do the same so refs are released as in the engine.
    builder.bindIds(out.filter((e) => !e.summarizes).map((e) => [e.ref, e.ref] as const));
    for (const e of out) if (e.summarizes) builder.release(e);
    validate.push(Number(t1 - t0) / 1000);
    admit.push(Number(t2 - t1) / 1000);
    build.push(Number(t3 - t2) / 1000);
    total.push(Number(t3 - t0) / 1000);
  }
  for (const e of builder.closeAll()) {
    if (e.summarizes) sessions++;
    else records++;
  }
  return { validate, admit, build, total, records, sessions };
}

const events = makeEvents();
run(events); // warm-up: JIT, regex compilation
const r = run(events);
const fmt = (x: number) => x.toFixed(1);
console.log(`${N} synthetic events → ${r.records} event records, ${r.sessions} session summaries\n`);
printTable(
  ['stage (µs per event)', 'median', 'p95', 'p99', 'mean'],
  (
    [
      ['validate (valibot)', r.validate],
      ['gate (paths + redaction)', r.admit],
      ['session builder', r.build],
      ['total', r.total],
    ] as const
  ).map(([name, xs]) => [name, fmt(median([...xs])), fmt(percentile([...xs], 95)), fmt(percentile([...xs], 99)), fmt(xs.reduce((a, b) => a + b, 0) / xs.length)]),
);

const texts = [...commands, ...messages, "Cannot find name 'x'.", 'src/core/capture/sessions/sessionBuilder.ts'];
const redactTimes: number[] = [];
for (let i = 0; i < 20_000; i++) {
  const t0 = process.hrtime.bigint();
  redactSecrets(texts[i % texts.length]);
  redactTimes.push(Number(process.hrtime.bigint() - t0) / 1000);
}
console.log(`\nredactSecrets alone over ${texts.length} typical strings ×: median ${fmt(median(redactTimes))} µs, p95 ${fmt(percentile(redactTimes, 95))} µs`);

const batchStart = process.hrtime.bigint();
const settings = captureSettingsFrom(defaultSettings());
const filter = new PathFilter({ excludeGlobs: settings.excludeGlobs });
const gate = new CaptureGate(settings.privacy, { filterFor: () => filter });
const builder = new SessionBuilder({ idleMs: settings.idleMs, clock: () => 0 });
const admitted = parseCaptureEvents(events).events.flatMap((e) => gate.admit(e).event ?? []);
builder.push(admitted);
builder.closeAll();
const batchMs = Number(process.hrtime.bigint() - batchStart) / 1e6;
console.log(`one batch of ${N}: ${batchMs.toFixed(0)} ms (${Math.round(N / (batchMs / 1000)).toLocaleString('en')} events/s)`);
