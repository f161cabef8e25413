import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { jsonForScriptTag } from './scriptJson';

export interface WebviewPage {
  /** Bundle name under dist/webview, e.g. `chat`. */
  bundle: string;
  /** Page title for screen readers. */
  title: string;
  /** Root custom element the bundle defines, e.g. `mh-chat-app`. */
  rootElement: string;
  /** State embedded in the page so the first paint needs no round trip. */
  initialState: unknown;
}

/** Only the bundle folder may be loaded by a webview. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview')] };
}

/**
 * The HTML shell of a webview: strict CSP (nothing but our nonce'd bundle; styles from the bundle's
 * constructable stylesheets), the initial state as inert JSON, and the root element.
 */
export function renderWebviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, page: WebviewPage): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', `${page.bundle}.js`));
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource} 'unsafe-inline'`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(page.title)}</title>
<script type="application/json" id="mh-initial-state">${jsonForScriptTag(page.initialState)}</script>
</head>
<body>
<${page.rootElement}></${page.rootElement}>
<script type="module" nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
