import { css } from 'lit';

/** The Memory panel's layout: list and details side by side when there is room, stacked when not. */
export const memoryAppStyles = css`
  .filters {
    display: flex;
    flex-wrap: wrap;
    gap: 6px 8px;
    align-items: end;
  }
  .filters label {
    display: flex;
    flex-direction: column;
    gap: 2px;
    flex: 1 1 120px;
    min-width: 0;
  }
  .filters label.query {
    flex: 3 1 220px;
  }
  .filters input,
  .filters select {
    width: 100%;
  }
  .layout {
    display: flex;
    flex-wrap: wrap;
    gap: 12px;
    align-items: flex-start;
  }
  .list-pane {
    flex: 1 1 280px;
    min-width: 0;
  }
  .details-pane {
    flex: 1 1 320px;
    min-width: 0;
    position: sticky;
    top: 0;
  }
  .memory-item {
    display: flex;
    gap: 8px;
    align-items: flex-start;
  }
  .memory-item.open {
    border-color: var(--vscode-focusBorder);
  }
  .memory-item.wrong .memory-open {
    text-decoration: line-through;
    text-decoration-color: var(--vscode-errorForeground);
  }
  .item-body {
    min-width: 0;
    flex: 1;
  }
  .link-button {
    background: none;
    border: none;
    padding: 0;
    font: inherit;
    color: var(--vscode-textLink-foreground);
    text-align: left;
    cursor: pointer;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .link-button:hover {
    color: var(--vscode-textLink-activeForeground);
    text-decoration: underline;
  }
  .memory-open {
    color: var(--vscode-foreground);
    display: -webkit-box;
    -webkit-line-clamp: 3;
    -webkit-box-orient: vertical;
    overflow: hidden;
  }
  .memory-text {
    white-space: pre-wrap;
    line-height: 1.45;
  }
  .bulk-bar,
  .inline-form {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 4px 8px;
  }
  .inline-form {
    justify-content: flex-start;
  }
  .inline-form input {
    flex: 1 1 120px;
    min-width: 0;
  }
  .bulk-bar {
    position: sticky;
    top: 0;
    z-index: 1;
    background: var(--vscode-editor-background);
    border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-contrastBorder, transparent));
    padding: 4px 0;
  }
  .tag-list {
    display: flex;
    flex-wrap: wrap;
    gap: 4px;
  }
  .tag-chip {
    border: 1px solid var(--vscode-contrastBorder, var(--vscode-panel-border, transparent));
    border-radius: 8px;
    padding: 0 2px 0 6px;
  }
  .icon-button {
    background: none;
    border: none;
    color: var(--vscode-foreground);
    cursor: pointer;
    font: inherit;
    padding: 0 4px;
  }
  .ways li {
    margin: 8px 0;
  }
  textarea {
    width: 100%;
  }
  ol {
    padding-left: 18px;
  }
`;
