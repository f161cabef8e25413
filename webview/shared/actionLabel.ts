/**
 * A button's accessible name: the words it shows, then what it acts on ("Run now: Organizer").
 * Starting with the visible words lets a person using voice control say what they see (WCAG 2.5.3,
 * label in name); a trailing ellipsis ("Running…") is not spoken.
 */
export function actionLabel(shown: string, target: string): string {
  return `${shown.replace(/…$/, '')}: ${target}`;
}
