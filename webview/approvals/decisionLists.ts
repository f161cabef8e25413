import { html, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import type { DecisionsState, ProposalView } from '../../src/protocol/decisionsProtocol';
import { absoluteTime, relativeTime } from '../shared/relativeTime';
import { offersUndo, outcomeFacts, statusLabel, TRUST_LEVELS, trustMeaning, type TrustLevel } from './approvalsModel';
import { cssSafe } from './proposalCard';
import { actionLabel } from '../shared/actionLabel';

type Skill = DecisionsState['skills'][number];
type Suggestion = DecisionsState['suggestions'][number];

/** A decision already made: its status, the rule, the outcome, the output folded away, and Undo when possible. */
export function renderRecentItem(proposal: ProposalView, ui: { busy: boolean; error?: string }, undo: (p: ProposalView) => void, now: Date) {
  const status = statusLabel(proposal.status);
  const domId = `r-${cssSafe(proposal.id)}`;
  return html`
    <li class="decision-item card" data-id=${proposal.id} data-status=${proposal.status} tabindex="-1" aria-labelledby=${`${domId}-title`}>
      <div class="card-head">
        <h4 id=${`${domId}-title`}>${proposal.skillTitle}</h4>
        <span class="status tone-${status.tone}">${status.label}</span>
      </div>
      <p class="facts">
        <span>from ${proposal.source}</span>
        <span title=${absoluteTime(proposal.updatedAt)}>${relativeTime(proposal.updatedAt, now)}</span>
        ${outcomeFacts(proposal).map((fact) => html`<span>${fact}</span>`)}
      </p>
      ${proposal.preview ? html`<p class="preview-summary">${proposal.preview.summary}</p>` : nothing}
      ${proposal.error ? html`<p class="error">${proposal.error}</p>` : nothing}
      ${proposal.output
        ? html`<details class="output"><summary>Output</summary><pre>${proposal.output}</pre></details>`
        : nothing}
      ${offersUndo(proposal)
        ? html`<div class="actions">
            <vscode-button class="undo" secondary ?disabled=${ui.busy} aria-label=${actionLabel(ui.busy ? 'Undoing…' : 'Undo', proposal.skillTitle)} @click=${() => undo(proposal)}>
              ${ui.busy ? 'Undoing…' : 'Undo'}
            </vscode-button>
          </div>`
        : nothing}
      ${ui.error ? html`<p class="error" role="alert">${ui.error}</p>` : nothing}
    </li>
  `;
}

/** A suggestion to change a skill's trust, earned by repeated identical decisions: Apply or Dismiss, never applied silently. */
export function renderSuggestion(suggestion: Suggestion, title: string, ui: { busy: boolean; error?: string }, apply: (s: Suggestion) => void, dismiss: (s: Suggestion) => void) {
  return html`
    <li class="suggestion card" data-skill=${suggestion.skill}>
      <p><strong>${title}</strong>: ${suggestion.from} → ${suggestion.to}</p>
      <p class="muted">${suggestion.reason} (${suggestion.evidence} ${suggestion.evidence === 1 ? 'decision' : 'decisions'})</p>
      <div class="actions">
        <vscode-button class="apply-suggestion" ?disabled=${ui.busy} aria-label=${actionLabel(ui.busy ? 'Applying…' : 'Apply', `set ${title} to ${suggestion.to}`)} @click=${() => apply(suggestion)}>
          ${ui.busy ? 'Applying…' : 'Apply'}
        </vscode-button>
        <vscode-button class="dismiss-suggestion" secondary aria-label=${actionLabel('Dismiss', `the suggestion for ${title}`)} @click=${() => dismiss(suggestion)}>Dismiss</vscode-button>
      </div>
      ${ui.error ? html`<p class="error" role="alert">${ui.error}</p>` : nothing}
    </li>
  `;
}

const RISK_LABELS: Record<Skill['risk'], string> = {
  read: 'reads only',
  'write-local': 'writes locally',
  'write-external': 'writes outside',
  execute: 'runs commands',
};

export interface SkillChange {
  level?: TrustLevel;
  ceiling?: TrustLevel;
  enabled?: boolean;
}

/** A skill with its risk, the enabled switch and its trust level (and, when adaptive, where it stands and its ceiling). */
export function renderSkill(skill: Skill, ui: { busy: boolean; error?: string }, change: (skill: Skill, to: SkillChange) => void) {
  const domId = `s-${cssSafe(skill.id)}`;
  return html`
    <li class="skill card" data-skill=${skill.id} aria-labelledby=${`${domId}-title`}>
      <div class="card-head">
        <h4 id=${`${domId}-title`}>${skill.title}</h4>
        <span class="badge risk risk-${skill.risk}" title=${`risk: ${skill.risk}`}>${RISK_LABELS[skill.risk]}</span>
      </div>
      <p class="muted">${skill.description}</p>
      <div class="skill-controls">
        <label>
          <input type="checkbox" class="skill-enabled" .checked=${live(skill.enabled)} ?disabled=${ui.busy}
            @change=${(e: Event) => change(skill, { enabled: (e.target as HTMLInputElement).checked })} />
          Enabled
        </label>
        <label>
          Trust
          <select class="trust-level" .value=${live(skill.level)} ?disabled=${ui.busy} aria-describedby=${`${domId}-meaning`}
            @change=${(e: Event) => change(skill, { level: (e.target as HTMLSelectElement).value as TrustLevel })}>
            ${TRUST_LEVELS.map((level) => html`<option value=${level} ?selected=${level === skill.level}>${level}</option>`)}
          </select>
        </label>
        ${skill.level === 'adaptive'
          ? html`<label>
              Ceiling
              <select class="trust-ceiling" .value=${live(skill.ceiling ?? 'bounded')} ?disabled=${ui.busy}
                @change=${(e: Event) => change(skill, { ceiling: (e.target as HTMLSelectElement).value as TrustLevel })}>
                ${TRUST_LEVELS.filter((l) => l !== 'adaptive').map((level) => html`<option value=${level} ?selected=${level === (skill.ceiling ?? 'bounded')}>${level}</option>`)}
              </select>
            </label>`
          : nothing}
      </div>
      <p id=${`${domId}-meaning`} class="muted">
        ${skill.level === 'adaptive' ? `Adaptive: now ${skill.current ?? 'supervised'}, up to ${skill.ceiling ?? 'bounded'}.` : `${capitalize(skill.level)}: ${trustMeaning(skill.level)}.`}
        ${skill.enabled ? '' : ' Disabled: never runs.'}
      </p>
      ${ui.error ? html`<p class="error" role="alert">${ui.error}</p>` : nothing}
    </li>
  `;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
