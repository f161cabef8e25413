import { css } from 'lit';

/**
 * What the sidebar views share: theme colours only from VS Code's variables (light, dark and high
 * contrast, where `contrastBorder` is set), visible keyboard focus, native form controls dressed
 * as VS Code's, and nothing with a fixed width, so a 250 px sidebar wraps instead of breaking.
 */
export const viewStyles = css`
  :host {
    display: block;
    padding: 8px 12px;
    color: var(--vscode-foreground);
    font-family: var(--vscode-font-family);
    font-size: var(--vscode-font-size);
    overflow-wrap: anywhere;
  }
  h2 {
    font-size: 1.1em;
    margin: 4px 0 8px;
    font-weight: 600;
  }
  h3 {
    font-size: 1em;
    margin: 14px 0 6px;
    font-weight: 600;
  }
  h4 {
    font-size: 1em;
    margin: 0;
    font-weight: 600;
  }
  p {
    margin: 4px 0;
  }
  ul {
    list-style: none;
    padding: 0;
    margin: 6px 0;
  }
  .card {
    border: 1px solid var(--vscode-contrastBorder, var(--vscode-panel-border, var(--vscode-widget-border, transparent)));
    background: var(--vscode-sideBar-background, transparent);
    border-radius: 4px;
    padding: 8px;
    margin: 8px 0;
    min-width: 0;
  }
  .card:focus-visible,
  :focus-visible {
    outline: 1px solid var(--vscode-focusBorder);
    outline-offset: 1px;
  }
  .muted {
    color: var(--vscode-descriptionForeground);
  }
  .facts {
    display: flex;
    flex-wrap: wrap;
    gap: 2px 8px;
    color: var(--vscode-descriptionForeground);
    font-size: 0.92em;
    margin: 4px 0;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
    margin: 8px 0 2px;
    align-items: center;
  }
  .banner {
    border-left: 3px solid var(--vscode-editorInfo-foreground, var(--vscode-focusBorder));
    background: var(--vscode-textBlockQuote-background, transparent);
    padding: 6px 8px;
    margin: 8px 0;
  }
  .banner.warning {
    border-left-color: var(--vscode-editorWarning-foreground);
  }
  .error {
    color: var(--vscode-errorForeground);
    border-left: 3px solid var(--vscode-inputValidation-errorBorder, var(--vscode-errorForeground));
    padding: 4px 8px;
    margin: 6px 0;
    white-space: pre-wrap;
  }
  .tone-ok {
    color: var(--vscode-testing-iconPassed, var(--vscode-charts-green));
  }
  .tone-bad {
    color: var(--vscode-errorForeground);
  }
  .tone-warn {
    color: var(--vscode-editorWarning-foreground);
  }
  .loading {
    display: flex;
    align-items: center;
    gap: 8px;
    margin: 12px 0;
  }
  .card-head {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 4px 8px;
  }
  button.link {
    font: inherit;
    color: var(--vscode-textLink-foreground);
    background: none;
    border: none;
    padding: 0;
    cursor: pointer;
    text-align: start;
    text-decoration: underline;
  }
  button.link:hover {
    color: var(--vscode-textLink-activeForeground);
  }
  textarea,
  input[type='text'],
  input[type='date'],
  select {
    box-sizing: border-box;
    max-width: 100%;
    font: inherit;
    color: var(--vscode-input-foreground);
    background: var(--vscode-input-background);
    border: 1px solid var(--vscode-input-border, var(--vscode-contrastBorder, transparent));
    border-radius: 2px;
    padding: 3px 5px;
  }
  textarea,
  input[type='text'] {
    width: 100%;
  }
  textarea {
    font-family: var(--vscode-editor-font-family);
    font-size: var(--vscode-editor-font-size, inherit);
    resize: vertical;
  }
  select {
    color: var(--vscode-dropdown-foreground);
    background: var(--vscode-dropdown-background);
    border-color: var(--vscode-dropdown-border, var(--vscode-contrastBorder, transparent));
  }
  textarea:focus,
  input[type='text']:focus,
  select:focus {
    outline: 1px solid var(--vscode-focusBorder);
    outline-offset: -1px;
  }
  [aria-invalid='true'] {
    border-color: var(--vscode-inputValidation-errorBorder, var(--vscode-errorForeground));
  }
  input[type='checkbox'] {
    accent-color: var(--vscode-checkbox-background, var(--vscode-focusBorder));
    margin: 0 4px 0 0;
  }
  label {
    display: inline-flex;
    align-items: center;
    flex-wrap: wrap;
    gap: 4px;
  }
  pre,
  code {
    font-family: var(--vscode-editor-font-family);
    font-size: var(--vscode-editor-font-size, inherit);
  }
  pre {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    background: var(--vscode-textCodeBlock-background);
    padding: 6px;
    margin: 4px 0;
    max-height: 320px;
    overflow: auto;
  }
  details > summary {
    cursor: pointer;
    color: var(--vscode-descriptionForeground);
    margin: 4px 0;
  }
  .badge {
    display: inline-block;
    border: 1px solid var(--vscode-contrastBorder, transparent);
    background: var(--vscode-badge-background);
    color: var(--vscode-badge-foreground);
    border-radius: 8px;
    padding: 0 6px;
    font-size: 0.85em;
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;
