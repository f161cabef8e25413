import { css } from 'lit';

/** The audit panel's own layout; the shared look is in webview/shared/viewStyles.css.ts. */
export const auditAppStyles = css`
  :host {
    max-width: 960px;
  }
  .audit-filters {
    display: flex;
    flex-direction: column;
    gap: 6px;
    margin: 8px 0;
  }
  .categories {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 8px;
    border: none;
    padding: 0;
    margin: 0;
  }
  .categories legend {
    padding: 0;
    margin-bottom: 4px;
  }
  .chip {
    border: 1px solid var(--vscode-contrastBorder, var(--vscode-widget-border, var(--vscode-panel-border, transparent)));
    border-radius: 10px;
    padding: 1px 8px;
    cursor: pointer;
  }
  .chip:focus-within {
    outline: 1px solid var(--vscode-focusBorder);
    outline-offset: 1px;
  }
  .held {
    position: sticky;
    top: 0;
    z-index: 1;
    padding: 4px 0;
    background: var(--vscode-editor-background);
  }
  .entry-head {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 4px 8px;
  }
  .entry-type {
    flex: 1 1 auto;
    min-width: 0;
  }
  .audit-entry.fresh {
    border-left: 3px solid var(--vscode-focusBorder);
  }
  .audit-entry.category-security .badge.category {
    background: var(--vscode-inputValidation-warningBackground, var(--vscode-badge-background));
    color: var(--vscode-foreground);
    border-color: var(--vscode-inputValidation-warningBorder, var(--vscode-contrastBorder, transparent));
  }
  .key-fields {
    display: flex;
    flex-wrap: wrap;
    gap: 2px 12px;
    margin: 4px 0;
  }
  .key-fields .field {
    display: flex;
    gap: 4px;
    min-width: 0;
  }
  .key-fields dt {
    color: var(--vscode-descriptionForeground);
  }
  .key-fields dt::after {
    content: ':';
  }
  .key-fields dd {
    margin: 0;
    min-width: 0;
  }
  .verify-title {
    font-weight: 600;
  }
  .verify-warnings {
    list-style: disc;
    padding-left: 18px;
  }
  .empty-state {
    margin: 12px 0;
  }
`;
