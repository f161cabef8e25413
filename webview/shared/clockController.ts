import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * "Now" for relative times ("in 3 minutes"): re-read every `everyMs` while the view is visible and
 * stopped while it is hidden. It only re-renders; it never asks the host for anything.
 */
export class ClockController implements ReactiveController {
  now = new Date();
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly onVisibility = () => this.sync();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly everyMs = 30_000,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.onVisibility);
    this.sync();
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.onVisibility);
    this.stop();
  }

  /** Takes the time now (a host push just arrived) without waiting for the next tick. */
  tick(): void {
    this.now = new Date();
    this.host.requestUpdate();
  }

  private sync(): void {
    this.stop();
    if (document.visibilityState === 'hidden') return;
    this.tick();
    this.timer = setInterval(() => this.tick(), this.everyMs);
  }

  private stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
