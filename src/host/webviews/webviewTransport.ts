import type * as vscode from 'vscode';
import type { Transport } from '../../protocol/transport';

/** The messenger's transport over a VS Code webview (host side). */
export function webviewTransport(webview: vscode.Webview): Transport {
  return {
    send: (frame) => void webview.postMessage(frame),
    onReceive(listener) {
      const subscription = webview.onDidReceiveMessage((data: unknown) => listener(data));
      return () => {
        subscription.dispose();
      };
    },
  };
}
