import { css } from 'lit';

/** The reflections view's own layout; the shared look is in webview/shared/viewStyles.css.ts. */
export const reflectionsAppStyles = css`
  .dialogue-form {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
    align-items: center;
    margin: 8px 0;
  }
  .dialogue-form input {
    flex: 1 1 140px;
    min-width: 0;
  }
  fieldset {
    border: none;
    padding: 0;
    margin: 6px 0;
    display: flex;
    flex-wrap: wrap;
    gap: 4px 10px;
    align-items: center;
  }
  legend {
    padding: 0;
    color: var(--vscode-descriptionForeground);
  }
  #live-thoughts .draft {
    margin: 6px 0;
    border-left: 2px dashed var(--vscode-textBlockQuote-border, var(--vscode-focusBorder));
    padding-left: 6px;
  }
  .text {
    white-space: pre-wrap;
    line-height: 1.45;
  }
  .topic {
    font-style: italic;
  }
  .imaginative {
    color: var(--vscode-descriptionForeground);
    font-style: italic;
  }
  .thought.dream {
    border-style: dashed;
  }
  .cites li {
    margin: 2px 0;
  }
`;
