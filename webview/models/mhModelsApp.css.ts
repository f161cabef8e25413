import { css } from 'lit';

/** The models view's own layout; the shared look is in webview/shared/viewStyles.css.ts. */
export const modelsAppStyles = css`
  .facts-list {
    display: grid;
    grid-template-columns: minmax(0, max-content) minmax(0, 1fr);
    gap: 2px 8px;
    margin: 4px 0;
  }
  .facts-list dt {
    color: var(--vscode-descriptionForeground);
  }
  .facts-list dd {
    margin: 0;
    min-width: 0;
  }
  .role-head {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    justify-content: space-between;
    gap: 2px 8px;
  }
  .role-form {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
    align-items: center;
    margin-top: 6px;
  }
  .role-form select,
  .role-form input[type='text'] {
    flex: 1 1 120px;
    min-width: 0;
    width: auto;
  }
  #provider-models li {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: 0 8px;
    border-bottom: 1px solid var(--vscode-panel-border, transparent);
    padding: 2px 0;
  }
  .steps {
    padding-left: 1.4em;
    margin: 4px 0;
  }
  .steps li {
    margin: 2px 0;
  }
  .test-outcome .detail {
    white-space: pre-wrap;
  }
`;
