import type { Command } from 'commander';
import { loadPolicy, POLICY_FILE } from '../../core/decisions/policy';
import type { Policy } from '../../core/decisions/decisionTypes';
import type { CliContext } from '../cliContext';
import { CliFailure } from '../cliFailure';
import { withStore } from './withStore';

export function registerPolicyCommand(program: Command, ctx: CliContext): void {
  const policy = program.command('policy').description("the decision policy (policy.json): trust per skill and rules");

  policy
    .command('check')
    .description('validate policy.json; prints the problem (and exits non-zero) or a summary')
    .action(async () => {
      const { existed, loaded } = await withStore(ctx, (store) => {
        const existed = store.files.exists(POLICY_FILE);
        // Loading creates a missing policy.json from the defaults, as every decision does.
        return { existed, loaded: loadPolicy(store.files) };
      });
      if (loaded.error) throw new CliFailure(loaded.error);
      ctx.out(existed ? `${POLICY_FILE} is valid` : `there was no ${POLICY_FILE}: created it with the defaults`);
      for (const line of summary(loaded.policy)) ctx.out(line);
    });
}

function summary(policy: Policy): string[] {
  const lines = [`rules: ${policy.rules.length}${policy.approvalExpiryHours !== undefined ? `; pending approvals expire after ${policy.approvalExpiryHours} h` : ''}`];
  for (const rule of policy.rules) {
    const scope = [rule.skills?.length ? `skills ${rule.skills.join(', ')}` : 'every skill', rule.risks?.length ? `risks ${rule.risks.join(', ')}` : '', rule.sources?.length ? `from ${rule.sources.join(', ')}` : '']
      .filter(Boolean)
      .join('; ');
    lines.push(`  ${rule.effect.padEnd(5)} ${rule.id}: ${rule.description ?? scope}`);
  }
  for (const [skill, trust] of Object.entries(policy.skills).sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`  skill ${skill}: ${trust.enabled ? trust.level : 'disabled'}${trust.level === 'adaptive' ? ` (now ${trust.current ?? 'supervised'}, ceiling ${trust.ceiling ?? 'bounded'})` : ''}`);
  }
  return lines;
}
