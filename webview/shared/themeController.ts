import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Re-renders its host when the person switches the colour theme. VS Code re-writes the theme's CSS
 * variables on `<html>` and the theme kind on `<body>`; CSS follows by itself, but what is painted by
 * script (a chart's canvas) must read the colours again.
 */
export class ThemeController implements ReactiveController {
  private observer: MutationObserver | undefined;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** `vscode-high-contrast` or `vscode-high-contrast-light` on the page. */
  get highContrast(): boolean {
    return (document.body.dataset['vscodeThemeKind'] ?? document.body.className).includes('high-contrast');
  }

  hostConnected(): void {
    this.observer = new MutationObserver(() => this.host.requestUpdate());
    this.observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
    this.observer.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind'] });
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
    this.observer = undefined;
  }
}
