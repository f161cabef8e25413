import { css } from 'lit';

/** The tasks view's own layout; the shared look is in webview/shared/viewStyles.css.ts. */
export const tasksAppStyles = css`
  .add-row,
  .edit-grid {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 4px 8px;
    margin: 6px 0;
  }
  input[type='date'] {
    color-scheme: light dark;
  }
  input[type='date']:focus {
    outline: 1px solid var(--vscode-focusBorder);
    outline-offset: -1px;
  }
  .task-title {
    flex: 1 1 auto;
    min-width: 0;
  }
  .status-done .task-title,
  .status-cancelled .task-title {
    text-decoration: line-through;
    color: var(--vscode-descriptionForeground);
  }
  .badge.p0 {
    background: var(--vscode-inputValidation-errorBackground, var(--vscode-badge-background));
    color: var(--vscode-errorForeground, var(--vscode-badge-foreground));
    border-color: var(--vscode-inputValidation-errorBorder, var(--vscode-contrastBorder, transparent));
  }
  .badge.proposed {
    background: transparent;
    color: var(--vscode-foreground);
    border: 1px dashed var(--vscode-focusBorder);
  }
  .due-overdue {
    color: var(--vscode-errorForeground);
  }
  .due-today,
  .due-soon {
    color: var(--vscode-editorWarning-foreground);
  }
  .blockers ul,
  .confirm ul {
    list-style: disc;
    padding-left: 18px;
    margin: 2px 0;
  }
  .proposal-card {
    border-style: dashed;
  }
  .dep {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 4px;
    margin: 2px 0;
  }
`;
