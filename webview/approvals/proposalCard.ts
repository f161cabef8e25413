import { html, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import type { ProposalView } from '../../src/protocol/decisionsProtocol';
import { absoluteTime, relativeTime } from '../shared/relativeTime';
import { changedFields, formatArgs, parseEditedArgs } from './approvalsModel';
import { editableFields, type ArgField } from './argFields';
import { renderPreviewDetails } from './previewDetails';
import { actionLabel } from '../shared/actionLabel';

/** What the view keeps for one pending proposal while the person works on it. */
export interface ProposalUi {
  /** The arguments text, once the person typed in it. */
  argsText?: string;
  rejectReason: string;
  expanded: boolean;
  busy?: 'approve' | 'reject' | 'accept' | 'dismiss';
  /** Approve was pressed with arguments that cannot be sent: say so out loud. */
  argsAlert: boolean;
  /** A field's input that cannot go into the arguments (a number that is not one). */
  fieldError?: string;
  /** The field that input belongs to (focused when Approve is pressed). */
  badField?: string;
  error?: string;
}

export interface ProposalActions {
  editArgs(id: string, text: string): void;
  editField(id: string, text: string, field: ArgField, input: string | boolean): void;
  editReason(id: string, text: string): void;
  toggle(id: string, open: boolean): void;
  approve(proposal: ProposalView): void;
  reject(proposal: ProposalView): void;
  /** A suggestion: do it as the person's own request. */
  accept(proposal: ProposalView): void;
  dismiss(proposal: ProposalView): void;
}

/** The words of a card: a proposal asks for approval; a suggestion (trust `suggest`) is the person's to do or dismiss. */
interface CardWords {
  cardClass: string;
  source: string;
  proposed: string;
  argsLabel: string;
  argsNote: string;
  checkedAgain: string;
  reasonLabel: string;
  reasonClass: string;
  yes: { className: string; idle: string; edited: string; busy: string };
  no: { className: string; idle: string; busy: string };
}

const APPROVAL: CardWords = {
  cardClass: 'proposal card',
  source: 'from',
  proposed: 'proposed',
  argsLabel: 'Arguments (edit before approving)',
  argsNote: 'Approve runs these arguments as shown; the engine checks them again first.',
  checkedAgain: 'They are checked again when you approve.',
  reasonLabel: 'Reason for rejecting (optional; the twin learns from it)',
  reasonClass: 'reject-reason',
  yes: { className: 'approve', idle: 'Approve', edited: 'Approve with edits', busy: 'Approving…' },
  no: { className: 'reject', idle: 'Reject', busy: 'Rejecting…' },
};

const SUGGESTION: CardWords = {
  cardClass: 'proposal suggested card',
  source: 'suggested by',
  proposed: 'suggested',
  argsLabel: 'Arguments (edit before doing it)',
  argsNote: 'Do it runs these arguments as your own request; the engine checks them again first.',
  checkedAgain: 'They are checked again when you do it.',
  reasonLabel: 'Reason for dismissing (optional; the twin learns from it)',
  reasonClass: 'dismiss-reason',
  yes: { className: 'accept', idle: 'Do it', edited: 'Do it with edits', busy: 'Doing it…' },
  no: { className: 'dismiss', idle: 'Dismiss', busy: 'Dismissing…' },
};

/**
 * A proposal waiting for the person: who asks for what and why, the preview, the editable
 * arguments, and Approve / Reject — or, for the twin's suggestion, Do it / Dismiss.
 */
export function renderProposal(proposal: ProposalView, ui: ProposalUi, actions: ProposalActions, now: Date) {
  const suggestion = proposal.status === 'suggested';
  const words = suggestion ? SUGGESTION : APPROVAL;
  const yes = () => (suggestion ? actions.accept(proposal) : actions.approve(proposal));
  const no = () => (suggestion ? actions.dismiss(proposal) : actions.reject(proposal));
  const id = proposal.id;
  const domId = `p-${cssSafe(id)}`;
  const text = ui.argsText ?? formatArgs(proposal.args);
  const edited = ui.argsText !== undefined && ui.argsText !== formatArgs(proposal.args);
  const parsed = edited ? parseEditedArgs(text) : undefined;
  const changes = parsed?.ok ? changedFields(proposal.args, parsed.args) : [];
  const invalid = parsed !== undefined && !parsed.ok;
  const busy = ui.busy !== undefined;
  const yesText = ui.busy === 'approve' || ui.busy === 'accept' ? words.yes.busy : changes.length > 0 ? words.yes.edited : words.yes.idle;
  const noText = ui.busy === 'reject' || ui.busy === 'dismiss' ? words.no.busy : words.no.idle;
  return html`
    <li class=${words.cardClass} data-id=${id} tabindex="-1" aria-labelledby=${`${domId}-title`}>
      <div class="card-head">
        <h4 id=${`${domId}-title`}>${proposal.skillTitle}</h4>
        ${proposal.dryRun ? html`<span class="badge" title=${suggestion ? 'Doing it only previews it; nothing changes' : 'Approving only previews it; nothing changes'}>dry run</span>` : nothing}
      </div>
      <p class="facts">
        <span class="source">${words.source} ${proposal.source}</span>
        <span class="expiry" title=${absoluteTime(proposal.expiresAt)}>${Date.parse(proposal.expiresAt) <= now.getTime() ? 'expired' : `expires ${relativeTime(proposal.expiresAt, now)}`}</span>
        <span title=${absoluteTime(proposal.createdAt)}>${words.proposed} ${relativeTime(proposal.createdAt, now)}</span>
      </p>
      <p class="reason"><span class="muted">Why:</span> ${proposal.reason}</p>
      <p class="decision muted">Policy: ${proposal.decision.reason} (${proposal.decision.rule}, trust ${proposal.decision.trust})</p>
      ${proposal.preview
        ? html`<p class="preview-summary">${proposal.preview.summary}</p>
            <details class="preview-details" ?open=${ui.expanded} @toggle=${(e: Event) => actions.toggle(id, (e.target as HTMLDetailsElement).open)}>
              <summary>Preview: exactly what it would do</summary>
              ${renderPreviewDetails(proposal.preview)}
            </details>`
        : html`<p class="muted">No preview was made for this proposal.</p>`}
      ${renderFields(proposal, text, parsed, ui, actions, domId, busy)}
      <div class="field">
        <label for=${`${domId}-args`}>${words.argsLabel}</label>
        <textarea id=${`${domId}-args`} class="args-editor" spellcheck="false" rows=${Math.min(10, Math.max(3, text.split('\n').length))}
          .value=${live(text)} ?disabled=${busy} aria-invalid=${invalid ? 'true' : 'false'} aria-describedby=${`${domId}-args-note`}
          @input=${(e: Event) => actions.editArgs(id, (e.target as HTMLTextAreaElement).value)}></textarea>
        <p id=${`${domId}-args-note`} class=${invalid ? 'args-error error' : 'args-note muted'} role=${invalid && ui.argsAlert ? 'alert' : nothing}>
          ${parsed && !parsed.ok
            ? parsed.error
            : changes.length > 0
              ? `Changed: ${changes.map((c) => `${c.field} (${c.change})`).join(', ')}. ${words.checkedAgain}`
              : words.argsNote}
        </p>
      </div>
      <div class="field">
        <label for=${`${domId}-reason`}>${words.reasonLabel}</label>
        <input type="text" id=${`${domId}-reason`} class=${words.reasonClass} .value=${live(ui.rejectReason)} ?disabled=${busy}
          @input=${(e: Event) => actions.editReason(id, (e.target as HTMLInputElement).value)} />
      </div>
      <div class="actions">
        <vscode-button class=${words.yes.className} ?disabled=${busy} aria-label=${actionLabel(yesText, proposal.skillTitle)} @click=${yes}>${yesText}</vscode-button>
        <vscode-button class=${words.no.className} secondary ?disabled=${busy} aria-label=${actionLabel(noText, proposal.skillTitle)} @click=${no}>${noText}</vscode-button>
      </div>
      ${ui.error ? html`<p class="error" role="alert">${ui.error}</p>` : nothing}
    </li>
  `;
}

/** One input per top-level text, number or switch of the arguments; editing one rewrites the JSON below. */
function renderFields(proposal: ProposalView, text: string, parsed: ReturnType<typeof parseEditedArgs> | undefined, ui: ProposalUi, actions: ProposalActions, domId: string, busy: boolean) {
  const args = parsed === undefined ? proposal.args : parsed.ok ? parsed.args : undefined;
  const fields = args ? editableFields(args) : editableFields(proposal.args);
  if (fields.length === 0) return nothing;
  const disabled = busy || args === undefined;
  return html`
    <fieldset class="arg-fields" ?disabled=${disabled} aria-describedby=${`${domId}-fields-note`}>
      <legend>Fields</legend>
      ${fields.map((field) => {
        const inputId = `${domId}-field-${cssSafe(field.name)}`;
        const edit = (input: string | boolean) => actions.editField(proposal.id, text, field, input);
        if (field.kind === 'boolean') {
          return html`<label class="arg-field" for=${inputId}>
            <input type="checkbox" id=${inputId} data-field=${field.name} .checked=${field.value === true} @change=${(e: Event) => edit((e.target as HTMLInputElement).checked)} />
            ${field.name}
          </label>`;
        }
        const value = String(field.value);
        return html`<div class="arg-field">
          <label for=${inputId}>${field.name}</label>
          ${field.kind === 'multiline'
            ? html`<textarea id=${inputId} data-field=${field.name} rows=${Math.min(8, Math.max(2, value.split('\n').length))} .value=${value}
                @input=${(e: Event) => edit((e.target as HTMLTextAreaElement).value)}></textarea>`
            : html`<input type="text" id=${inputId} data-field=${field.name} inputmode=${field.kind === 'number' ? 'decimal' : nothing} .value=${value}
                aria-invalid=${ui.badField === field.name ? 'true' : 'false'}
                @input=${(e: Event) => edit((e.target as HTMLInputElement).value)} />`}
        </div>`;
      })}
      <p id=${`${domId}-fields-note`} class=${ui.fieldError ? 'field-error error' : 'muted'} role=${ui.fieldError ? 'alert' : nothing}>
        ${ui.fieldError ?? (args === undefined ? 'Fix the JSON below to edit by field.' : 'Lists and nested values are edited in the JSON below.')}
      </p>
    </fieldset>
  `;
}

/** Ids become parts of element ids: keep them to characters that need no escaping. */
export function cssSafe(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, '_');
}
