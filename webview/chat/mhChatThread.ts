import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import type { ChatTurn } from './chatTurn';
import { renderMarkdown } from './renderMarkdown';

/**
 * The conversation: questions as plain text, answers as sanitized markdown with numbered citation
 * links, thinking stages folded away, and what went into the prompt on request. Clicking a
 * citation fires `open-memory` with the memory's id.
 */
@customElement('mh-chat-thread')
export class MhChatThread extends LitElement {
  static override styles = css`
    :host { display: block; }
    .turn { margin: 0 0 14px; }
    .question { white-space: pre-wrap; background: var(--vscode-input-background); border: 1px solid var(--vscode-input-border, transparent);
      border-radius: 4px; padding: 6px 8px; margin-bottom: 6px; }
    .answer { line-height: 1.45; overflow-wrap: anywhere; }
    .answer pre { background: var(--vscode-textCodeBlock-background); padding: 6px; overflow-x: auto; }
    .answer code { font-family: var(--vscode-editor-font-family); }
    a.citation { color: var(--vscode-textLink-foreground); text-decoration: none; font-size: 0.85em; vertical-align: super; }
    a.citation:focus { outline: 1px solid var(--vscode-focusBorder); }
    details { margin: 4px 0; color: var(--vscode-descriptionForeground); }
    .stage { white-space: pre-wrap; margin: 2px 0 6px; }
    .meta { color: var(--vscode-descriptionForeground); font-size: 0.85em; display: flex; gap: 8px; align-items: center; }
    .error { color: var(--vscode-errorForeground); }
    button.link { background: none; border: none; color: var(--vscode-textLink-foreground); cursor: pointer; padding: 0; font: inherit; }
  `;

  @property({ attribute: false }) turns: ChatTurn[] = [];

  private onAnswerClick(event: Event): void {
    const target = (event.target as HTMLElement | null)?.closest('a.citation');
    if (!target) return;
    event.preventDefault();
    const id = target.getAttribute('data-memory-id');
    if (id) this.dispatchEvent(new CustomEvent('open-memory', { detail: { id }, bubbles: true, composed: true }));
  }

  private renderTurn(turn: ChatTurn, index: number) {
    const { html: answerHtml } = renderMarkdown(turn.answer);
    return html`
      <div class="turn" data-turn=${index}>
        <div class="question" aria-label="You asked">${turn.question}</div>
        ${turn.stages.length > 0
          ? html`<details class="thinking"><summary>Thinking (${turn.stages.length} ${turn.stages.length === 1 ? 'stage' : 'stages'})</summary>
              ${turn.stages.map((s) => html`<div class="stage"><strong>${s.name}</strong>: ${s.text}</div>`)}</details>`
          : nothing}
        <div class="answer" role="article" aria-label="MetaHuman answered" @click=${(e: Event) => this.onAnswerClick(e)}>${unsafeHTML(answerHtml)}</div>
        ${turn.error ? html`<div class="error" role="alert">${turn.error}</div>` : nothing}
        <div class="meta">
          ${turn.state === 'streaming' ? html`<vscode-progress-ring aria-label="Answering"></vscode-progress-ring>` : nothing}
          ${turn.state === 'stopped' ? html`<span>stopped</span>` : nothing}
          ${turn.model ? html`<span>${turn.model}</span>` : nothing}
          ${turn.citations.length > 0 ? html`<span>${turn.citations.length} cited</span>` : nothing}
          ${turn.state !== 'streaming' && turn.answer
            ? html`<button class="link copy" @click=${() => void navigator.clipboard?.writeText(turn.answer)} aria-label="Copy the answer">Copy</button>`
            : nothing}
        </div>
        ${turn.context
          ? html`<details class="context"><summary>Context (${turn.context.memories.length} memories)</summary>
              <ul>${turn.context.memories.map((m) => html`<li>${m.score.toFixed(2)} · ${m.preview}</li>`)}</ul>
              ${turn.context.persona.length ? html`<div>Persona: ${turn.context.persona.join(', ')}</div>` : nothing}
              ${turn.context.editorFile ? html`<div>Editor: ${turn.context.editorFile}</div>` : nothing}</details>`
          : nothing}
      </div>
    `;
  }

  override render() {
    return html`${this.turns.map((t, i) => this.renderTurn(t, i))}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mh-chat-thread': MhChatThread;
  }
}
