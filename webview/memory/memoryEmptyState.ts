import { html } from 'lit';
import type { MemoryPanelAction } from '../../src/protocol/memoryPanelViewProtocol';

/**
 * What a new person sees before the twin remembers anything: the four ways memories arrive, each
 * with the button that starts it.
 */
export function renderNewTwin(run: (action: MemoryPanelAction) => void) {
  return html`<section id="memory-empty" class="empty-state" aria-labelledby="empty-heading">
    <h3 id="empty-heading">No memories yet</h3>
    <p>Your twin remembers what you tell it and what you do. Memories arrive four ways:</p>
    <ul class="ways">
      <li>
        <strong>Coding sessions.</strong> While capture is on, MetaHuman notes the files you edit, commits, test runs and
        errors as events. <vscode-button secondary class="way" @click=${() => run('importHistory')}>Import this repository's history</vscode-button>
      </li>
      <li>
        <strong>Remember This.</strong> Select text in an editor and run "MetaHuman: Remember This", or write a note.
        <vscode-button secondary class="way" @click=${() => run('addNote')}>Add a note</vscode-button>
      </li>
      <li>
        <strong>The inbox folder.</strong> Drop Markdown, text, JSON or PDF files into the inbox folder; the ingestor agent
        takes them in. <vscode-button secondary class="way" @click=${() => run('openInboxSettings')}>Show the inbox setting</vscode-button>
      </li>
      <li>
        <strong>Chat.</strong> Conversations with your twin are remembered too.
        <vscode-button secondary class="way" @click=${() => run('openChat')}>Open the chat</vscode-button>
      </li>
    </ul>
  </section>`;
}

/** Filters that match nothing: say so and offer to clear them. */
export function renderNoMatch(clear: () => void) {
  return html`<section id="memory-no-match" class="empty-state">
    <p>No memory matches these words and filters.</p>
    <div class="actions"><vscode-button id="clear-filters" secondary @click=${clear}>Clear search and filters</vscode-button></div>
  </section>`;
}
