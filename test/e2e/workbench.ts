import type { Frame, FrameLocator, Locator, Page } from 'playwright-core';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../harness/vscodeTestEnv';

export const resultsDir = join(repoRoot, 'test-results');

/**
 * Runs in a webview page (see `Workbench.overflowing`). A string, not a function: tsx would wrap its
 * inner functions in a `__name` helper the page does not have.
 */
const overflowScript = `(() => {
  const width = document.documentElement.clientWidth;
  const found = [];
  if (document.documentElement.scrollWidth > width + 1) found.push('the page scrolls sideways (' + document.documentElement.scrollWidth + ' px in ' + width + ' px)');
  const parentOf = (el) => el.parentElement || el.getRootNode().host || null;
  const contained = (el) => {
    for (let at = parentOf(el); at; at = parentOf(at)) {
      if (at === document.documentElement || at === document.body) return false;
      if (getComputedStyle(at).overflowX !== 'visible') return true;
    }
    return false;
  };
  const walk = (root) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.shadowRoot) walk(el.shadowRoot);
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.right <= width + 1 || contained(el)) continue;
      const classes = typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
      found.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + classes + ' "' + (el.textContent || '').trim().slice(0, 40) + '" ends at ' + Math.round(box.right) + ' px');
    }
  };
  walk(document);
  return found;
})()`;

/** Runs in a webview page: the element chain holding the keyboard focus, through shadow roots, each as `tag.class "name"`. */
const focusScript = `(() => {
  const chain = [];
  for (let at = document.activeElement; at; at = at.shadowRoot ? at.shadowRoot.activeElement : null) {
    chain.push(at.tagName.toLowerCase() + (typeof at.className === 'string' && at.className.trim() ? '.' + at.className.trim().split(/\\s+/).join('.') : '') + ' "' + (at.getAttribute('aria-label') || '') + '"');
  }
  return chain.join(' > ');
})()`;

/** Runs in a webview page: whether the element holding the keyboard focus (at any shadow depth) is, or is inside, one matching `selector`. */
const focusMatchesScript = (selector: string): string => `(() => {
  for (let at = document.activeElement; at; at = at.shadowRoot ? at.shadowRoot.activeElement : null) {
    if (at.closest(${JSON.stringify(selector)})) return true;
  }
  return false;
})()`;

const axeSource = readFileSync(join(repoRoot, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/** What a person sees and does in the VS Code workbench, in their words (a page object). */
export class Workbench {
  constructor(readonly page: Page) {}

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page.locator('.monaco-workbench .statusbar').waitFor({ timeout: 90_000 });
  }

  /**
   * Runs a command from the palette by its title ("MetaHuman: Show Status"). Contributed commands
   * reach the palette a few seconds after the workbench shows, and start-up views may steal focus,
   * so it retries, pressing Escape between tries (re-filling the same text does not re-filter).
   */
  async runCommand(title: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget input');
    await this.pick(async () => {
      if (!(await input.isVisible())) await this.page.keyboard.press('F1');
    }, `>${title}`, title, 25);
  }

  /** Opens a workspace file by name with Quick Open (Ctrl+P) and waits for its editor. */
  async openFile(name: string): Promise<void> {
    await this.pick(() => this.page.keyboard.press('Control+P'), name, name, 10);
    await this.page.locator(`.tabs-container .tab.active[aria-label^="${name}"]`).waitFor({ timeout: 15_000 });
    await this.page.locator('.editor-instance .monaco-editor textarea').first().focus();
  }

  /** Types `text` into the quick input `open` shows until a row holding `rowText` is listed, then takes it with Enter. */
  private async pick(open: () => Promise<void>, text: string, rowText: string, attempts: number): Promise<void> {
    const input = this.page.locator('.quick-input-widget input');
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: rowText }).first();
    for (let attempt = 0; ; attempt++) {
      try {
        await open();
        await input.fill(text, { timeout: 1000 });
        await row.waitFor({ timeout: 2000 });
        break;
      } catch (error) {
        if (attempt > attempts) throw error;
        await this.page.keyboard.press('Escape');
      }
    }
    await this.page.keyboard.press('Enter');
  }

  /** A notification toast holding `text`. */
  notification(text: string | RegExp): Locator {
    return this.page.locator('.notifications-toasts .notification-toast', { hasText: text });
  }

  /** Clicks an activity-bar entry by its accessible name. */
  async openActivity(name: string): Promise<void> {
    await this.page.locator(`.activitybar [aria-label^="${name}"]`).first().click({ timeout: 30_000 });
  }

  /** The content of the visible webview view: a webview is two nested iframes. */
  webview(): FrameLocator {
    return this.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  }

  /**
   * The webview whose page holds `rootElement` (`mh-approvals-app`): with several views open, several
   * webviews are visible at once. Waits for it to load.
   */
  async webviewWith(rootElement: string, timeoutMs = 30_000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (const frame of this.page.frames()) {
        if (frame.isDetached()) continue;
        if ((await frame.locator(rootElement).count().catch(() => 0)) > 0) return frame;
      }
      if (Date.now() > deadline) throw new Error(`No webview shows <${rootElement}> after ${timeoutMs} ms; side bar: ${await this.sideBarSections()}.`);
      await this.page.waitForTimeout(250);
    }
  }

  /** Clicks a button of a notification toast ("Approve", "Reject", "Details"). */
  async clickNotificationButton(toast: Locator, label: string): Promise<void> {
    await toast.hover();
    await toast.locator('.monaco-button', { hasText: label }).first().click();
  }

  /**
   * Picks a color theme by its label ("Light Modern") in "Preferences: Color Theme", as a person would,
   * and waits until the workbench wears it. Rows are clicked by their exact label: pressing Enter would
   * take the first row, which may be "Preferences: Browse Color Themes in Marketplace".
   */
  async setColorTheme(label: string, kind: 'vs' | 'vs-dark' | 'hc-black' | 'hc-light'): Promise<void> {
    const input = this.page.locator('.quick-input-widget input');
    const row = (text: string) =>
      this.page.locator('.quick-input-list .monaco-list-row').filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^${text}$`) }) }).first();
    if (!(await input.isVisible())) await this.page.keyboard.press('F1');
    await input.fill('>Preferences: Color Theme');
    await row('Preferences: Color Theme').click({ timeout: 15_000 });
    await input.fill(label);
    await row(label).click({ timeout: 15_000 });
    await this.page.locator(`.monaco-workbench.${kind}`).waitFor({ timeout: 15_000 });
  }

  /**
   * Expands one section of the side bar ("Tasks") and folds the others, giving it the room a person
   * reviewing it would. A folded webview section is disposed: find its frame after this.
   * The command that revealed the section may still be expanding it while this runs, so one pass of
   * clicks can undo it: it re-reads the headers until they settle in the wanted state.
   */
  async showOnlySection(title: string, timeoutMs = 20_000): Promise<void> {
    const headers = this.page.locator('.sidebar .pane-header');
    await headers.filter({ hasText: title }).first().waitFor({ timeout: 15_000 });
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      let settled = true;
      for (const header of await headers.all()) {
        const name = ((await header.locator('.title').first().textContent()) ?? '').trim();
        const expanded = (await header.getAttribute('aria-expanded')) === 'true';
        if ((name === title) !== expanded) {
          settled = false;
          await header.click();
        }
      }
      if (settled) return;
      if (Date.now() > deadline) throw new Error(`The side bar did not settle with only "${title}" expanded after ${timeoutMs} ms.`);
      await this.page.waitForTimeout(500);
    }
  }

  /**
   * Drags the sash at the side bar's edge until the side bar is `width` px wide, as a person would
   * narrow it, and returns the width it has.
   */
  async setSideBarWidth(width: number): Promise<number> {
    const sideBar = this.page.locator('.part.sidebar').first();
    for (let attempt = 0; attempt < 3; attempt++) {
      const box = await sideBar.boundingBox();
      if (!box) throw new Error('The side bar is not shown.');
      if (Math.abs(box.width - width) <= 2) return box.width;
      const y = box.y + box.height / 2;
      await this.page.mouse.move(box.x + box.width, y);
      await this.page.mouse.down();
      await this.page.mouse.move(box.x + width, y, { steps: 8 });
      await this.page.mouse.up();
      await this.page.waitForTimeout(300);
    }
    return (await sideBar.boundingBox())?.width ?? 0;
  }

  /**
   * What in a webview sticks out past its right edge, where a person would have to scroll sideways or
   * would lose it off the edge: each as `tag.class "text"`. Looks inside shadow roots; a part inside
   * a box that scrolls or clips on purpose counts only if the box itself sticks out.
   */
  async overflowing(frame: Frame): Promise<string[]> {
    return frame.evaluate<string[]>(overflowScript);
  }

  /**
   * What axe-core finds wrong in a webview against WCAG 2.1 level A (names and labels for screen
   * readers, keyboard access, valid ARIA), each as `rule: target`. Colour contrast is the theme's.
   * It is evaluated in the page over the devtools protocol, which the webview's CSP does not govern.
   */
  async accessibilityFaults(frame: Frame): Promise<string[]> {
    if (!(await frame.evaluate(() => 'axe' in window))) await frame.evaluate(axeSource);
    return frame.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
      const { violations } = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag21a'] } });
      return violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${JSON.stringify(n.target)}`));
    });
  }

  /** What has the keyboard focus in a webview, as the chain of elements through shadow roots. */
  async focusIn(frame: Frame): Promise<string> {
    return frame.evaluate<string>(focusScript);
  }

  /**
   * Whether the keyboard focus in a webview is on (or inside) what `selector` finds, looked up in the
   * shadow root that holds the focused element: tells two buttons with the same name apart by their card.
   */
  async focusMatches(frame: Frame, selector: string): Promise<boolean> {
    return frame.evaluate<boolean>(focusMatchesScript(selector));
  }

  /** The side bar's sections and whether each is expanded ("Tasks+ Agents-"), for failure messages. */
  async sideBarSections(): Promise<string> {
    const headers = await this.page.locator('.sidebar .pane-header').all();
    const states = await Promise.all(
      headers.map(async (header) => {
        const name = ((await header.locator('.title').first().textContent().catch(() => '')) ?? '').trim();
        return `${name}${(await header.getAttribute('aria-expanded').catch(() => null)) === 'true' ? '+' : '-'}`;
      }),
    );
    return states.join(' ') || 'hidden';
  }

  statusBarItem(name: string): Locator {
    return this.page.locator(`.statusbar-item[aria-label^="${name}"]`).first();
  }

  async screenshot(name: string): Promise<string> {
    mkdirSync(resultsDir, { recursive: true });
    const path = join(resultsDir, `${name}.png`);
    await this.page.screenshot({ path });
    return path;
  }
}
