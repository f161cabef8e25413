import { css } from 'lit';

/** The agents view's own layout; the shared look is in webview/shared/viewStyles.css.ts. */
export const agentsAppStyles = css`
  .live-head,
  .section-head {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 4px 8px;
  }
  .badge.running {
    background: var(--vscode-progressBar-background, var(--vscode-badge-background));
    color: var(--vscode-button-foreground, var(--vscode-badge-foreground));
  }
  .summary {
    margin: 2px 0;
  }
  #live-output {
    border: 1px solid var(--vscode-contrastBorder, var(--vscode-panel-border, transparent));
    border-radius: 4px;
    padding: 4px 8px;
    max-height: 480px;
    overflow-y: auto;
  }
  .live-run {
    padding: 6px 0;
  }
  .live-run + .live-run {
    border-top: 1px solid var(--vscode-panel-border, var(--vscode-contrastBorder, transparent));
  }
  .live-run.ended .live-head,
  .live-run.done .live-head {
    opacity: 0.85;
  }
  .progress {
    color: var(--vscode-descriptionForeground);
    font-size: 0.92em;
  }
  .progress::before {
    content: '› ';
  }
  .draft,
  .record {
    margin: 6px 0;
    border-left: 2px solid var(--vscode-textBlockQuote-border, var(--vscode-focusBorder));
    padding-left: 6px;
  }
  .draft {
    border-left-style: dashed;
  }
  .text {
    white-space: pre-wrap;
    line-height: 1.45;
  }
  .cites code {
    font-size: 0.85em;
  }
  .written-records {
    list-style: none;
    margin: 2px 0;
    padding: 0;
    font-size: 0.92em;
  }
  .written-records li {
    overflow-wrap: anywhere;
  }
  #recent-runs > li {
    border-bottom: 1px solid var(--vscode-panel-border, transparent);
    padding: 4px 0;
  }
`;
