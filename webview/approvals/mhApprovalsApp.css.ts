import { css } from 'lit';

/** The approvals view's own layout; the shared look is in webview/shared/viewStyles.css.ts. */
export const approvalsAppStyles = css`
  .controls {
    margin-bottom: 8px;
  }
  .notice {
    margin: 6px 0;
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: 2px;
    margin: 6px 0;
  }
  .field label {
    display: block;
  }
  .arg-fields {
    border: 1px solid var(--vscode-contrastBorder, var(--vscode-panel-border, var(--vscode-widget-border, transparent)));
    border-radius: 2px;
    margin: 6px 0;
    padding: 4px 8px 6px;
    min-width: 0;
  }
  .arg-fields legend {
    color: var(--vscode-descriptionForeground);
    padding: 0 4px;
  }
  .arg-field {
    display: flex;
    flex-direction: column;
    gap: 2px;
    margin: 4px 0;
  }
  label.arg-field {
    flex-direction: row;
    align-items: center;
  }
  .reason,
  .preview-summary {
    white-space: pre-wrap;
  }
  .preview-summary {
    font-weight: 600;
  }
  /* A suggestion is the person's to act on, not an approval: marked apart by a side rule. */
  .proposal.suggested {
    border-left: 3px solid var(--vscode-textLink-foreground);
  }
  .proposal:focus,
  .decision-item:focus {
    outline: 1px solid var(--vscode-focusBorder);
    outline-offset: 1px;
  }
  .diff {
    font-family: var(--vscode-editor-font-family);
    font-size: var(--vscode-editor-font-size, inherit);
    background: var(--vscode-textCodeBlock-background);
    border: 1px solid var(--vscode-contrastBorder, transparent);
    max-height: 360px;
    overflow: auto;
    margin: 4px 0;
  }
  .diff .line {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    padding: 0 4px;
    border-left: 3px solid transparent;
  }
  .diff .add {
    background: var(--vscode-diffEditor-insertedLineBackground, var(--vscode-diffEditor-insertedTextBackground));
    border-left-color: var(--vscode-gitDecoration-addedResourceForeground, var(--vscode-diffEditor-insertedTextBorder, transparent));
    outline: 1px dashed var(--vscode-diffEditor-insertedTextBorder, transparent);
  }
  .diff .remove {
    background: var(--vscode-diffEditor-removedLineBackground, var(--vscode-diffEditor-removedTextBackground));
    border-left-color: var(--vscode-gitDecoration-deletedResourceForeground, var(--vscode-diffEditor-removedTextBorder, transparent));
    outline: 1px dashed var(--vscode-diffEditor-removedTextBorder, transparent);
  }
  .diff .hunk {
    color: var(--vscode-textPreformat-foreground, var(--vscode-descriptionForeground));
  }
  .diff .header,
  .diff .note {
    color: var(--vscode-descriptionForeground);
  }
  dl.command {
    display: grid;
    grid-template-columns: auto minmax(0, 1fr);
    gap: 2px 8px;
    margin: 4px 0;
  }
  dl.command dt {
    color: var(--vscode-descriptionForeground);
  }
  dl.command dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  .skill-controls {
    display: flex;
    flex-wrap: wrap;
    gap: 6px 12px;
    align-items: center;
    margin: 4px 0;
  }
  .risk-execute,
  .risk-write-external {
    background: var(--vscode-inputValidation-warningBackground, var(--vscode-badge-background));
    color: var(--vscode-foreground);
    border-color: var(--vscode-inputValidation-warningBorder, var(--vscode-contrastBorder, transparent));
  }
`;
