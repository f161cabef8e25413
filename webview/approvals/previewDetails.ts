import { html, nothing } from 'lit';
import type { ProposalView } from '../../src/protocol/decisionsProtocol';
import { classifyDiffLines } from './approvalsModel';

type Preview = NonNullable<ProposalView['preview']>;

/** Past this many lines a diff is cut (the rest is counted): a sidebar is not the place for a huge file. */
const DIFF_LINE_LIMIT = 1500;

/** What a skill would do, by kind: a diff line by line, the command and its folder, the calendar entry. All bound as text. */
export function renderPreviewDetails(preview: Preview) {
  return html`
    ${preview.files && preview.files.length > 0 ? html`<p class="facts"><span>Files:</span>${preview.files.map((f) => html`<code>${f}</code>`)}</p>` : nothing}
    ${preview.command
      ? html`<dl class="command">
          <dt>Command</dt><dd><code class="command-line">${preview.command.line}</code></dd>
          <dt>In folder</dt><dd><code class="command-cwd">${preview.command.cwd}</code></dd>
        </dl>`
      : nothing}
    ${preview.kind === 'diff' ? renderDiff(preview.details) : preview.details && preview.details !== preview.command?.line ? html`<pre class="details ${preview.kind}">${preview.details}</pre>` : nothing}
  `;
}

function renderDiff(diff: string) {
  const lines = classifyDiffLines(diff);
  const shown = lines.slice(0, DIFF_LINE_LIMIT);
  return html`
    <div class="diff" role="group" aria-label="File changes: lines starting with + are added, with - removed">
      ${shown.map((line) => html`<div class="line ${line.kind}">${line.text || ' '}</div>`)}
    </div>
    ${lines.length > shown.length ? html`<p class="muted">… ${lines.length - shown.length} more lines not shown.</p>` : nothing}
  `;
}
