import * as vscode from 'vscode';
import type { ChatViewState } from '../../protocol/chatViewProtocol';
import { EngineStatusRequest, type EngineStatus } from '../../protocol/engineProtocol';
import type { EngineHost, EngineState } from './engineHost';

/**
 * What the editor knows about the engine: its lifecycle state, its last status and the last error.
 * The status bar and the views render this; it changes on engine events, never by polling.
 */
export class EngineStatusModel implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  private state: EngineState = 'stopped';
  private status: EngineStatus | undefined;
  private error: string | undefined;

  constructor(
    readonly engine: EngineHost,
    private profilePath: string,
  ) {}

  /** Called by the engine host on every lifecycle change. */
  setEngineState(state: EngineState, detail?: string): void {
    this.state = state;
    if (state === 'crashed' || state === 'failed') this.error = detail ? `The engine stopped: ${detail}` : 'The engine stopped.';
    if (state === 'ready') this.error = undefined;
    if (state !== 'ready') this.status = undefined;
    this.emitter.fire();
  }

  setProfilePath(profilePath: string): void {
    this.profilePath = profilePath;
    this.status = undefined;
    this.emitter.fire();
  }

  /** Asks the engine (starting it if needed) and returns the new snapshot. */
  async refresh(): Promise<ChatViewState> {
    try {
      this.status = await this.engine.request(EngineStatusRequest, {});
      this.error = undefined;
    } catch (error) {
      this.status = undefined;
      this.error = error instanceof Error ? error.message : String(error);
    }
    this.emitter.fire();
    return this.snapshot();
  }

  snapshot(): ChatViewState {
    return {
      engine: this.state,
      profilePath: this.profilePath,
      ...(this.status ? { status: this.status } : {}),
      ...(this.error ? { error: this.error } : {}),
    };
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
