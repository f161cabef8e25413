import type { AgentRunView } from '../../protocol/agentsProtocol';

/** One line about a run, for notifications and quick picks: "ok · 2 records · 1 model call". */
export function describeRun(run: AgentRunView): string {
  if (run.outcome === 'running') return 'running';
  const parts: string[] = [run.outcome === 'ok' ? (run.summary ?? 'done') : run.outcome === 'error' ? `failed: ${run.error ?? 'unknown error'}` : (run.summary ?? run.outcome)];
  if (run.recordsWritten > 0) parts.push(`${run.recordsWritten} record${run.recordsWritten === 1 ? '' : 's'}`);
  if (run.modelCalls > 0) parts.push(`${run.modelCalls} model call${run.modelCalls === 1 ? '' : 's'}`);
  return parts.join(' · ');
}
