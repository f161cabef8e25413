/** Minutes of editor idleness after which the boredom service may think, per `metahuman.agents.boredom` level. */
export const BOREDOM_IDLE_MINUTES: Readonly<Record<string, number | undefined>> = { high: 10, medium: 30, low: 90 };

/**
 * Decides, on each minute's check, whether the editors (every window) have been idle long enough
 * to wake the boredom service: once per idle stretch, when it reaches the level's threshold. The
 * boredom service still decides what to do (quiet hours, its daily cap); asking it every minute
 * would fill the run history with runs that did nothing.
 */
export class IdleTrigger {
  private firedFor: number | undefined;

  constructor(private readonly level: () => string) {}

  /** Whether this idle stretch has reached the level and has not woken the service yet. */
  due(lastActivity: Date | undefined, now: Date): boolean {
    const minutes = BOREDOM_IDLE_MINUTES[this.level()];
    if (!minutes || !lastActivity) return false;
    return now.getTime() - lastActivity.getTime() >= minutes * 60_000 && this.firedFor !== lastActivity.getTime();
  }

  /**
   * The service was woken for the stretch that began at `lastActivity`. Only a wake that happened
   * counts: a stretch met while the agents were paused still wakes them once they resume.
   */
  fired(lastActivity: Date): void {
    this.firedFor = lastActivity.getTime();
  }
}
