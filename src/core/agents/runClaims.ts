import { hostname } from 'node:os';
import { isAlive, type ProfileFiles } from '../profile/profileFiles';
import type { ProfileLock } from '../profile/profileLock';
import { AGENT_IDS, type AgentId } from './agentTypes';

export const CLAIMS_DIR = 'agents/running';

/** `agents/running/<agent>.json`: which run of the agent is in progress, in which process, and proof that it lives. */
export interface RunClaim {
  runId: string;
  agent: AgentId;
  pid: number;
  hostname: string;
  start: string;
  heartbeat: string;
  /** Model calls the run has made so far: other processes count them against the hour's budget. */
  modelCalls: number;
}

/** How often a run refreshes its claim (default). */
export const CLAIM_HEARTBEAT_MS = 5_000;
/** A claim from another host silent this long is taken over (6 missed heartbeats); see `claimGone`. */
export const CLAIM_LEASE_MS = 30_000;

export type ClaimAttempt = { taken: true; replaced?: RunClaim } | { taken: false; holder: RunClaim };

const AGENTS = new Set<string>(AGENT_IDS);
/** This machine's name, as run claims and run records carry it. */
export const THIS_HOST = hostname();

/**
 * Whether the run holding a claim has stopped: on this host its process is gone; on another host
 * its heartbeat is older than the lease. A claim whose process lives here is trusted for ten
 * leases: a silent live process is more likely a run held up (a backup keeping the profile lock, a
 * blocked event loop) than a reused pid, and taking over a run that still works is the double run
 * the claim exists to prevent.
 */
export function claimGone(claim: RunClaim, leaseMs = CLAIM_LEASE_MS, now = Date.now()): boolean {
  const silentMs = now - Date.parse(claim.heartbeat);
  if (Number.isNaN(silentMs)) return true;
  if (claim.hostname !== THIS_HOST) return silentMs > leaseMs;
  if (claim.pid !== process.pid && !isAlive(claim.pid)) return true;
  return silentMs > leaseMs * 10;
}

/** Where a claim's run happens, for messages: `process 123` or `process 123 on laptop`. */
export function claimPlace(claim: Pick<RunClaim, 'pid' | 'hostname'>): string {
  return `process ${claim.pid}${claim.hostname === THIS_HOST ? '' : ` on ${claim.hostname}`}`;
}

/**
 * One run per agent across every process of the profile (windows, `mh agents run`, `mh agents
 * serve`). A run claims its agent before it starts and releases it once its end is recorded; every
 * check-and-write happens under the profile lock, so two processes can never both hold one agent.
 * A claim whose run is gone (`claimGone`) is taken over, like `.leader`.
 */
export class RunClaims {
  private readonly leaseMs: number;

  constructor(
    private readonly files: ProfileFiles,
    private readonly lock: ProfileLock,
    options: { leaseMs?: number } = {},
  ) {
    this.leaseMs = options.leaseMs ?? CLAIM_LEASE_MS;
  }

  /** Claims the agent for this run, unless a live run holds it. */
  take(agent: AgentId, runId: string): Promise<ClaimAttempt> {
    return this.lock.withLock('agent-claim', () => {
      const current = this.read(agent);
      if (current && current.runId !== runId && !this.isGone(current)) return { taken: false, holder: current };
      const now = new Date().toISOString();
      this.write({ runId, agent, pid: process.pid, hostname: THIS_HOST, start: now, heartbeat: now, modelCalls: 0 });
      return current && current.runId !== runId ? { taken: true, replaced: current } : { taken: true };
    });
  }

  /** Refreshes the run's heartbeat and model-call count; false when the claim is no longer this run's (taken over). */
  beat(agent: AgentId, runId: string, modelCalls: number): Promise<boolean> {
    return this.lock.withLock('agent-claim', () => {
      const current = this.read(agent);
      if (current?.runId !== runId) return false;
      this.write({ ...current, heartbeat: new Date().toISOString(), modelCalls });
      return true;
    });
  }

  release(agent: AgentId, runId: string): Promise<void> {
    return this.lock.withLock('agent-claim', () => {
      if (this.read(agent)?.runId === runId) this.files.fs.rmSync(this.files.abs(claimFile(agent)), { force: true });
    });
  }

  /** The agent's claim as recorded, live or not. */
  read(agent: AgentId): RunClaim | undefined {
    return readClaim(this.files, agent);
  }

  /** Every recorded claim, live or not. */
  all(): RunClaim[] {
    const claims: RunClaim[] = [];
    for (const name of this.files.list(CLAIMS_DIR)) {
      const agent = name.endsWith('.json') ? name.slice(0, -'.json'.length) : '';
      if (!AGENTS.has(agent)) continue;
      const claim = this.read(agent as AgentId);
      if (claim) claims.push(claim);
    }
    return claims;
  }

  isGone(claim: RunClaim): boolean {
    return claimGone(claim, this.leaseMs);
  }

  private write(claim: RunClaim): void {
    this.files.writeAtomic(claimFile(claim.agent), JSON.stringify(claim));
  }
}

function claimFile(agent: AgentId): string {
  return `${CLAIMS_DIR}/${agent}.json`;
}

/** The agent's claim file, undefined when there is none or it is damaged (a damaged claim holds nothing). */
export function readClaim(files: ProfileFiles, agent: AgentId): RunClaim | undefined {
  const raw = files.read(claimFile(agent));
  if (!raw) return undefined;
  try {
    const value = JSON.parse(raw.toString('utf8')) as Partial<RunClaim>;
    if (typeof value.runId !== 'string' || typeof value.pid !== 'number' || typeof value.hostname !== 'string' || typeof value.heartbeat !== 'string') return undefined;
    return { ...(value as RunClaim), agent, modelCalls: typeof value.modelCalls === 'number' ? value.modelCalls : 0 };
  } catch {
    return undefined;
  }
}

/**
 * Keeps a taken claim alive while its run works: a heartbeat every `heartbeatMs`, and the model-call
 * count written after each call (coalesced: one write at a time), then released.
 */
export function holdClaim(claims: RunClaims, agent: AgentId, runId: string, options: { heartbeatMs?: number; log: (message: string) => void }): { called(): void; release(): Promise<void> } {
  let calls = 0;
  let writing: Promise<void> | undefined;
  let again = false;
  let released = false;
  const beat = (): void => {
    if (released) return;
    if (writing) {
      again = true;
      return;
    }
    writing = claims
      .beat(agent, runId, calls)
      .then((ours) => {
        if (!ours) options.log(`the claim of run ${runId} was taken over by another process`);
      })
      .catch((error: unknown) => options.log(`could not refresh the run's claim: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        writing = undefined;
        if (again) {
          again = false;
          beat();
        }
      });
  };
  const timer = setInterval(beat, options.heartbeatMs ?? CLAIM_HEARTBEAT_MS);
  timer.unref();
  return {
    called() {
      calls++;
      beat();
    },
    async release() {
      released = true;
      clearInterval(timer);
      await writing;
      await claims.release(agent, runId);
    },
  };
}
