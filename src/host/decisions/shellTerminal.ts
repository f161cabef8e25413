import * as vscode from 'vscode';
import type { Messenger } from '../../protocol/messenger';
import { HostTerminalNotification, type TerminalFrame } from '../../protocol/terminalProtocol';
import { terminalText } from './shellTranscript';

export const SHELL_TERMINAL_NAME = 'MetaHuman: shell';

/**
 * The editor's view of the `shell` skill: each command the twin runs (after approval, or alone within
 * the policy) shows in one read-only "MetaHuman: shell" terminal with its output as it arrives. The
 * engine runs the command and captures its output for the audit; this only shows it. Closing the
 * terminal is fine: the next run opens a new one.
 */
export class ShellTerminal implements vscode.Disposable {
  private terminal: vscode.Terminal | undefined;
  private readonly writer = new vscode.EventEmitter<string>();
  private opened = false;
  private backlog: string[] = [];
  private readonly closed: vscode.Disposable;

  constructor() {
    this.closed = vscode.window.onDidCloseTerminal((t) => {
      if (t !== this.terminal) return;
      this.terminal = undefined;
      this.opened = false;
    });
  }

  attach(messenger: Messenger): void {
    messenger.onNotification(HostTerminalNotification, (frame) => this.show(frame));
  }

  private show(frame: TerminalFrame): void {
    if (frame.kind === 'start') this.ensureTerminal().show(true);
    const text = terminalText(frame);
    // Until VS Code opens the pseudoterminal, what it would print waits.
    if (this.opened) this.writer.fire(text);
    else this.backlog.push(text);
  }

  private ensureTerminal(): vscode.Terminal {
    if (this.terminal) return this.terminal;
    const pty: vscode.Pseudoterminal = {
      onDidWrite: this.writer.event,
      open: () => {
        this.opened = true;
        for (const text of this.backlog.splice(0)) this.writer.fire(text);
      },
      close: () => {
        this.opened = false;
      },
      // Read-only: the person's keys do not reach the twin's command.
      handleInput: () => undefined,
    };
    this.terminal = vscode.window.createTerminal({ name: SHELL_TERMINAL_NAME, pty, iconPath: new vscode.ThemeIcon('shield') });
    return this.terminal;
  }

  dispose(): void {
    this.closed.dispose();
    this.terminal?.dispose();
    this.writer.dispose();
  }
}
