import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { launchBrowser, type Browser } from '../harness/browser';
import { startCodeServer, type CodeServer } from '../harness/codeServer';
import { repoRoot } from '../harness/vscodeTestEnv';
import { Workbench } from './workbench';

const { name, version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { name: string; version: string };
export const extensionVersion = version;
const vsix = join(repoRoot, `${name}-${version}.vsix`);

export interface SessionOptions {
  /** Names the scratch folder and the failure screenshot. */
  label: string;
  /** code-server user settings (a colour theme…). */
  settings?: Record<string, unknown>;
  /** Runs before the workbench opens, with `mh` on the scratch profile. */
  seed?: () => void;
}

/**
 * One real VS Code (code-server with the packaged .vsix) on a scratch profile and a copy of the sample
 * workspace, driven in headless Chromium: registers the suite's before/after hooks; `step` is `it`
 * remembering a failure, so `after` keeps a screenshot and the server log.
 */
export class WorkbenchSession {
  readonly scratch: string;
  readonly profile: string;
  readonly workspace: string;
  private server?: CodeServer;
  private browserHandle?: Browser;
  private bench?: Workbench;
  private failed = false;

  constructor(options: SessionOptions) {
    this.scratch = mkdtempSync(join(tmpdir(), `mh-e2e-${options.label}-`));
    this.profile = join(this.scratch, 'profile');
    this.workspace = join(this.scratch, 'sample-workspace');
    before(async () => {
      assert.ok(existsSync(vsix), `${vsix} is missing: run "npm run package" first`);
      cpSync(join(repoRoot, 'test', 'fixtures', 'sample-workspace'), this.workspace, { recursive: true });
      options.seed?.();
      this.server = await startCodeServer({ install: [vsix], workspace: this.workspace, env: { MH_PROFILE: this.profile }, ...(options.settings ? { settings: options.settings } : {}) });
      this.browserHandle = await launchBrowser();
      this.bench = new Workbench(this.browserHandle.page);
      await this.bench.open(this.server.workbenchUrl());
    });
    after(async () => {
      if (this.failed) await this.bench?.screenshot(`${options.label}-failure`).catch(() => undefined);
      await this.browserHandle?.close();
      this.server?.stop({ keepDir: this.failed });
      rmSync(this.scratch, { recursive: true, force: true });
    });
  }

  get workbench(): Workbench {
    assert.ok(this.bench, 'the workbench opens in before()');
    return this.bench;
  }

  get browser(): Browser {
    assert.ok(this.browserHandle, 'the browser starts in before()');
    return this.browserHandle;
  }

  /** `mh` on the same profile, as a script or a second terminal would run it. */
  mh(...args: string[]): string {
    return execFileSync(process.execPath, [join(repoRoot, 'dist', 'mh.js'), ...args], { env: { ...process.env, MH_PROFILE: this.profile }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }

  step(title: string, fn: () => Promise<void>): void {
    void it(title, async () => {
      try {
        await fn();
      } catch (error) {
        this.failed = true;
        throw error;
      }
    });
  }
}
