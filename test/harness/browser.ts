import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** Debian's Chromium, headless: `npx playwright install` cannot download a browser here. */
export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'mh-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Built workbenches since about 1.139 ignore the development `payload` in the URL unless the embedded
 * configuration enables the smoke-test driver; code-server has no flag for it, so patch it on load.
 */
export async function enableDevelopmentPayload(page: Page): Promise<void> {
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      const meta = document.getElementById('vscode-workbench-web-configuration');
      if (!meta) return;
      const config = JSON.parse(meta.getAttribute('data-settings') ?? '{}') as { developmentOptions?: Record<string, unknown> };
      config.developmentOptions = { ...config.developmentOptions, enableSmokeTestDriver: true };
      meta.setAttribute('data-settings', JSON.stringify(config));
      observer.disconnect();
    }).observe(document, { childList: true, subtree: true });
  });
}

const offlineNoise = /open-vsx|vsda|Failed to load resource|marketplace|github\.com|ERR_NAME_NOT_RESOLVED|ERR_INTERNET_DISCONNECTED/;
/** Workbench start-up chatter that says nothing about MetaHuman. */
const workbenchChatter = /connection token|Creating a socket|reconnection-grace|builtin extensions cache|Service Worker|AccountPolicyGate|AgentHost|authentication provider|tryActivateProvider|getSessions/;

/**
 * Prints the extension host's console (forwarded to the page console by the workbench) and page errors,
 * minus the offline noise every run produces.
 */
export function forwardConsole(page: Page, print: (line: string) => void, options: { hostInfo: boolean }): void {
  page.on('console', (message) => {
    void (async () => {
      let args = await Promise.all(message.args().map((a) => a.jsonValue().catch(() => '')));
      const isHostLine = typeof args[0] === 'string' && /^%c\s*(INFO|WARN|ERR|DBUG|TRACE)/.test(args[0]);
      if (isHostLine) args = args.slice(2);
      else if (message.type() !== 'error') return;
      if (isHostLine && !options.hostInfo && message.type() !== 'error') return;
      const line = format(...args);
      if (!offlineNoise.test(line) && !workbenchChatter.test(line)) print(line);
    })();
  });
}
