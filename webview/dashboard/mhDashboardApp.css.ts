import { css } from 'lit';

/** The dashboard's layout: tiles and charts that wrap at any width; colours only from the theme. */
export const dashboardAppStyles = css`
  .head {
    display: flex;
    flex-wrap: wrap;
    gap: 6px 12px;
    align-items: center;
    justify-content: space-between;
  }
  .tiles,
  .charts,
  .lists {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 180px), 1fr));
    gap: 10px;
    margin: 10px 0;
  }
  .charts,
  .lists {
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 280px), 1fr));
  }
  .tile {
    display: flex;
    flex-direction: column;
    gap: 2px;
    border: 1px solid var(--vscode-contrastBorder, var(--vscode-panel-border, var(--vscode-widget-border, transparent)));
    border-radius: 4px;
    padding: 8px;
  }
  .figure {
    font-size: 1.6em;
    font-weight: 600;
  }
  figure {
    margin: 0;
  }
  figcaption {
    font-weight: 600;
    margin-bottom: 6px;
  }
  table {
    border-collapse: collapse;
  }
  th,
  td {
    text-align: start;
    padding: 2px 8px 2px 0;
  }
  ol {
    padding-inline-start: 1.4em;
  }
  blockquote {
    margin: 4px 0;
    border-left: 2px solid var(--vscode-textBlockQuote-border, var(--vscode-focusBorder));
    padding-left: 8px;
  }
  .text {
    white-space: pre-wrap;
  }
  button.link {
    align-self: flex-start;
  }
`;
