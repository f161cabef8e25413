import { html } from 'lit';

export interface GuidanceActions {
  selectProvider(): void;
}

/** Nothing configured: what works offline, what waits for a model, and how to set up Ollama. */
export function renderOfflineGuidance(actions: GuidanceActions) {
  return html`
    <section id="offline-guidance" class="card" aria-labelledby="offline-heading">
      <h3 id="offline-heading">No model is configured: MetaHuman runs offline</h3>
      <p>Nothing is contacted until you choose a provider.</p>
      <p><strong>Works offline:</strong> capturing memories, search, and chat answers built from your memories with their sources.</p>
      <p><strong>Waits for a model:</strong> reflections, dreams and model-written summaries.</p>
      <h4>Set up Ollama (local, free)</h4>
      <ol class="steps">
        <li>Install Ollama from ollama.com and start it.</li>
        <li>In a terminal, pull a chat model: <code>ollama pull llama3.2</code></li>
        <li>Choose Ollama below, then press Test connection.</li>
      </ol>
      <p class="muted">An OpenAI-compatible server (LM Studio, llama.cpp, vLLM) or a chat model VS Code offers (e.g. Copilot) work too.</p>
      <div class="actions">
        <vscode-button id="select-provider" @click=${() => actions.selectProvider()}>Select Model Provider…</vscode-button>
      </div>
    </section>
  `;
}
