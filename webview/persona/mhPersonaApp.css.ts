import { css } from 'lit';

/** The persona editor's own layout; the shared look is in webview/shared/viewStyles.css.ts. */
export const personaAppStyles = css`
  :host {
    max-width: 900px;
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: 2px;
    margin: 6px 0;
    min-width: 0;
    flex: 1 1 140px;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 0 10px;
    align-items: flex-start;
  }
  .hint {
    font-size: 0.9em;
  }
  .field-problem {
    margin: 2px 0;
  }
  fieldset {
    border: 1px solid var(--vscode-contrastBorder, var(--vscode-panel-border, var(--vscode-widget-border, transparent)));
    border-radius: 4px;
    margin: 8px 0;
    padding: 4px 8px 8px;
    min-width: 0;
  }
  legend {
    padding: 0 4px;
    color: var(--vscode-descriptionForeground);
  }
  .item {
    margin: 6px 0;
  }
  .remove-item {
    margin-top: 4px;
  }
  .save-bar {
    position: sticky;
    bottom: 0;
    background: var(--vscode-editor-background);
    padding: 6px 0;
    border-top: 1px solid var(--vscode-contrastBorder, var(--vscode-panel-border, transparent));
  }
  .version {
    padding: 6px 0;
    border-bottom: 1px solid var(--vscode-contrastBorder, var(--vscode-panel-border, transparent));
  }
  .version-head {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 8px;
    align-items: center;
  }
  .version-title {
    font-weight: 600;
  }
  .changes {
    margin: 4px 0;
  }
  .change.added code,
  .line-added {
    color: var(--vscode-gitDecoration-addedResourceForeground, var(--vscode-charts-green));
  }
  .change.removed code,
  .line-removed {
    color: var(--vscode-gitDecoration-deletedResourceForeground, var(--vscode-errorForeground));
  }
`;
