import { css } from 'lit';

export const chatAppStyles = css`
  :host {
    display: block;
    padding: 8px 12px;
    color: var(--vscode-foreground);
    font-family: var(--vscode-font-family);
    font-size: var(--vscode-font-size);
  }
  #engine-details summary {
    cursor: pointer;
    color: var(--vscode-descriptionForeground);
    margin: 4px 0;
  }
  .chat {
    margin-top: 12px;
    border-top: 1px solid var(--vscode-panel-border, transparent);
    padding-top: 8px;
  }
  .options {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    margin-bottom: 6px;
  }
  select {
    background: var(--vscode-dropdown-background);
    color: var(--vscode-dropdown-foreground);
    border: 1px solid var(--vscode-dropdown-border);
    font: inherit;
  }
  button.link {
    background: none;
    border: none;
    color: var(--vscode-textLink-foreground);
    cursor: pointer;
    padding: 0;
    font: inherit;
    text-align: left;
  }
  #conversations {
    padding-left: 16px;
  }
  #composer {
    width: 100%;
    margin: 6px 0;
  }
  h2 {
    font-size: 1.1em;
    margin: 4px 0 8px;
    font-weight: 600;
  }
  .status {
    display: flex;
    align-items: center;
    gap: 6px;
    margin: 4px 0;
  }
  .dot {
    width: 8px;
    height: 8px;
    border-radius: 50%;
    flex: none;
    background: var(--vscode-disabledForeground);
  }
  .dot.ready {
    background: var(--vscode-testing-iconPassed, var(--vscode-charts-green));
  }
  .dot.failed,
  .dot.crashed {
    background: var(--vscode-errorForeground);
  }
  .path {
    color: var(--vscode-descriptionForeground);
    word-break: break-all;
    margin: 4px 0 12px;
  }
  .error {
    color: var(--vscode-errorForeground);
    border-left: 3px solid var(--vscode-inputValidation-errorBorder, var(--vscode-errorForeground));
    padding: 4px 8px;
    margin: 8px 0;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
    margin: 8px 0;
  }
  ul {
    list-style: none;
    padding: 0;
    margin: 8px 0;
  }
  li {
    margin: 4px 0;
    overflow-wrap: anywhere;
  }
  .outcome-ok {
    color: var(--vscode-testing-iconPassed, var(--vscode-charts-green));
  }
  .outcome-warn {
    color: var(--vscode-editorWarning-foreground);
  }
  .outcome-fail {
    color: var(--vscode-errorForeground);
  }
  .note {
    color: var(--vscode-descriptionForeground);
    margin-top: 16px;
  }
`;
