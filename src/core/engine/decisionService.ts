import { agentSearchOver } from '../agents/agentSearch';
import { ApprovalQueue, waitsForPerson } from '../decisions/approvalQueue';
import { DecisionEngine } from '../decisions/decisionEngine';
import { readAutonomyPaused } from '../decisions/autonomySwitch';
import type { ProposalSource, ProposalState } from '../decisions/decisionTypes';
import type { MemoryIndex } from '../index/memoryIndex';
import type { ProfileStore } from '../profile/profileStore';
import { SkillRegistry } from '../skills/skillRegistry';
import type { SkillPorts } from '../skills/skillTypes';
import {
  DecisionsAcceptRequest,
  DecisionsActedAloneNotification,
  DecisionsApproveRequest,
  DecisionsChangedNotification,
  DecisionsDismissRequest,
  DecisionsPauseRequest,
  DecisionsPendingNotification,
  DecisionsProposeRequest,
  DecisionsRejectRequest,
  DecisionsSetTrustRequest,
  DecisionsStateRequest,
  DecisionsUndoRequest,
  HostListTasksRequest,
  HostNotifyRequest,
  HostRunTaskRequest,
  type DecisionsState,
  type ProposalView,
} from '../../protocol/decisionsProtocol';
import type { Messenger } from '../../protocol/messenger';
import { HostTerminalNotification, type TerminalFrame } from '../../protocol/terminalProtocol';
import { decisionsStateView, proposalView, skillView } from './decisionViews';
import type { EngineSettings } from './engineSettings';

export interface DecisionServicePorts {
  openStore(): Promise<ProfileStore>;
  openIndex(): Promise<MemoryIndex>;
  /** The extension host: notifications to it, and the editor ports skills borrow. Absent in tests. */
  host?: Messenger;
  log(level: 'info' | 'warn' | 'error', message: string): void;
}

/** How often pending proposals are checked for expiry while the engine runs. */
const EXPIRY_TICK_MS = 60_000;
/** How often the queue is read for proposals and changes made by another window or `mh`. */
const WATCH_TICK_MS = 1_000;

/** The decision engine in the engine worker: opened on first use, expiring proposals once a minute. */
export class DecisionService {
  private engine?: Promise<DecisionEngine>;
  private tick?: ReturnType<typeof setInterval>;
  private watchTick?: ReturnType<typeof setInterval>;
  /**
   * Proposals the host was already told about (asked to approve, to act on a suggestion, or told the
   * twin acted alone), and those already in the queue when this engine started: each is announced once.
   */
  private readonly announced = new Set<string>();
  private closed = false;

  constructor(
    private readonly settings: EngineSettings,
    private readonly ports: DecisionServicePorts,
  ) {}

  async state(): Promise<DecisionsState> {
    return decisionsStateView(await (await this.open()).state());
  }

  /** Chat's and the host's proposals; the person's own runs go through `mh skills run`, not here. */
  async propose(params: { skill: string; args: Record<string, unknown>; source: string; reason: string; dryRun?: boolean; workspace?: string }): Promise<ProposalView> {
    const engine = await this.open();
    const state = await engine.propose({ ...params, source: proposerSource(params.source) });
    return this.view(state);
  }

  async approve(id: string, args?: Record<string, unknown>): Promise<ProposalView> {
    return this.view(await (await this.open()).approve(id, args));
  }

  async reject(id: string, reason?: string): Promise<ProposalView> {
    return this.view(await (await this.open()).reject(id, reason));
  }

  /** The person takes up a suggestion: it runs as their own request; the answer is that run. */
  async accept(id: string, args?: Record<string, unknown>): Promise<ProposalView> {
    return this.view(await (await this.open()).accept(id, args));
  }

  async dismiss(id: string, reason?: string): Promise<ProposalView> {
    return this.view(await (await this.open()).dismiss(id, reason));
  }

  async undo(id: string): Promise<ProposalView> {
    return this.view(await (await this.open()).undo(id));
  }

  async pause(paused: boolean): Promise<{ paused: boolean; cancelled: number }> {
    return (await this.open()).pause(paused);
  }

  async setTrust(params: { skill: string; level?: 'observe' | 'suggest' | 'supervised' | 'bounded' | 'adaptive'; ceiling?: 'observe' | 'suggest' | 'supervised' | 'bounded' | 'adaptive'; enabled?: boolean }): Promise<DecisionsState['skills'][number]> {
    const { skill, ...change } = params;
    const { manifest, trust } = await (await this.open()).setTrust(skill, change);
    return skillView(manifest, trust);
  }

  /**
   * Watches the queue for what other processes write: a proposal or suggestion from `mh approvals
   * propose` or another window raises this editor's notification too, so does an action an agent
   * elsewhere took alone, and an approval made elsewhere refreshes the views. What was already in
   * the queue when the engine starts is shown in the view, not announced again.
   */
  async start(): Promise<void> {
    if (!this.ports.host || this.watchTick || this.closed) return;
    const store = await this.ports.openStore();
    const queue = new ApprovalQueue(store);
    for (const state of queue.list()) this.announced.add(state.id);
    let seen = signature(queue.list());
    this.watchTick = setInterval(() => {
      try {
        const states = queue.list();
        for (const state of states) {
          if (waitsForPerson(state)) this.announce(DecisionsPendingNotification, state);
          else if (actedAlone(state)) this.announce(DecisionsActedAloneNotification, state);
        }
        const now = signature(states);
        if (now === seen) return;
        seen = now;
        const pending = states.filter((s) => s.status === 'pending').length;
        this.ports.host?.notify(DecisionsChangedNotification, { pending, paused: readPaused(store) });
      } catch (error) {
        this.ports.log('warn', `Could not read the approval queue: ${error instanceof Error ? error.message : String(error)}`);
      }
    }, WATCH_TICK_MS);
    this.watchTick.unref?.();
  }

  close(): void {
    this.closed = true;
    if (this.tick) clearInterval(this.tick);
    if (this.watchTick) clearInterval(this.watchTick);
  }

  /** Tells the host about a proposal once, whichever of the engine's ports or the watch sees it first (pending and actedAlone carry the same view). */
  private announce(notification: typeof DecisionsPendingNotification, state: ProposalState): void {
    if (this.announced.has(state.id)) return;
    this.announced.add(state.id);
    this.ports.host?.notify(notification, this.view(state));
  }

  private view(state: ProposalState): ProposalView {
    return proposalView(state, (skill) => SkillRegistry.load().get(skill)?.manifest.title ?? skill);
  }

  private open(): Promise<DecisionEngine> {
    if (this.closed) return Promise.reject(new Error('The MetaHuman engine is shutting down.'));
    this.engine ??= (async () => {
      const store = await this.ports.openStore();
      const engine = new DecisionEngine({
        store,
        settings: this.settings.values,
        actor: this.settings.actor ?? 'engine',
        ports: {
          skills: hostSkillPorts(this.ports.host),
          search: agentSearchOver(() => this.ports.openIndex()),
          onPending: (state) => this.announce(DecisionsPendingNotification, state),
          onActedAlone: (state) => this.announce(DecisionsActedAloneNotification, state),
          onChanged: (summary) => this.ports.host?.notify(DecisionsChangedNotification, summary),
        },
      });
      this.tick = setInterval(() => void engine.expire().catch((error: unknown) => this.ports.log('warn', `Could not expire approvals: ${error instanceof Error ? error.message : String(error)}`)), EXPIRY_TICK_MS);
      this.tick.unref?.();
      return engine;
    })();
    this.engine.catch(() => (this.engine = undefined));
    return this.engine;
  }
}

/** The twin ran it without asking: the policy allowed it (bounded trust), not the person's own run. */
function actedAlone(state: ProposalState): boolean {
  return (state.status === 'executed' || state.status === 'failed') && state.decision.decision === 'allow' && state.source !== 'person';
}

/** Changes when any proposal is added or moves on. */
function signature(states: ProposalState[]): string {
  return states.map((s) => `${s.id}:${s.status}`).join(',');
}

function readPaused(store: ProfileStore): boolean {
  return readAutonomyPaused(store.files);
}

/** The `decisions/*` messages of the engine protocol, on this engine's decision service. */
export function registerDecisionHandlers(messenger: Messenger, decisions: DecisionService): void {
  messenger.onRequest(DecisionsStateRequest, () => decisions.state());
  messenger.onRequest(DecisionsProposeRequest, (params) => decisions.propose(params));
  messenger.onRequest(DecisionsApproveRequest, ({ id, args }) => decisions.approve(id, args));
  messenger.onRequest(DecisionsRejectRequest, ({ id, reason }) => decisions.reject(id, reason));
  messenger.onRequest(DecisionsAcceptRequest, ({ id, args }) => decisions.accept(id, args));
  messenger.onRequest(DecisionsDismissRequest, ({ id, reason }) => decisions.dismiss(id, reason));
  messenger.onRequest(DecisionsUndoRequest, ({ id }) => decisions.undo(id));
  messenger.onRequest(DecisionsPauseRequest, ({ paused }) => decisions.pause(paused));
  messenger.onRequest(DecisionsSetTrustRequest, (params) => decisions.setTrust(params));
}

/** Who may propose over the protocol: chat, a script, an agent. Never `person`, which would skip the approval. */
export function proposerSource(source: string): ProposalSource {
  if (source === 'chat' || source === 'cli') return source;
  if (/^agent:[a-z0-9-]+$/.test(source)) return source as `agent:${string}`;
  throw new Error(`A proposal's source must be chat, cli or agent:<id>, not '${source}'.`);
}

/** The editor's ports, reached over the host messenger; without a host, skills that need the editor refuse. */
function hostSkillPorts(host: Messenger | undefined): SkillPorts {
  if (!host) return {};
  return {
    notify: async (message, severity) => {
      await host.request(HostNotifyRequest, { message, severity });
    },
    runVsCodeTask: (name, signal) => host.request(HostRunTaskRequest, { name }, { signal, timeoutMs: 0 }),
    listVsCodeTasks: async () => (await host.request(HostListTasksRequest, {})).names,
    terminal: ({ id, line, cwd }) => {
      const send = (frame: TerminalFrame) => {
        try {
          host.notify(HostTerminalNotification, frame);
        } catch {
          // Showing is best effort: the command runs and its output is captured either way.
        }
      };
      send({ kind: 'start', run: id, line, cwd });
      return {
        write: (text) => send({ kind: 'data', run: id, text }),
        end: (exitCode, note) => send({ kind: 'end', run: id, ...(exitCode !== undefined ? { exitCode } : {}), ...(note ? { note } : {}) }),
      };
    },
  };
}
