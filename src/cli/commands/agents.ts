import type { Command } from 'commander';
import type { AgentEvent, AgentRunView, AgentsStatus } from '../../protocol/agentsProtocol';
import type { AgentProposer } from '../../core/agents/agentRun';
import { AGENT_IDS, type AgentId } from '../../core/agents/agentTypes';
import type { AgentService, AgentServicePorts } from '../../core/engine/agentService';
import type { EngineSettings } from '../../core/engine/engineSettings';
import type { ProfileStore } from '../../core/profile/profileStore';
import type { CliContext } from '../cliContext';
import { CliFailure } from '../cliFailure';
import { openIndexSession, type IndexSession } from './searchIndexSession';
import { withStore } from './withStore';

/**
 * `mh agents list|status|run|pause|resume|serve`: the same scheduler and agents as the editor, on
 * the settings' defaults (like `mh chat`, the CLI has no editor settings). `serve` stays running
 * and runs the schedules whenever it leads the profile, so closing the last VS Code window hands
 * the agents to it.
 */
export function registerAgentsCommand(program: Command, ctx: CliContext, stdout: NodeJS.WritableStream): void {
  const agents = program.command('agents').description('the background agents: list them, run one now, pause them, or serve their schedules');

  agents
    .command('list')
    .description('each agent, its schedule and its last run')
    .action(() =>
      withAgentsOnStore(ctx, async (service) => {
        for (const agent of (await service.status()).agents) {
          const last = agent.lastRun ? `${agent.lastRun.outcome} ${when(agent.lastRun.end ?? agent.lastRun.start)}` : 'never ran';
          ctx.out(`${agent.id.padEnd(10)} ${agent.title.padEnd(16)} ${(agent.schedule ?? 'on events').padEnd(16)} ${agent.running ? 'running' : last}`);
        }
      }),
    );

  agents
    .command('status')
    .description('who runs the schedules, whether they are paused, the model budget, recent runs')
    .option('--json', 'print as JSON')
    .action((opts: { json?: boolean }) =>
      withAgentsOnStore(ctx, async (service, store) => {
        const status = await service.status();
        if (opts.json) return ctx.out(JSON.stringify(status, null, 2));
        printStatus(ctx, status, store);
      }),
    );

  agents
    .command('run')
    .description('run an agent now: progress on stderr, what it writes streamed to stdout; Ctrl-C cancels')
    .argument('<agent>', AGENT_IDS.join(', '))
    .option('--json', 'print the run record as JSON at the end')
    .action(async (agent: string, opts: { json?: boolean }, command: Command) => {
      if (!isAgentId(agent)) return command.error(`There is no agent "${agent}"; the agents are ${AGENT_IDS.join(', ')}.`);
      const run = await runAgent(ctx, stdout, agent);
      if (opts.json) ctx.out(JSON.stringify(run, null, 2));
      if (run.outcome === 'error') throw new CliFailure(`${agent} failed: ${run.error ?? 'unknown error'}`);
      if (run.outcome === 'cancelled') throw new CliFailure(`${agent} was cancelled.`, 130);
    });

  for (const [name, paused] of [
    ['pause', true],
    ['resume', false],
  ] as const) {
    agents
      .command(name)
      .description(paused ? 'pause the scheduled agents in every window and mh (asking one to run still works)' : 'resume the scheduled agents')
      .action(() =>
        withAgentsOnStore(ctx, async (service) => {
          await service.pause(paused);
          ctx.out(paused ? 'Scheduled agents are paused in every window and mh until `mh agents resume`.' : 'Scheduled agents resumed.');
        }),
      );
  }

  agents
    .command('serve')
    .description('stay running and run the agents\' schedules whenever this process leads the profile (Ctrl-C stops)')
    .action(() => serve(ctx));
}

function settingsFor(ctx: CliContext): EngineSettings {
  return { profilePath: ctx.profileDir(), values: ctx.settings(), actor: 'cli' };
}

/** The agents (their scheduler, prompts and model providers) load only when an agents command runs, not for every `mh`. */
async function agentServiceFactory(ctx: CliContext): Promise<(ports: AgentServicePorts) => AgentService> {
  const { AgentService } = await import('../../core/engine/agentService');
  return (ports) => new AgentService(settingsFor(ctx), ports);
}

/**
 * The decision engine on the command's own store, for the agents' proposals (`ctx.propose`): they
 * wait in the same approval queue as the editor's and `mh approvals propose`'s, and an open editor
 * raises its notification for them. Like `withDecisions`, skills get only what a terminal has.
 */
async function proposerOn(ctx: CliContext, session: IndexSession): Promise<AgentProposer> {
  const { decisionEngineOn } = await import('./withDecisions');
  const engine = decisionEngineOn(ctx, session, (p) => ctx.err(`${p.source} proposed ${p.skill} ${p.id}: ${p.preview?.summary ?? JSON.stringify(p.args)}; it waits for your approval (mh approvals approve ${p.id}).`));
  return (input) => engine.propose(input);
}

/** The agent service on the profile alone: enough for status, list and pause (no index is opened). */
function withAgentsOnStore(ctx: CliContext, work: (service: AgentService, store: ProfileStore) => Promise<void>): Promise<void> {
  return withStore(ctx, async (store) => {
    const service = (await agentServiceFactory(ctx))({
      openStore: () => Promise.resolve(store),
      openIndex: () => Promise.reject(new Error('This command does not search memories.')),
      afterWrite: () => Promise.resolve(),
      log: (level, message) => level !== 'info' && ctx.err(message),
      onActivity: () => undefined,
    });
    try {
      await work(service, store);
    } finally {
      await service.close();
    }
  });
}

async function runAgent(ctx: CliContext, stdout: NodeJS.WritableStream, agent: AgentId): Promise<AgentRunView> {
  const create = await agentServiceFactory(ctx);
  const session = await openIndexSession(ctx);
  const service = create({
    openStore: () => Promise.resolve(session.store),
    openIndex: () => Promise.resolve(session.index),
    afterWrite: async () => void (await session.index.sync()),
    log: (level, message) => level !== 'info' && ctx.err(message),
    onActivity: () => undefined,
    propose: await proposerOn(ctx, session),
  });
  const stop = new AbortController();
  const onSigint = () => {
    ctx.err('cancelling…');
    stop.abort();
  };
  process.once('SIGINT', onSigint);
  try {
    const printer = new RunPrinter(ctx, stdout);
    let run: AgentRunView | undefined;
    for await (const event of service.run(agent, stop.signal)) {
      printer.print(event);
      if (event.type === 'done') run = event.run;
    }
    if (!run) throw new Error(`${agent} ended without a run record.`);
    return run;
  } finally {
    process.removeListener('SIGINT', onSigint);
    await service.close();
    await session.close();
  }
}

async function serve(ctx: CliContext): Promise<void> {
  const create = await agentServiceFactory(ctx);
  const session = await openIndexSession(ctx);
  const printer = new RunPrinter(ctx, undefined);
  const service = create({
    openStore: () => Promise.resolve(session.store),
    openIndex: () => Promise.resolve(session.index),
    afterWrite: async () => void (await session.index.sync()),
    log: (level, message) => ctx.err(`${level === 'info' ? '' : `${level}: `}${message}`),
    onActivity: (agent, _runId, event) => printer.print(event, agent),
    propose: await proposerOn(ctx, session),
  });
  const leadership = session.store.leadership.onLeadershipChange((leading) => ctx.err(leading ? 'This process now leads the profile and runs the schedules.' : 'Another process leads the profile now; waiting to take over.'));
  try {
    await service.start();
    if (!session.store.leadership.isLeader) {
      const leader = session.store.leadership.currentLeader();
      ctx.err(`${leader ? `${leader.name} (pid ${leader.pid})` : 'Another process'} runs the schedules; this one takes over when it stops.`);
    }
    await new Promise<void>((resolve) => {
      // The leadership heartbeat, the cron tasks and the inbox watcher are all unref'd (they never keep
      // an editor's engine alive), so without this the process would exit right after starting.
      const keepAlive = setInterval(() => undefined, 1 << 30);
      const stop = () => {
        clearInterval(keepAlive);
        process.removeListener('SIGINT', stop);
        process.removeListener('SIGTERM', stop);
        resolve();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    ctx.err('stopping…');
  } finally {
    leadership.dispose();
    await service.close();
    await session.close();
  }
}

/** Agent events as terminal lines: progress and records on stderr, streamed text on stdout. */
class RunPrinter {
  private streaming = false;

  constructor(
    private readonly ctx: CliContext,
    private readonly stdout: NodeJS.WritableStream | undefined,
  ) {}

  print(event: AgentEvent, agent?: AgentId): void {
    const who = agent ? `[${agent}] ` : '';
    switch (event.type) {
      case 'progress':
        this.endText();
        this.ctx.err(`${who}${event.message}${event.fraction !== undefined ? ` (${Math.round(event.fraction * 100)}%)` : ''}`);
        break;
      case 'text':
        if (!this.stdout) break;
        this.stdout.write(event.text);
        this.streaming = true;
        break;
      case 'record':
        this.endText();
        this.ctx.err(`${who}wrote ${event.kind} ${event.id}${event.cites.length ? ` citing ${event.cites.length} memories` : ''}`);
        break;
      case 'done':
        this.endText();
        this.ctx.err(`${who}${describeRun(event.run)}`);
        break;
    }
  }

  private endText(): void {
    if (!this.streaming) return;
    this.stdout?.write('\n');
    this.streaming = false;
  }
}

function describeRun(run: AgentRunView): string {
  const seconds = run.end ? ((Date.parse(run.end) - Date.parse(run.start)) / 1000).toFixed(1) : '?';
  const detail = run.outcome === 'error' ? run.error : run.summary;
  return `${run.agent} ${run.outcome}${detail ? `: ${detail}` : ''} (${run.recordsWritten} records written, ${run.modelCalls} model calls, ${seconds} s)`;
}

function printStatus(ctx: CliContext, status: AgentsStatus, store: ProfileStore): void {
  const recorded = store.leadership.currentLeader();
  const leader = store.leadership.liveLeader();
  const nobody = 'no process leads the profile (start VS Code or `mh agents serve`)';
  const stopped = recorded && !leader ? `; the last leader, ${recorded.name} (pid ${recorded.pid} on ${recorded.hostname}), stopped ${when(recorded.heartbeat)}` : '';
  ctx.out(`schedules: ${leader ? `run by ${leader.name} (pid ${leader.pid} on ${leader.hostname}), heartbeat ${when(leader.heartbeat)}` : `${nobody}${stopped}`}`);
  ctx.out(`paused: ${status.paused ? 'yes (`mh agents resume` resumes)' : 'no'}`);
  ctx.out(`model calls in the last hour: ${status.modelCallsLastHour} of ${status.modelCallsPerHour}`);
  ctx.out(status.recentRuns.length ? 'recent runs:' : 'recent runs: none yet');
  for (const run of status.recentRuns) ctx.out(`  ${when(run.start)}  [${run.trigger}] ${describeRun(run)}`);
}

function when(iso: string): string {
  return iso.slice(0, 19).replace('T', ' ');
}

function isAgentId(value: string): value is AgentId {
  return (AGENT_IDS as readonly string[]).includes(value);
}
