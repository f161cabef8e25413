/**
 * The policy's verdict on one proposal: allow, ask or deny, naming the rule that decided and why
 * in one sentence. Pure: everything it needs is in `DecisionInput`, so the same proposal is judged
 * the same way when it is made and again when it is approved. In order:
 *
 * 1. a disabled skill is denied (`skill:disabled`);
 * 2. deny rules (`rule:<id>`), then the workspace guard on path arguments (`path:outside-workspace`,
 *    which no policy edit can switch off);
 * 3. paused autonomy denies everything but the person's own requests (`autonomy:paused`);
 * 4. a broken policy file asks (`policy:broken`), never allows;
 * 5. the person's own request (`mh skills run`) is allowed (`person:request`);
 * 6. trust: `observe` is denied (noted only), `suggest` and `supervised` ask (at `suggest` the engine
 *    keeps the proposal as a suggestion for the person to act on, never to approve); `bounded` (or an
 *    `adaptive` skill standing at bounded) asks when an ask rule fires or the skill needs more trust,
 *    and is allowed only when an allow rule covers it; a command line is allowed only when every
 *    command in it is listed by an allow rule (`command:unmatched` otherwise), and never on Windows
 *    (`command:windows`), where cmd.exe runs it: the allow-list reads POSIX shell quoting, and cmd.exe
 *    splits `'x & calc'` at the `&` and expands `%VAR%` inside quotes.
 *
 * `platform` is where the command would run (the engine decides on the machine that runs it).
 */
import type { DecisionInput, DecisionResult, Decision } from './decisionTypes';
import { effectiveTrust } from './effectiveTrust';
import { allowanceHolds, commandAllowance, outsideText, restrictionFires, ruleContext } from './policyRules';
import { compareTrust } from './trust';

export function decide(input: DecisionInput, platform: NodeJS.Platform = process.platform): DecisionResult {
  const { proposal, manifest, policy } = input;
  const skill = proposal.skill;
  const setting = policy.skills[skill];
  const trust = effectiveTrust(setting);
  const result = (decision: Decision, rule: string, reason: string): DecisionResult => ({ decision, rule, reason, trust });

  if (setting && !setting.enabled) return result('deny', 'skill:disabled', `The ${skill} skill is disabled in the policy.`);

  const ctx = ruleContext(input);
  for (const rule of policy.rules) {
    if (rule.effect !== 'deny') continue;
    const why = restrictionFires(rule, ctx);
    if (why) return result('deny', `rule:${rule.id}`, `Rule "${rule.id}" denies it: ${why}.`);
  }
  if (ctx.outside.length) return result('deny', 'path:outside-workspace', `Denied: ${outsideText(ctx)}.`);

  if (input.paused && proposal.source !== 'person') return result('deny', 'autonomy:paused', 'Autonomy is paused: nothing the twin proposes runs until you resume it.');
  if (input.policyError) return result('ask', 'policy:broken', `The policy cannot be used, so everything asks: ${input.policyError}`);
  if (proposal.source === 'person') return result('allow', 'person:request', `You asked for this ${skill} run yourself.`);

  if (!setting) return result('ask', 'trust:supervised', `The policy sets no trust for the ${skill} skill, so it asks.`);
  switch (trust) {
    case 'observe':
      return result('deny', 'trust:observe', `The ${skill} skill is at observe: it only notes what it would do.`);
    case 'suggest':
      return result('ask', 'trust:suggest', `The ${skill} skill is at suggest: it proposes and you act.`);
    case 'supervised':
      return result('ask', 'trust:supervised', `The ${skill} skill is supervised: it acts after your approval.`);
    default:
      break;
  }

  for (const rule of policy.rules) {
    if (rule.effect !== 'ask') continue;
    const why = restrictionFires(rule, ctx);
    if (why) return result('ask', `rule:${rule.id}`, `Rule "${rule.id}" asks: ${why}.`);
  }
  if (compareTrust(trust, manifest.requiredTrust) < 0) {
    return result('ask', `trust:${trust}`, `The ${skill} skill needs ${manifest.requiredTrust} trust to act alone; it has ${trust}.`);
  }
  if (ctx.command) {
    if (platform === 'win32') {
      return result('ask', 'command:windows', 'On Windows the command runs in cmd.exe, whose quoting the allow-list cannot judge, so no shell line runs alone: it asks.');
    }
    const match = commandAllowance(policy.rules, { ...ctx, command: ctx.command });
    if (!match.allowed) return result('ask', 'command:unmatched', `${match.reason} Commands no allow rule lists always ask.`);
    return result('allow', `rule:${match.ruleIds.join('+')}`, `Allowed at ${trust} trust: ${lowerFirst(match.reason)}`);
  }
  const allowing = policy.rules.find((rule) => rule.effect === 'allow' && allowanceHolds(rule, ctx));
  if (allowing) return result('allow', `rule:${allowing.id}`, `Allowed at ${trust} trust by rule "${allowing.id}"${allowing.description ? `: ${lowerFirst(allowing.description)}` : '.'}`);
  return result('ask', `trust:${trust}`, `The ${skill} skill is ${trust}, but no allow rule covers this proposal, so it asks.`);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
